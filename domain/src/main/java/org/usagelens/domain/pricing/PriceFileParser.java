package org.usagelens.domain.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads one price file (format in the package documentation) and rejects the first bad line with its file, line and
 * reason. Regexes are fine here: parsing happens once at start, never while pricing.
 */
final class PriceFileParser {

    static final List<String> REQUIRED_COLUMNS = List.of(
            "model", "provider", "provider_model", "unit", "usd_per_unit", "effective_from");
    static final List<String> OPTIONAL_COLUMNS = List.of("effective_to", "source");
    static final int MAX_DECIMALS = 12;
    /** A price of a million dollars or more for one unit is a typo. */
    static final BigDecimal PRICE_LIMIT = new BigDecimal("1000000");
    /** The longest model string a usage event may carry (the {@code model_used} column): longer ids never match. */
    static final int MAX_ID_LENGTH = 100;

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[0-9]*\\.?[0-9]*([eE][-+]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern CANONICAL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** A row and where it was read, kept until the catalog is built so that later checks can name the line. */
    record Located(PriceRow row, String source, int line) {
        Key key() {
            return new Key(row.provider(), row.providerModel().toLowerCase(Locale.ROOT), row.unit());
        }

        Endpoint endpoint() {
            return new Endpoint(row.provider(), row.providerModel().toLowerCase(Locale.ROOT));
        }
    }

    /** What one price may exist for at any moment; provider_model compared ignoring case. */
    record Key(String provider, String providerModel, PriceUnit unit) {
    }

    /** An endpoint: a provider's model id, compared ignoring case. */
    record Endpoint(String provider, String providerModel) {
    }

    private final String source;
    private final Predicate<String> knownProvider;

    private PriceFileParser(String source, Predicate<String> knownProvider) {
        this.source = source;
        this.knownProvider = knownProvider;
    }

    /**
     * @param knownProvider tells whether a provider id belongs to the detection catalog
     * @throws PriceFileException at the first bad line
     */
    static List<Located> parse(String source, Reader reader, Predicate<String> knownProvider) {
        PriceFileParser parser = new PriceFileParser(source, knownProvider);
        List<Located> rows = parser.read(reader);
        checkRanges(rows);
        checkModelsPerEndpoint(rows, rows);
        return rows;
    }

    private PriceFileException fail(int line, String reason) {
        return new PriceFileException(source, line, reason);
    }

    private List<Located> read(Reader reader) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<Located> rows = new ArrayList<>();
        Map<String, Integer> columns = null;
        int lineNo = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank() || line.charAt(0) == '#') {
                    continue;
                }
                List<String> fields;
                try {
                    fields = CsvLine.split(line);
                } catch (CsvLine.BadLine e) {
                    throw fail(lineNo, e.getMessage());
                }
                if (columns == null) {
                    columns = header(lineNo, fields);
                } else {
                    rows.add(new Located(row(lineNo, columns, fields), source, lineNo));
                }
            }
        } catch (IOException e) {
            throw new PriceFileException(source, lineNo, "cannot read price file: " + e, e);
        }
        if (columns == null) {
            throw fail(0, "no header line; the first line that is not a comment must name the columns: "
                    + String.join(",", REQUIRED_COLUMNS) + "[,effective_to][,source]");
        }
        return rows;
    }

    private Map<String, Integer> header(int lineNo, List<String> fields) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i);
            if (!REQUIRED_COLUMNS.contains(name) && !OPTIONAL_COLUMNS.contains(name)) {
                throw fail(lineNo, "unknown column '" + name + "' in the header; the columns are "
                        + String.join(", ", REQUIRED_COLUMNS) + " and optionally " + String.join(", ", OPTIONAL_COLUMNS));
            }
            if (columns.putIfAbsent(name, i) != null) {
                throw fail(lineNo, "column '" + name + "' appears twice in the header");
            }
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw fail(lineNo, "missing required column '" + required + "' in the header");
            }
        }
        return columns;
    }

    private PriceRow row(int lineNo, Map<String, Integer> columns, List<String> fields) {
        if (fields.size() != columns.size()) {
            throw fail(lineNo, "wrong number of fields: expected " + columns.size() + " as in the header, found "
                    + fields.size());
        }
        String model = fields.get(columns.get("model"));
        String provider = fields.get(columns.get("provider"));
        String providerModel = fields.get(columns.get("provider_model"));
        String unitName = fields.get(columns.get("unit"));
        String price = fields.get(columns.get("usd_per_unit"));
        String from = fields.get(columns.get("effective_from"));
        Integer toColumn = columns.get("effective_to");
        String to = toColumn == null ? "" : fields.get(toColumn);
        Integer sourceColumn = columns.get("source");
        String rowSource = sourceColumn == null ? "" : fields.get(sourceColumn);

        checkModel(lineNo, model);
        if (provider.isEmpty()) {
            throw fail(lineNo, "provider is empty");
        }
        if (!knownProvider.test(provider)) {
            throw fail(lineNo, "unknown provider '" + provider + "' (not a provider id of the detection catalog)");
        }
        checkProviderModel(lineNo, providerModel);
        Optional<PriceUnit> unit = PriceUnit.fromWireName(unitName);
        if (unit.isEmpty()) {
            throw fail(lineNo, "unknown unit '" + unitName + "'; the units are " + String.join(", ", PriceUnit.wireNames()));
        }
        BigDecimal usd = price(lineNo, price);
        LocalDate effectiveFrom = date(lineNo, "effective_from", from);
        LocalDate effectiveTo = to.isEmpty() ? null : date(lineNo, "effective_to", to);
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw fail(lineNo, "effective_to " + to + " is not after effective_from " + from
                    + " (effective_to is exclusive)");
        }
        return new PriceRow(model, provider, providerModel, unit.get(), usd, effectiveFrom, effectiveTo, rowSource,
                source + ":" + lineNo);
    }

    private void checkModel(int lineNo, String model) {
        if (model.isEmpty()) {
            throw fail(lineNo, "model is empty");
        }
        if (model.length() > MAX_ID_LENGTH || !CANONICAL_ID.matcher(model).matches()) {
            throw fail(lineNo, "model '" + model + "' is not a canonical model id (lower-case letters, digits, '.', '_' "
                    + "and '-', starting with a letter or digit, at most " + MAX_ID_LENGTH + " characters)");
        }
    }

    private void checkProviderModel(int lineNo, String providerModel) {
        if (providerModel.isEmpty()) {
            throw fail(lineNo, "provider_model is empty");
        }
        if (providerModel.length() > MAX_ID_LENGTH) {
            throw fail(lineNo, "provider_model has " + providerModel.length() + " characters, more than the "
                    + MAX_ID_LENGTH + " a usage event's model may have");
        }
        if (!providerModel.strip().equals(providerModel)) {
            throw fail(lineNo, "provider_model '" + providerModel + "' starts or ends with white space");
        }
        for (int i = 0; i < providerModel.length(); i++) {
            if (Character.isISOControl(providerModel.charAt(i))) {
                throw fail(lineNo, "provider_model contains a control character");
            }
        }
    }

    private BigDecimal price(int lineNo, String text) {
        if (text.isEmpty()) {
            throw fail(lineNo, "usd_per_unit is empty");
        }
        if (!DECIMAL.matcher(text).matches()) {
            if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
                throw fail(lineNo, "usd_per_unit " + text + " is negative");
            }
            if (NUMBER_LIKE.matcher(text).matches() && text.chars().anyMatch(Character::isDigit)) {
                throw fail(lineNo, "usd_per_unit '" + text + "' is not a plain decimal: write digits with an "
                        + "optional '.', no sign and no exponent, e.g. 0.0000025");
            }
            throw fail(lineNo, "usd_per_unit '" + text + "' is not a number");
        }
        BigDecimal value = Money.normalise(new BigDecimal(text));
        if (value.scale() > MAX_DECIMALS) {
            throw fail(lineNo, "usd_per_unit " + text + " has " + value.scale() + " decimal places, more than "
                    + MAX_DECIMALS);
        }
        if (value.compareTo(PRICE_LIMIT) >= 0) {
            throw fail(lineNo, "usd_per_unit " + text + " is not below " + PRICE_LIMIT.toPlainString()
                    + " (the price of ONE unit)");
        }
        return value;
    }

    private LocalDate date(int lineNo, String column, String text) {
        if (text.isEmpty()) {
            throw fail(lineNo, column + " is empty");
        }
        if (DATE.matcher(text).matches()) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        throw fail(lineNo, column + " '" + text + "' is not a valid date YYYY-MM-DD");
    }

    /**
     * One price per key at any moment: rows of the same (provider, provider_model, unit) must not overlap; two with
     * the same range are duplicates. Reports the problem found on the earliest line.
     */
    private static void checkRanges(List<Located> rows) {
        Map<Key, List<Located>> byKey = new HashMap<>();
        for (Located r : rows) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        PriceFileException first = null;
        for (List<Located> sameKey : byKey.values()) {
            sameKey.sort(Comparator.comparing((Located r) -> r.row().effectiveFrom()).thenComparingInt(Located::line));
            for (int i = 1; i < sameKey.size(); i++) {
                Located a = sameKey.get(i - 1);
                Located b = sameKey.get(i);
                if (b.row().fromSecond() >= a.row().toSecond()) {
                    continue;
                }
                Located later = a.line() > b.line() ? a : b;
                Located earlier = later == a ? b : a;
                boolean sameRange = a.row().effectiveFrom().equals(b.row().effectiveFrom())
                        && Objects.equals(a.row().effectiveTo(), b.row().effectiveTo());
                String what = describe(later.row());
                String reason = sameRange
                        ? "duplicate row: line " + earlier.line() + " already prices " + what + " for "
                                + range(later.row())
                        : "effective range " + range(later.row()) + " overlaps " + range(earlier.row()) + " on line "
                                + earlier.line() + " for " + what + " (one price per provider, provider_model and "
                                + "unit at a time)";
                PriceFileException e = new PriceFileException(later.source(), later.line(), reason);
                if (first == null || e.line() < first.line()) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The rows of one endpoint in force at the same time must name the same canonical model, so that "the canonical
     * model of a (provider, provider_model) at an instant" has one answer. Checks every row of {@code checked}
     * against every row of {@code all}; reports on the later line of {@code checked}.
     */
    static void checkModelsPerEndpoint(List<Located> checked, List<Located> all) {
        Map<Endpoint, List<Located>> byEndpoint = new HashMap<>();
        for (Located r : all) {
            byEndpoint.computeIfAbsent(r.endpoint(), k -> new ArrayList<>()).add(r);
        }
        PriceFileException first = null;
        for (Located r : checked) {
            for (Located other : byEndpoint.get(r.endpoint())) {
                if (other == r || other.row().model().equals(r.row().model())) {
                    continue;
                }
                boolean overlap = r.row().fromSecond() < other.row().toSecond()
                        && other.row().fromSecond() < r.row().toSecond();
                boolean sameFile = other.source().equals(r.source());
                if (!overlap || (sameFile && other.line() > r.line())) {
                    continue; // in one file the later line of the pair reports it
                }
                String where = sameFile ? "line " + other.line() : other.source() + ":" + other.line();
                PriceFileException e = new PriceFileException(r.source(), r.line(), "model '" + r.row().model()
                        + "' differs from model '" + other.row().model() + "' of " + where + " for "
                        + r.row().provider() + " '" + r.row().providerModel() + "' in an overlapping period; all "
                        + "units of a provider_model in force at the same time must name the same model");
                if (first == null || e.line() < first.line()) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static String describe(PriceRow row) {
        return row.provider() + " '" + row.providerModel() + "' " + row.unit().wireName();
    }

    static String range(PriceRow row) {
        return "[" + row.effectiveFrom() + ", " + (row.effectiveTo() == null ? "open" : row.effectiveTo().toString())
                + ")";
    }
}
