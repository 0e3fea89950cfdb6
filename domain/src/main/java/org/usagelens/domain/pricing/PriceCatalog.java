package org.usagelens.domain.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.pricing.PriceFileParser.Key;
import org.usagelens.domain.pricing.PriceFileParser.Located;

/**
 * The effective price catalog: the built-in price file from the jar, optionally overlaid by a deployment price file.
 * Immutable and thread-safe; lookups do hash look-ups and a binary search, no regex and no parsing. The file format,
 * the override rule and the model matching are described in the package documentation.
 */
public final class PriceCatalog {

    static final String BUILT_IN_RESOURCE = "builtin-prices.csv";
    /** The built-in file's name in error messages and in {@link PriceRow#origin()}. */
    public static final String BUILT_IN_SOURCE = "org/usagelens/domain/pricing/" + BUILT_IN_RESOURCE;

    private static final Comparator<Located> ROW_ORDER = Comparator
            .comparing((Located r) -> r.row().provider())
            .thenComparing(r -> r.row().providerModel().toLowerCase(Locale.ROOT))
            .thenComparing(r -> r.row().unit())
            .thenComparing(r -> r.row().effectiveFrom());

    private final List<Located> located;
    private final List<PriceRow> rows;
    private final String priceVersion;
    private final Map<String, ProviderIndex> providers;
    private final Map<String, List<EndpointIndex>> endpointsByModel;
    private final Map<String, List<PriceRow>> rowsByModel;

    private PriceCatalog(List<Located> unsorted) {
        List<Located> sorted = new ArrayList<>(unsorted);
        sorted.sort(ROW_ORDER);
        this.located = List.copyOf(sorted);
        List<PriceRow> all = new ArrayList<>(sorted.size());
        for (Located r : sorted) {
            all.add(r.row());
        }
        this.rows = List.copyOf(all);
        this.priceVersion = version(rows);

        Map<String, ProviderIndex> byProvider = new HashMap<>();
        Map<String, List<EndpointIndex>> byModel = new HashMap<>();
        Map<String, List<PriceRow>> modelRows = new HashMap<>();
        // rows are sorted by provider, provider_model, unit, effective_from: consecutive runs form endpoints
        int i = 0;
        while (i < rows.size()) {
            PriceRow first = rows.get(i);
            String lowerModel = first.providerModel().toLowerCase(Locale.ROOT);
            int j = i;
            List<PriceRow> endpointRows = new ArrayList<>();
            while (j < rows.size() && rows.get(j).provider().equals(first.provider())
                    && rows.get(j).providerModel().toLowerCase(Locale.ROOT).equals(lowerModel)) {
                endpointRows.add(rows.get(j));
                j++;
            }
            EndpointIndex endpoint = new EndpointIndex(first.provider(), first.providerModel(), endpointRows);
            ProviderIndex provider = byProvider.computeIfAbsent(first.provider(), p -> new ProviderIndex());
            provider.byModel.put(lowerModel, endpoint);
            for (String canonical : endpoint.models) {
                provider.byCanonical.computeIfAbsent(canonical, m -> new ArrayList<>()).add(endpoint);
                byModel.computeIfAbsent(canonical, m -> new ArrayList<>()).add(endpoint);
            }
            for (PriceRow r : endpointRows) {
                modelRows.computeIfAbsent(r.model(), m -> new ArrayList<>()).add(r);
            }
            i = j;
        }
        byModel.replaceAll((m, list) -> List.copyOf(list));
        modelRows.replaceAll((m, list) -> List.copyOf(list));
        this.providers = Map.copyOf(byProvider);
        this.endpointsByModel = Map.copyOf(byModel);
        this.rowsByModel = Map.copyOf(modelRows);
    }

    // ------------------------------------------------------------------------------------------------- loading

    /** Loaded once per class loader: the built-in catalog never changes while the JVM runs. */
    private static final class BuiltIn {
        static final PriceCatalog INSTANCE = new PriceCatalog(loadBuiltIn());
    }

    private static List<Located> loadBuiltIn() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in price file missing from the jar: " + BUILT_IN_SOURCE);
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
            ProviderDetector detector = ProviderDetector.builtIn();
            return PriceFileParser.parse(BUILT_IN_SOURCE, reader, id -> detector.provider(id).isPresent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in price file " + BUILT_IN_SOURCE, e);
        }
    }

    /**
     * The built-in catalog from the price file in the jar; its providers are checked against the built-in detection
     * catalog.
     *
     * @throws PriceFileException if the built-in file is bad (a build error: the tests load it)
     */
    public static PriceCatalog builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * The built-in catalog overlaid by a deployment price file whose providers must be ids of the built-in detection
     * catalog.
     *
     * @throws PriceFileException naming the file and line when the file cannot be read or has a bad line
     */
    public static PriceCatalog withDeploymentFile(Path priceFile) {
        ProviderDetector detector = ProviderDetector.builtIn();
        return withDeploymentFile(priceFile, id -> detector.provider(id).isPresent());
    }

    /**
     * The built-in catalog overlaid by a deployment price file whose providers must be ids of {@code detector}'s
     * catalog (which may add providers through a deployment rule file).
     *
     * @throws PriceFileException naming the file and line when the file cannot be read or has a bad line
     */
    public static PriceCatalog withDeploymentFile(Path priceFile, ProviderDetector detector) {
        Objects.requireNonNull(detector, "detector");
        return withDeploymentFile(priceFile, id -> detector.provider(id).isPresent());
    }

    /**
     * The built-in catalog overlaid by a deployment price file; {@code knownProvider} tells which provider ids exist.
     *
     * @throws PriceFileException naming the file and line when the file cannot be read or has a bad line
     */
    public static PriceCatalog withDeploymentFile(Path priceFile, Predicate<String> knownProvider) {
        Objects.requireNonNull(priceFile, "priceFile");
        String source = priceFile.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(priceFile);
        } catch (IOException e) {
            throw new PriceFileException(source, 0, "cannot read price file: " + e, e);
        }
        checkUtf8(source, bytes);
        return withDeployment(source, new StringReader(new String(bytes, StandardCharsets.UTF_8)), knownProvider);
    }

    /**
     * Same as {@link #withDeploymentFile(Path, Predicate)}, reading the CSV from {@code csv}; {@code sourceName} names
     * it in error messages and in {@link PriceRow#origin()}.
     *
     * @throws PriceFileException naming the source and line when the text cannot be read or has a bad line
     */
    public static PriceCatalog withDeployment(String sourceName, Reader csv, Predicate<String> knownProvider) {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(knownProvider, "knownProvider");
        List<Located> deployment = PriceFileParser.parse(sourceName, csv, knownProvider);
        List<Located> merged = overlay(builtIn().located, deployment);
        PriceFileParser.checkModelsPerEndpoint(deployment, merged);
        return new PriceCatalog(merged);
    }

    /** A catalog of one price file alone, without the built-in rows (for tests and tools). */
    static PriceCatalog standalone(String sourceName, Reader csv, Predicate<String> knownProvider) {
        return new PriceCatalog(PriceFileParser.parse(sourceName, csv, knownProvider));
    }

    /** Decodes line by line so that a bad byte is reported on its own line. */
    private static void checkUtf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    throw new PriceFileException(source, line, "not valid UTF-8", e);
                }
                line++;
                start = i + 1;
            }
        }
    }

    /**
     * Deployment rows win for their range: each base row of a key the deployment prices keeps only the parts of its
     * range that no deployment row of that key covers (zero, one or more pieces); keys the deployment does not
     * mention are untouched; deployment rows are added as they are.
     */
    static List<Located> overlay(List<Located> base, List<Located> deployment) {
        Map<Key, List<Located>> byKey = new HashMap<>();
        for (Located d : deployment) {
            byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
        }
        for (List<Located> ranges : byKey.values()) {
            ranges.sort(Comparator.comparing(r -> r.row().effectiveFrom()));
        }
        List<Located> merged = new ArrayList<>(base.size() + deployment.size());
        for (Located b : base) {
            List<Located> covering = byKey.get(b.key());
            if (covering == null) {
                merged.add(b);
                continue;
            }
            long from = epochDay(b.row().effectiveFrom());
            long to = epochDay(b.row().effectiveTo());
            for (Located d : covering) {
                long dFrom = epochDay(d.row().effectiveFrom());
                long dTo = epochDay(d.row().effectiveTo());
                if (dTo <= from || dFrom >= to) {
                    continue;
                }
                if (dFrom > from) {
                    merged.add(piece(b, from, dFrom));
                }
                from = Math.max(from, dTo);
                if (from >= to) {
                    break;
                }
            }
            if (from < to) {
                merged.add(piece(b, from, to));
            }
        }
        merged.addAll(deployment);
        return merged;
    }

    private static Located piece(Located b, long from, long to) {
        LocalDate pieceFrom = LocalDate.ofEpochDay(from);
        LocalDate pieceTo = to == Long.MAX_VALUE ? null : LocalDate.ofEpochDay(to);
        if (pieceFrom.equals(b.row().effectiveFrom()) && Objects.equals(pieceTo, b.row().effectiveTo())) {
            return b;
        }
        return new Located(b.row().withRange(pieceFrom, pieceTo), b.source(), b.line());
    }

    private static long epochDay(LocalDate date) {
        return date == null ? Long.MAX_VALUE : date.toEpochDay();
    }

    /**
     * {@code p} and the first 12 hex digits of the SHA-256 of the effective rows (canonical model, provider,
     * provider_model, unit, price without trailing zeros, range; sorted). Comments, column order, spacing, sources
     * and which file a row came from do not count: equal prices give equal versions.
     */
    private static String version(List<PriceRow> rows) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        StringBuilder line = new StringBuilder(160);
        for (PriceRow r : rows) {
            line.setLength(0);
            line.append(r.provider()).append('\t').append(r.providerModel()).append('\t').append(r.unit().wireName())
                    .append('\t').append(r.usdPerUnit().toPlainString()).append('\t').append(r.effectiveFrom())
                    .append('\t').append(r.effectiveTo() == null ? "" : r.effectiveTo().toString()).append('\t')
                    .append(r.model()).append('\n');
            sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return "p" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    // ------------------------------------------------------------------------------------------------- queries

    /**
     * A short stable identifier of the effective catalog content, {@code p<12 hex digits>} (13 characters), to be
     * stored with every priced (and unpriced) call: a row whose version differs from the current one was judged
     * against another catalog.
     */
    public String priceVersion() {
        return priceVersion;
    }

    /** Every effective row, sorted by provider, provider_model (ignoring case), unit and effective_from. */
    public List<PriceRow> rows() {
        return rows;
    }

    /**
     * The price in force at {@code at} for one unit of a call to {@code provider} logged with {@code model}, matched
     * as {@link ModelMatch} describes; empty when there is none (or the model is ambiguous). Never throws for
     * unknown or null text.
     */
    public Optional<PriceRow> lookup(String provider, String model, PriceUnit unit, Instant at) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(at, "at");
        Resolution r = resolve(provider, model, at);
        return r.status() == Status.MATCHED ? Optional.ofNullable(r.rows()[unit.ordinal()]) : Optional.empty();
    }

    /**
     * Every row in force at {@code at} that prices a call to {@code provider} logged with {@code model} (matched as
     * {@link ModelMatch} describes), by unit: the units the pricer needs and the prices it applies. Empty when there is
     * none (or the model is ambiguous). Never throws for unknown or null text.
     */
    public Map<PriceUnit, PriceRow> rowsInForce(String provider, String model, Instant at) {
        Objects.requireNonNull(at, "at");
        Resolution r = resolve(provider, model, at);
        if (r.status() != Status.MATCHED) {
            return Map.of();
        }
        Map<PriceUnit, PriceRow> byUnit = new EnumMap<>(PriceUnit.class);
        for (PriceRow row : r.rows()) {
            if (row != null) {
                byUnit.put(row.unit(), row);
            }
        }
        return java.util.Collections.unmodifiableMap(byUnit);
    }

    /** The canonical model that {@code model} on {@code provider} stands for at {@code at}, or empty. */
    public Optional<String> canonicalModel(String provider, String model, Instant at) {
        Objects.requireNonNull(at, "at");
        Resolution r = resolve(provider, model, at);
        if (r.status() != Status.MATCHED) {
            return Optional.empty();
        }
        for (PriceRow row : r.rows()) {
            if (row != null) {
                return Optional.of(row.model());
            }
        }
        return Optional.empty();
    }

    /** Every row, of any provider and any date, that prices the canonical model (exact id), in {@link #rows()} order. */
    public List<PriceRow> rowsOfModel(String canonicalModel) {
        return canonicalModel == null ? List.of() : rowsByModel.getOrDefault(canonicalModel, List.of());
    }

    /**
     * The rows in force at {@code at} that price the canonical model in {@code unit}, one per provider endpoint,
     * sorted by provider and provider_model.
     */
    public List<PriceRow> rowsForModel(String canonicalModel, PriceUnit unit, Instant at) {
        Objects.requireNonNull(unit, "unit");
        long second = at.getEpochSecond();
        List<PriceRow> found = new ArrayList<>();
        for (EndpointIndex e : endpointsByModel.getOrDefault(canonicalModel == null ? "" : canonicalModel, List.of())) {
            PriceRow row = e.at(unit, second);
            if (row != null && row.model().equals(canonicalModel)) {
                found.add(row);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The provider endpoints that price the canonical model in every one of {@code units} at {@code at} (with those
     * rows), sorted by provider and provider_model: the providers that could have served the same call, priced in the
     * same units. With no units, every endpoint pricing the model at that instant, with all its rows.
     */
    public List<Alternative> alternatives(String canonicalModel, Set<PriceUnit> units, Instant at) {
        Objects.requireNonNull(units, "units");
        long second = at.getEpochSecond();
        List<Alternative> found = new ArrayList<>();
        for (EndpointIndex e : endpointsByModel.getOrDefault(canonicalModel == null ? "" : canonicalModel, List.of())) {
            PriceRow[] inForce = e.rowsAt(second);
            if (!canonicalModel.equals(modelOf(inForce))) {
                continue;
            }
            Map<PriceUnit, PriceRow> rowsByUnit = new EnumMap<>(PriceUnit.class);
            boolean all = true;
            Collection<PriceUnit> wanted = units.isEmpty() ? List.of(PriceUnit.values()) : units;
            for (PriceUnit unit : wanted) {
                PriceRow row = inForce[unit.ordinal()];
                if (row != null) {
                    rowsByUnit.put(unit, row);
                } else if (!units.isEmpty()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                found.add(new Alternative(e.provider, e.providerModel, rowsByUnit));
            }
        }
        return List.copyOf(found);
    }

    // ------------------------------------------------------------------------------------------------- matching

    enum Status { MATCHED, NO_ENDPOINT, NOT_IN_FORCE, AMBIGUOUS }

    /**
     * How a (provider, model) resolved at an instant: when MATCHED, {@code rows[unit.ordinal()]} is the row in force
     * for each unit (null where none).
     */
    record Resolution(Status status, ModelMatch match, PriceRow[] rows, String endpoint) {
        static final Resolution NO_ENDPOINT = new Resolution(Status.NO_ENDPOINT, null, null, null);
    }

    Resolution resolve(String provider, String model, Instant at) {
        if (provider == null || model == null) {
            return Resolution.NO_ENDPOINT;
        }
        ProviderIndex index = providers.get(provider);
        if (index == null) {
            return Resolution.NO_ENDPOINT;
        }
        long second = at.getEpochSecond();
        String m = model.strip();
        ModelMatch how = ModelMatch.PROVIDER_MODEL;
        EndpointIndex endpoint = index.find(m);
        if (endpoint == null && m.length() > provider.length() + 1 && m.startsWith(provider)
                && m.charAt(provider.length()) == '/') {
            endpoint = index.find(m.substring(provider.length() + 1));
            how = ModelMatch.PROVIDER_PREFIX;
        }
        if (endpoint != null) {
            PriceRow[] inForce = endpoint.rowsAt(second);
            return modelOf(inForce) == null
                    ? new Resolution(Status.NOT_IN_FORCE, how, null, endpoint.providerModel)
                    : new Resolution(Status.MATCHED, how, inForce, endpoint.providerModel);
        }
        String canonical = m.toLowerCase(Locale.ROOT);
        List<EndpointIndex> candidates = index.byCanonical.get(canonical);
        if (candidates == null) {
            return Resolution.NO_ENDPOINT;
        }
        PriceRow[] agreed = null;
        String names = null;
        for (EndpointIndex e : candidates) {
            PriceRow[] inForce = e.rowsAt(second);
            if (!canonical.equals(modelOf(inForce))) {
                continue;
            }
            if (agreed == null) {
                agreed = inForce;
                names = e.providerModel;
                continue;
            }
            names = names + ", " + e.providerModel;
            for (int u = 0; u < inForce.length; u++) {
                PriceRow a = agreed[u];
                PriceRow b = inForce[u];
                if ((a == null) != (b == null) || (a != null && a.usdPerUnit().compareTo(b.usdPerUnit()) != 0)) {
                    return new Resolution(Status.AMBIGUOUS, ModelMatch.CANONICAL_MODEL, null, names);
                }
            }
        }
        return agreed == null
                ? new Resolution(Status.NOT_IN_FORCE, ModelMatch.CANONICAL_MODEL, null, canonical)
                : new Resolution(Status.MATCHED, ModelMatch.CANONICAL_MODEL, agreed, names);
    }

    /** The canonical model of the rows in force (they agree, as the parser checks), or null when none is. */
    private static String modelOf(PriceRow[] inForce) {
        for (PriceRow row : inForce) {
            if (row != null) {
                return row.model();
            }
        }
        return null;
    }

    /** One provider's endpoints by lower-cased provider_model, and by the canonical models their rows name. */
    private static final class ProviderIndex {
        final Map<String, EndpointIndex> byModel = new HashMap<>();
        final Map<String, List<EndpointIndex>> byCanonical = new HashMap<>();

        /** No allocation when the string is already lower-case (then {@code toLowerCase} returns it). */
        EndpointIndex find(String model) {
            EndpointIndex e = byModel.get(model);
            if (e == null) {
                String lower = model.toLowerCase(Locale.ROOT);
                if (lower != model) {
                    e = byModel.get(lower);
                }
            }
            return e;
        }
    }

    /** One (provider, provider_model): a timeline per unit. */
    private static final class EndpointIndex {
        final String provider;
        final String providerModel;
        final Timeline[] units = new Timeline[PriceUnit.count()];
        final Set<String> models;

        EndpointIndex(String provider, String providerModel, List<PriceRow> sortedRows) {
            this.provider = provider;
            this.providerModel = providerModel;
            Map<PriceUnit, List<PriceRow>> byUnit = new EnumMap<>(PriceUnit.class);
            Map<String, Boolean> names = new LinkedHashMap<>();
            for (PriceRow r : sortedRows) {
                byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>()).add(r);
                names.put(r.model(), Boolean.TRUE);
            }
            byUnit.forEach((unit, list) -> units[unit.ordinal()] = new Timeline(list));
            this.models = Set.copyOf(names.keySet());
        }

        PriceRow at(PriceUnit unit, long second) {
            Timeline t = units[unit.ordinal()];
            return t == null ? null : t.at(second);
        }

        PriceRow[] rowsAt(long second) {
            PriceRow[] inForce = new PriceRow[units.length];
            for (int u = 0; u < units.length; u++) {
                Timeline t = units[u];
                if (t != null) {
                    inForce[u] = t.at(second);
                }
            }
            return inForce;
        }
    }
}
