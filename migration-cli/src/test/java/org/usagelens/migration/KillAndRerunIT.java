package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.migration.Cli.count;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.LegacyDatabases;
import org.usagelens.persistence.testing.TestDatabases;

/**
 * The packaged CLI, run as a child process and killed with kill -9 (destroyForcibly) at five random points of a
 * backfill, then run again to the end, leaves the table exactly as one uninterrupted run on an identical copy.
 */
class KillAndRerunIT {

    private static final int ROWS = 100_000;
    private static final String NEWER = "r7.0-0123456789ab";
    /** Rows the backfill still has to write: not a client's, not of newer rules, not of the current ones. */
    private static final String NOT_DONE = "SELECT count(*) FROM api_usage_logs WHERE detection_source IS DISTINCT"
            + " FROM 'CLIENT' AND (actual_provider_name IS NULL OR coalesce(detection_rules_version, '') NOT IN ('"
            + org.usagelens.detection.ProviderDetector.builtIn().rulesVersion() + "', '" + NEWER + "'))";

    private static String jar() {
        String jar = System.getProperty("usagelens.migrate.jar");
        assertThat(jar).as("system property usagelens.migrate.jar (set by the build)").isNotNull();
        assertThat(new File(jar)).exists();
        return jar;
    }

    private static Process start(Path dir, String name, DatabaseUrl db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar()));
        command.addAll(List.of(Cli.withDb(db, args)));
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    private static DatabaseUrl copyOf(DatabaseUrl template, String suffix) {
        String name = databaseName(template);
        Cli.execute(TestDatabases.serverUrl(), "CREATE DATABASE " + name + "_" + suffix + " TEMPLATE " + name);
        String jdbc = template.jdbcUrl().replace("/" + name, "/" + name + "_" + suffix);
        return new DatabaseUrl(jdbc, template.user(), template.password());
    }

    private static String databaseName(DatabaseUrl db) {
        String path = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    @Test
    void givenBackfillKilledAtFiveRandomPoints_whenRunAgain_thenTheTableEqualsAnUninterruptedRun(@TempDir Path dir)
            throws Exception {
        DatabaseUrl legacy = LegacyDatabases.create(true, ROWS);
        assertThat(Cli.run(legacy, "migrate", "--no-backfill").exit()).isZero();
        // Rows the backfill must leave alone: a client's provider, and rows of newer rules.
        Cli.execute(legacy, "UPDATE api_usage_logs SET actual_provider_name = 'runway', detection_source = 'CLIENT'"
                + " WHERE id % 97 = 0");
        Cli.execute(legacy, "UPDATE api_usage_logs SET actual_provider_name = 'fal', detection_source = 'MODEL',"
                + " detection_rule = 'deploy.flux', detection_rules_version = '" + NEWER + "' WHERE id % 89 = 0");
        DatabaseUrl reference = copyOf(legacy, "ref");
        DatabaseUrl killed = copyOf(legacy, "killed");
        long todo = count(killed, NOT_DONE);
        assertThat(todo).isGreaterThan(ROWS * 9L / 10);

        Process uninterrupted = start(dir, "reference", reference, "backfill", "--batch-size", "500");
        assertThat(uninterrupted.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(uninterrupted.exitValue()).as(Files.readString(dir.resolve("reference.err"))).isZero();
        assertThat(count(reference, NOT_DONE)).isZero();

        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Long> left = new ArrayList<>();
        long before = todo;
        for (int i = 1; i <= 5; i++) {
            // Slowed to 5,000 rows/s so that five runs cannot finish the work before they are killed.
            Process p = start(dir, "killed-" + i, killed, "backfill", "--batch-size", "500", "--max-rate", "5000");
            // A random point of the backfill itself, not of the JVM's start: once this run's first batch is
            // committed, wait a random 0-1.5 s more.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(killed, NOT_DONE) == before) {
                assertThat(p.isAlive()).as("run %d ended before writing: %s", i,
                        Files.readString(dir.resolve("killed-" + i + ".err"))).isTrue();
                assertThat(System.nanoTime()).as("run %d wrote nothing in 120 s", i).isLessThan(deadline);
                Thread.sleep(20);
            }
            long delay = random.nextInt(1_500);
            Thread.sleep(delay);
            assertThat(p.isAlive()).as("run %d still running when killed %d ms into its backfill (seed %d)", i,
                    delay, seed).isTrue();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            before = count(killed, NOT_DONE);
            left.add(before);
        }
        System.out.printf("KillAndRerunIT: %d rows to backfill; left after each kill: %s (seed %d)%n", todo, left, seed);
        assertThat(left).as("rows left after each kill (seed %d)", seed).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(left.get(4)).as("rows left after the fifth kill (seed %d)", seed).isPositive();

        Process rerun = start(dir, "rerun", killed, "backfill", "--batch-size", "500");
        assertThat(rerun.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(rerun.exitValue()).as(Files.readString(dir.resolve("rerun.err"))).isZero();

        assertThat(count(killed, NOT_DONE)).isZero();
        List<List<String>> expected = Cli.table(reference);
        List<List<String>> actual = Cli.table(killed);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("row %d (seed %d, rows left after each kill %s)", i, seed, left)
                    .isEqualTo(expected.get(i));
        }
        // The rollups the read API keeps by trigger moved with every batch, killed or not. (Their `changes`
        // count statements, and a killed run has more of them, so it is left out.)
        String counters = "SELECT user_id, billing_period, actual_provider_name, provider, status_code, calls,"
                + " tokens_input, tokens_output, cost_total FROM api_usage_log_counts WHERE calls <> 0 ORDER BY 1, 2, 3, 4, 5";
        assertThat(Cli.rows(killed, counters)).isEqualTo(Cli.rows(reference, counters));
        String days = "SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code, calls,"
                + " tokens_input, tokens_output, cost_total FROM api_usage_log_days WHERE calls <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7";
        assertThat(Cli.rows(killed, days)).isEqualTo(Cli.rows(reference, days));
        // The latency sketches, compacted and pending together (the runs leave different sketches pending).
        String sketches = "SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code,"
                + " u.bucket, sum(u.calls) FROM (SELECT * FROM (SELECT user_id, billing_period, day, actual_provider_name,"
                + " provider, model_used, status_code, latency_buckets, latency_counts FROM api_usage_log_days) d UNION ALL"
                + " SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code,"
                + " latency_buckets, latency_counts FROM api_usage_log_latency_pending) s,"
                + " unnest(latency_buckets, latency_counts) AS u(bucket, calls)"
                + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(u.calls) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";
        assertThat(Cli.rows(killed, sketches)).isEqualTo(Cli.rows(reference, sketches));
    }
}
