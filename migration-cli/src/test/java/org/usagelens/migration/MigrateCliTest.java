package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.usagelens.migration.Cli.Run;
import org.usagelens.persistence.testing.LegacyDatabases;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;

class MigrateCliTest {

    static Run run(String... args) {
        return Cli.run(args);
    }

    static String[] withDb(DatabaseUrl db, String... args) {
        return Cli.withDb(db, args);
    }

    @Test
    void migrate_onEmptyDatabase_createsTheSchema_andASecondRunChangesNothing() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        Run first = run(withDb(db, "migrate"));
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains(TestDatabases.MIGRATIONS + " migration(s) applied").contains("backfill: 0 rows examined")
                .as("plain PostgreSQL: nothing to distribute, nothing said about it").doesNotContain("Citus");

        Run second = run(withDb(db, "migrate", "--no-backfill"));
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 migration(s) applied").doesNotContain("backfill");

        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.columns WHERE table_name = 'api_usage_logs' AND column_name = 'actual_provider_name'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void migrate_withABadShardCount_namesTheOption_andTouchesNothing() {
        DatabaseUrl db = TestDatabases.fresh();
        Run run = run(withDb(db, "migrate", "--citus-shards", "0"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--citus-shards must be between 1 and 64000, not 0");
        assertThat(Cli.rows(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'api_usage_logs'"))
                .containsExactly(java.util.List.of("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"migrate", "backfill", "verify"})
    void help_isAvailableOnEveryCommand(String command) {
        Run run = run(command, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--url").contains("DATABASE_URL").contains("Usage: usagelens-migrate " + command);
        if (!command.equals("verify")) {
            assertThat(run.out()).contains("--batch-size").contains("--max-rate").contains("--rules");
        }
    }

    @Test
    void help_onTheMainCommand_namesTheCommands() {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("migrate").contains("backfill").contains("verify");
        // Every command, in the order of the help (Commands.SUBCOMMANDS): the first word of each line under "Commands:".
        String commands = run.out().substring(run.out().indexOf("Commands:") + "Commands:".length());
        List<String> names = commands.lines().filter(l -> l.matches("^  \\S.*"))
                .map(l -> l.trim().split("\\s+")[0]).toList();
        assertThat(names).containsExactly("migrate", "backfill", "verify", "reprice", "retain");
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

    @ParameterizedTest
    @ValueSource(strings = {"0", "10001", "many"})
    void badBatchSize_isBadUsage_exit2_beforeTouchingTheDatabase(String size) {
        Run run = run("backfill", "--batch-size", size, "--url", "postgresql://nobody@127.0.0.1:1/none");
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("batch");
    }

    @Test
    void noDatabase_isBadUsage_exit2() {
        // DATABASE_URL is not set where the tests run.
        Run run = run("verify");
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no database given: pass --url or set DATABASE_URL");
    }

    @Test
    void unreachableDatabase_fails_exit1_withOneLineReason() {
        Run run = run("migrate", "--url", "postgresql://nobody@127.0.0.1:1/none");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("usagelens-migrate: failed: database unreachable");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"migrate", "backfill", "verify"})
    void wrongCredentials_fail_exit1_withOneLineReason(String command) {
        DatabaseUrl db = TestDatabases.fresh();
        // The test server's URL names its user in the query, which would win over --user.
        String url = db.jdbcUrl().replaceAll("\\?.*", "");
        Run run = run(command, "--url", url, "--user", "no_such_role", "--password", "wrong");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("usagelens-migrate: failed: wrong credentials");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void editedMigration_failsWithChecksumMismatch_exit1() {
        DatabaseUrl db = TestDatabases.fresh();
        assertThat(run(withDb(db, "migrate")).exit()).isZero();
        Cli.execute(db, "UPDATE flyway_schema_history SET checksum = 42 WHERE version = '2'");

        Run run = run(withDb(db, "migrate"));

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("usagelens-migrate: failed: migration checksum mismatch")
                .contains("version 2");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void badRuleFile_failsNamingFileAndLine_exit1_andNothingIsChanged(@TempDir Path dir) throws IOException {
        DatabaseUrl db = TestDatabases.fresh();
        Path rules = dir.resolve("deploy.rules");
        Files.writeString(rules, "revision 1\nrule model.x MODEL token nobody flux\n");

        for (String command : new String[] {"migrate", "backfill", "verify"}) {
            Run run = run(withDb(db, command, "--rules", rules.toString()));
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("usagelens-migrate: failed: rule file error: " + rules
                    + ":2: unknown provider 'nobody'");
        }
        assertThat(Cli.count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
    }

    @Test
    void missingRuleFile_fails_exit1(@TempDir Path dir) {
        Run run = run("backfill", "--rules", dir.resolve("nope.rules").toString(), "--url", "postgresql://x@127.0.0.1:1/x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("usagelens-migrate: failed: rule file error: ").contains("nope.rules");
    }

    @Test
    void tableOfAnotherShape_isNotAdopted_exit1_andNothingIsChanged() {
        DatabaseUrl db = LegacyDatabases.create(false, 10);
        Cli.execute(db, "ALTER TABLE api_usage_logs ALTER COLUMN cost_total TYPE VARCHAR(30)");

        Run run = run(withDb(db, "migrate"));

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("usagelens-migrate: failed: cannot adopt api_usage_logs: column"
                + " cost_total is character varying(30), expected double precision as the original system made it");
        assertThat(Cli.count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'")).isZero();
    }

    @Test
    void verify_onRowsStillToBackfill_printsTheCheck_andFails_exit1() {
        DatabaseUrl db = LegacyDatabases.create(false, 100);
        assertThat(run(withDb(db, "migrate", "--no-backfill")).exit()).isZero();

        Run run = run(withDb(db, "verify"));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("category").contains("(null)").contains("verify: 100 rows; 100 without");
        assertThat(run.err().strip()).isEqualTo("usagelens-migrate: failed: 100 row(s) without an actual provider and"
                + " 0 detected by rules older than " + org.usagelens.detection.ProviderDetector.builtIn().rulesVersion()
                + ": run backfill");
    }
}
