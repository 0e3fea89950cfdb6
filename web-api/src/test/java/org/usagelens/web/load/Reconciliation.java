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
import org.usagelens.persistence.DatabaseUrl;

/**
 * Compares what the clients were acknowledged with what the table holds, client by client (over all of a client's
 * users): the same ids, each once, the same count and the same cost sum.
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
}
