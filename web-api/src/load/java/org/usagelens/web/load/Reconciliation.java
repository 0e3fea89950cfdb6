package org.usagelens.web.load;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.pricing.CallToPrice;
import org.usagelens.domain.pricing.PriceResult;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.pricing.Units;
import org.usagelens.persistence.DatabaseUrl;

/**
 * Compares what the clients were acknowledged with what the table holds, client by client (over all of a client's
 * users): the same ids, each once, the same count and the same cost sum. {@link #checkProvenance} also checks every
 * row's cost provenance against the price catalog.
 */
final class Reconciliation {
    private Reconciliation() {
    }

    record Outcome(long acknowledged, long stored, BigDecimal acknowledgedCost, BigDecimal storedCost,
                   List<String> problems) {
        boolean exact() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return "acknowledged " + acknowledged + " events (cost " + acknowledgedCost.toPlainString() + "), stored "
                    + stored + " (cost " + storedCost.toPlainString() + ")"
                    + (problems.isEmpty() ? ": exact" : ": " + problems);
        }
    }

    static Outcome check(DatabaseUrl database, Ingestor ingestor) throws SQLException {
        long acknowledged = 0;
        long stored = 0;
        BigDecimal acknowledgedCost = BigDecimal.ZERO;
        BigDecimal storedCost = BigDecimal.ZERO;
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            c.setAutoCommit(false); // lets the driver stream with a fetch size
            for (int client = 0; client < ingestor.clients(); client++) {
                BitSet acked = ingestor.acknowledged(client);
                BitSet seen = new BitSet();
                acknowledged += acked.cardinality();
                for (int seq = acked.nextSetBit(0); seq >= 0; seq = acked.nextSetBit(seq + 1)) {
                    acknowledgedCost = acknowledgedCost.add(SyntheticEvents.cost(seq));
                }
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT idempotency_key, cost_total FROM api_usage_logs WHERE user_id = ANY (?)")) {
                    s.setFetchSize(10_000);
                    s.setArray(1, c.createArrayOf("varchar", ingestor.users(client).toArray()));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            stored++;
                            storedCost = storedCost.add(rs.getBigDecimal(2));
                            int seq = Math.toIntExact(SyntheticEvents.seqOf(rs.getString(1)));
                            if (seen.get(seq) && problems.size() < 20) {
                                problems.add("stored twice: " + rs.getString(1));
                            }
                            seen.set(seq);
                            if (!acked.get(seq) && problems.size() < 20) {
                                problems.add("stored but never acknowledged: " + rs.getString(1));
                            }
                        }
                    }
                }
                BitSet missing = (BitSet) acked.clone();
                missing.andNot(seen);
                if (!missing.isEmpty()) {
                    problems.add(missing.cardinality() + " acknowledged events of client " + client
                            + " missing, first " + SyntheticEvents.key(client, missing.nextSetBit(0)));
                }
            }
            c.commit();
        }
        if (acknowledgedCost.compareTo(storedCost) != 0) {
            problems.add("cost sums differ: acknowledged " + acknowledgedCost + ", stored " + storedCost);
        }
        return new Outcome(acknowledged, stored, acknowledgedCost, storedCost, problems);
    }

    /** What {@link #checkProvenance} found: rows by provenance, their cost sum and the catalog's, and any problem. */
    record Provenance(long acknowledged, long stored, long client, long catalog, long unpriced, BigDecimal storedCost,
                      BigDecimal catalogCost, List<String> problems) {
        boolean exact() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "acknowledged %d events, stored %d: %d cost_source=client, %d catalog,"
                            + " %d unpriced (%.1f%% of the rows priced by the catalog); cost %s, catalog figure %s%s",
                    acknowledged, stored, client, catalog, unpriced, stored == 0 ? 0.0 : 100.0 * catalog / stored,
                    storedCost.toPlainString(), catalogCost.toPlainString(),
                    problems.isEmpty() ? ": every row as the catalog says" : ": " + problems);
        }
    }

    /**
     * As {@link #check}, and every row's cost against what {@code pricer} says about the event at the row's timestamp
     * (with the provider {@code detector} gives the call): for {@link SyntheticEvents.Shape#CATALOG} events
     * {@code cost_source} is {@code catalog} with the catalog's cost, or {@code unpriced} with its reason; for events
     * with a client cost it is {@code client} with that cost and the catalog's figure beside it; the price version is
     * the catalog's.
     */
    static Provenance checkProvenance(DatabaseUrl database, Ingestor ingestor, ProviderDetector detector, Pricer pricer)
            throws SQLException {
        String[] providers = new String[SyntheticEvents.CALLS.length];
        for (int i = 0; i < providers.length; i++) {
            String[] call = SyntheticEvents.CALLS[i];
            providers[i] = detector.detect(call[0], call[1], call[2]).provider().id();
        }
        boolean catalogShape = ingestor.shape() == SyntheticEvents.Shape.CATALOG;
        String version = pricer.catalog().priceVersion();
        long acknowledged = 0;
        long stored = 0;
        long client = 0;
        long catalog = 0;
        long unpriced = 0;
        BigDecimal storedCost = BigDecimal.ZERO;
        BigDecimal catalogCost = BigDecimal.ZERO;
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            c.setAutoCommit(false);
            for (int cl = 0; cl < ingestor.clients(); cl++) {
                BitSet acked = ingestor.acknowledged(cl);
                BitSet seen = new BitSet();
                acknowledged += acked.cardinality();
                try (PreparedStatement s = c.prepareStatement("SELECT idempotency_key, timestamp, cost_input, cost_output,"
                        + " cost_total, cost_source, unpriced_reason, price_version, catalog_cost_total, actual_provider_name"
                        + " FROM api_usage_logs WHERE user_id = ANY (?)")) {
                    s.setFetchSize(10_000);
                    s.setArray(1, c.createArrayOf("varchar", ingestor.users(cl).toArray()));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            stored++;
                            String key = rs.getString(1);
                            int seq = Math.toIntExact(SyntheticEvents.seqOf(key));
                            if (seen.get(seq)) {
                                add(problems, "stored twice: " + key);
                            }
                            seen.set(seq);
                            if (!acked.get(seq)) {
                                add(problems, "stored but never acknowledged: " + key);
                            }
                            int call = seq % SyntheticEvents.CALLS.length;
                            String unit = SyntheticEvents.unit(seq);
                            Units units = unit == null ? Units.NONE : new Units(Map.of(PriceUnit.fromWireName(unit)
                                    .orElseThrow(), BigDecimal.valueOf(SyntheticEvents.unitQuantity(seq))));
                            PriceResult price = pricer.price(new CallToPrice(providers[call], SyntheticEvents.CALLS[call][1],
                                    rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                                    (long) SyntheticEvents.tokensInput(seq), (long) SyntheticEvents.tokensOutput(seq), null,
                                    units));
                            BigDecimal figure = price instanceof PriceResult.Priced p ? p.costTotal() : null;
                            String source = rs.getString(6);
                            BigDecimal total = rs.getBigDecimal(5);
                            BigDecimal catalogTotal = rs.getBigDecimal(9);
                            boolean ok = version.equals(rs.getString(8)) && providers[call].equals(rs.getString(10))
                                    && same(figure, catalogTotal);
                            if (!catalogShape) {
                                ok &= "client".equals(source) && same(SyntheticEvents.cost(seq), total);
                            } else if (price instanceof PriceResult.Priced p) {
                                ok &= "catalog".equals(source) && same(p.costTotal(), total)
                                        && same(p.costInput(), rs.getBigDecimal(3)) && same(p.costOutput(), rs.getBigDecimal(4))
                                        && rs.getString(7) == null;
                            } else {
                                ok &= "unpriced".equals(source) && total == null && ((PriceResult.Unpriced) price).reason()
                                        .name().toLowerCase(Locale.ROOT).equals(rs.getString(7));
                            }
                            if (!ok) {
                                add(problems, key + " stored as " + source + " " + total + " (catalog figure " + catalogTotal
                                        + ", version " + rs.getString(8) + ", reason " + rs.getString(7)
                                        + "), the catalog says " + price);
                            }
                            switch (Objects.requireNonNullElse(source, "")) {
                                case "client" -> client++;
                                case "catalog" -> catalog++;
                                case "unpriced" -> unpriced++;
                                default -> add(problems, key + " has cost_source " + source);
                            }
                            if (total != null) {
                                storedCost = storedCost.add(total);
                            }
                            if (figure != null) {
                                catalogCost = catalogCost.add(figure);
                            }
                        }
                    }
                }
                BitSet missing = (BitSet) acked.clone();
                missing.andNot(seen);
                if (!missing.isEmpty()) {
                    problems.add(missing.cardinality() + " acknowledged events of client " + cl
                            + " missing, first " + SyntheticEvents.key(cl, missing.nextSetBit(0)));
                }
            }
            c.commit();
        }
        return new Provenance(acknowledged, stored, client, catalog, unpriced, storedCost, catalogCost, problems);
    }

    private static boolean same(BigDecimal expected, BigDecimal stored) {
        return expected == null ? stored == null : stored != null && expected.compareTo(stored) == 0;
    }

    private static void add(List<String> problems, String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }
}
