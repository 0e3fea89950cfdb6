package org.usagelens.migration;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.usagelens.migration.wiring.MigrateMain;
import org.usagelens.persistence.DatabaseUrl;

/** Runs the CLI in-process and reads the database it worked on. */
final class Cli {
    private Cli() {
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MigrateMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] withDb(DatabaseUrl db, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--url", db.jdbcUrl()));
        if (db.user() != null) {
            all.addAll(List.of("--user", db.user()));
        }
        if (db.password() != null) {
            all.addAll(List.of("--password", db.password()));
        }
        return all.toArray(String[]::new);
    }

    static Run run(DatabaseUrl db, String... args) {
        return run(withDb(db, args));
    }

    static Connection connect(DatabaseUrl db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    /** Every row of a query, each column as text (null as "NULL"). */
    static List<List<String>> rows(DatabaseUrl db, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    row.add(v == null ? "NULL" : v);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static long count(DatabaseUrl db, String sql) {
        return Long.parseLong(rows(db, sql).get(0).get(0));
    }

    static void execute(DatabaseUrl db, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The whole table, every column, in id order. */
    static List<List<String>> table(DatabaseUrl db) {
        return rows(db, "SELECT * FROM api_usage_logs ORDER BY id");
    }

    /** The original system's columns, costs as the doubles they held and timestamps in UTC, in id order. */
    static List<List<String>> originalColumns(DatabaseUrl db, boolean adopted) {
        String ts = adopted ? "timestamp AT TIME ZONE 'UTC'" : "timestamp";
        return rows(db, "SELECT id, user_id, provider::text, endpoint, method, model_used, tokens_input, tokens_output,"
                + " tokens_total, cost_input::float8, cost_output::float8, cost_total::float8, response_time,"
                + " status_code, request_size, response_size, user_agent, ip_address, error_message, retry_count,"
                + " to_char(" + ts + ", 'YYYY-MM-DD HH24:MI:SS.US'), billing_period FROM api_usage_logs ORDER BY id");
    }
}
