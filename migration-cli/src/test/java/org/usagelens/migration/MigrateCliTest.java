package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.usagelens.migration.wiring.MigrateMain;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;

class MigrateCliTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MigrateMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] withDb(DatabaseUrl db, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = db.jdbcUrl();
        all[args.length + 2] = "--user";
        all[args.length + 3] = db.user();
        return all;
    }

    @Test
    void migrate_onEmptyDatabase_createsTheSchema_andASecondRunChangesNothing() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        Run first = run(withDb(db, "migrate"));
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("3 migration(s) applied");

        Run second = run(withDb(db, "migrate"));
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 migration(s) applied");

        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.columns WHERE table_name = 'api_usage_logs' AND column_name = 'actual_provider_name'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void unknownOption_isBadUsage_exit2() {
        Run run = run("migrate", "--no-such-option");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option");
    }

    @Test
    void noCommand_isBadUsage_exit2() {
        assertThat(run().exit()).isEqualTo(2);
    }

    @Test
    void unreachableDatabase_fails_exit1_withOneLineReason() {
        Run run = run("migrate", "--url", "postgresql://nobody@127.0.0.1:1/none");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("usagelens-migrate: failed: database unreachable");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void help_isAvailableOnEveryCommand() {
        Run run = run("migrate", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--url").contains("DATABASE_URL");
    }
}
