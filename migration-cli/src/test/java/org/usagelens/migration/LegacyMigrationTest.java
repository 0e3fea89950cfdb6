package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.migration.Cli.count;
import static org.usagelens.migration.Cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.migration.Cli.Run;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.LegacyDatabases;
import org.usagelens.persistence.testing.TestDatabases;

/** {@code migrate}, {@code backfill} and {@code verify} on databases of the original system, on real PostgreSQL. */
class LegacyMigrationTest {

    private static final String CURRENT = ProviderDetector.builtIn().rulesVersion();
    private static final int ROWS = 5_000;

    @ParameterizedTest(name = "with actual_provider_name: {0}")
    @ValueSource(booleans = {false, true})
    void givenOriginalDatabase_whenMigrated_thenAdoptedWithEveryValueKept_andEveryRowBackfilled(boolean column) {
        DatabaseUrl db = LegacyDatabases.create(column, ROWS);
        List<List<String>> before = Cli.originalColumns(db, false);
        assertThat(run(db, "verify").exit()).isEqualTo(1);

        Run migrate = run(db, "migrate", "--batch-size", "700");

        assertThat(migrate.exit()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("adopted the original api_usage_logs (" + ROWS + " rows)")
                .contains((TestDatabases.MIGRATIONS - 1) + " migration(s) applied").contains("default time zone is now UTC").contains("backfill: " + ROWS + " rows examined, " + ROWS + " written")
                .contains("(none)").contains("wavespeed");
        assertThat(Cli.originalColumns(db, true)).isEqualTo(before);
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE actual_provider_name IS NULL"
                + " OR detection_rules_version <> '" + CURRENT + "' OR detection_source IS NULL")).isZero();
        // The requirements' examples, on rows the original system left behind.
        assertThat(Cli.rows(db, "SELECT DISTINCT provider, model_used, actual_provider_name FROM api_usage_logs"
                + " WHERE model_used IN ('alibaba/wan-2.5/text-to-video', 'qwen-image', 'minimax/speech-02-hd',"
                + " 'gemini-2.5-flash', 'openai/gpt-oss-120b:groq')")).containsExactlyInAnyOrder(
                List.of("audio", "minimax/speech-02-hd", "wavespeed"),
                List.of("video", "alibaba/wan-2.5/text-to-video", "wavespeed"),
                List.of("gemini", "gemini-2.5-flash", "google"),
                List.of("mistral", "openai/gpt-oss-120b:groq", "huggingface"),
                List.of("stability", "qwen-image", "wavespeed"));
        Run verify = run(db, "verify");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("category").contains("actual_provider_name")
                .contains("verify: " + ROWS + " rows; 0 without an actual provider; 0 detected by rules older");
    }

    @Test
    void givenMigratedDatabase_whenMigratedAgain_thenNothingChanges() {
        DatabaseUrl db = LegacyDatabases.create(true, ROWS);
        assertThat(run(db, "migrate").exit()).isZero();
        List<List<String>> table = Cli.table(db);
        List<List<String>> versions = Cli.rows(db, "SELECT id, xmin::text FROM api_usage_logs ORDER BY id");

        Run again = run(db, "migrate");

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("adopted").contains("0 migration(s) applied")
                .contains("backfill: 0 rows examined, 0 written");
        assertThat(Cli.table(db)).isEqualTo(table);
        // Not even rewritten with the same values: no row has a new version.
        assertThat(Cli.rows(db, "SELECT id, xmin::text FROM api_usage_logs ORDER BY id")).isEqualTo(versions);
        assertThat(count(db, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(TestDatabases.MIGRATIONS);
    }

    @Test
    void givenARuleChange_whenBackfilled_thenOnlyTheAffectedRowsChangeProvider_andClientAndNewerRowsStay(
            @TempDir Path dir) throws IOException {
        DatabaseUrl db = LegacyDatabases.create(false, ROWS);
        assertThat(run(db, "migrate").exit()).isZero();
        Cli.execute(db, "UPDATE api_usage_logs SET actual_provider_name = 'runway', detection_source = 'CLIENT',"
                + " detection_rule = NULL, detection_rules_version = NULL WHERE id % 100 = 0");
        // Rows of newer rules than any built-in revision: the backfill leaves them alone.
        Cli.execute(db, "UPDATE api_usage_logs SET detection_rules_version = 'r999.9-0123456789ab' WHERE id % 100 = 1");
        List<List<String>> untouchable = Cli.rows(db, "SELECT * FROM api_usage_logs WHERE id % 100 IN (0, 1) ORDER BY id");
        List<List<String>> before = Cli.rows(db, "SELECT id, actual_provider_name FROM api_usage_logs ORDER BY id");
        Path rules = dir.resolve("deploy.rules");
        Files.writeString(rules, "revision 1\n# flux now runs on fal\n"
                + "rule model.media.flux MODEL token fal flux in=stability,image_edit\n");
        long flux = count(db, "SELECT count(*) FROM api_usage_logs WHERE model_used LIKE '%flux%' AND id % 100 > 1");

        Run dry = run(db, "backfill", "--dry-run", "--rules", rules.toString());

        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).containsPattern("wavespeed\\s+fal\\s+" + flux + "\\n")
                .contains("nothing was written");
        assertThat(Cli.rows(db, "SELECT id, actual_provider_name FROM api_usage_logs ORDER BY id")).isEqualTo(before);

        Run backfill = run(db, "backfill", "--rules", rules.toString());

        assertThat(backfill.exit()).as(backfill.toString()).isZero();
        assertThat(backfill.out()).containsPattern("wavespeed\\s+fal\\s+" + flux + "\\n");
        List<List<String>> after = Cli.rows(db, "SELECT id, actual_provider_name FROM api_usage_logs ORDER BY id");
        long changed = 0;
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).equals(before.get(i))) {
                changed++;
            }
        }
        assertThat(changed).isEqualTo(flux);
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE actual_provider_name = 'fal'"
                + " AND model_used NOT LIKE '%flux%'")).isZero();
        assertThat(Cli.rows(db, "SELECT * FROM api_usage_logs WHERE id % 100 IN (0, 1) ORDER BY id"))
                .isEqualTo(untouchable);
        assertThat(run(db, "verify", "--rules", rules.toString()).exit()).isZero();
        // The built-in rules are older than the deployment's revision: verify with them is still complete.
        assertThat(run(db, "verify").exit()).isZero();
    }
}
