package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every call the original system logs ({@code alwrity-call-sites.csv}) and WaveSpeed's public catalog as the original
 * would log it ({@code wavespeed-catalog.csv}): the built-in rules give each row its expected provider through the
 * expected rule, the explanation tells the same story, and the rows the built-in rules cannot decide get their true
 * vendor from the deployment file {@code alwrity-deploy.rules}.
 */
class OriginalSystemCallSitesTest {

    static final String CALL_SITES = "alwrity-call-sites.csv";
    static final String CATALOG = "wavespeed-catalog.csv";
    private static final String DEPLOYMENT = "alwrity-deploy.rules";
    private static final String UNDECIDABLE = "UNDECIDABLE:";

    private static final ProviderDetector BUILT_IN = ProviderDetector.builtIn();
    private static final ProviderDetector DEPLOYED = deployed();

    /** One row of a table; {@code null} model or endpoint stands for an empty field (the original logged None). */
    record Row(String table, int line, String category, String model, String endpoint, String vendor,
               String provider, String rule, String source, String note) {

        boolean undecidable() {
            return note.startsWith(UNDECIDABLE);
        }

        /** The file (or page) alone, without the "(before ca725b77)" version mark. */
        String sourceFile() {
            int mark = source.indexOf(" (");
            return mark < 0 ? source : source.substring(0, mark);
        }

        @Override
        public String toString() {
            return table + ":" + line + " (" + category + ", " + model + ", " + endpoint + ") -> " + vendor;
        }
    }

    static Stream<Row> rows() {
        return Stream.concat(read(CALL_SITES).stream(), read(CATALOG).stream());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void givenCallSite_thenBuiltInRulesGiveTheExpectedProviderThroughTheExpectedRule(Row row) {
        Detection d = BUILT_IN.detect(row.category(), row.model(), row.endpoint());

        assertThat(d.providerId()).as("provider of %s", row).isEqualTo(row.provider());
        assertThat(d.ruleId()).as("rule of %s", row).isEqualTo(row.rule());
        assertThat(d.rulesVersion()).isEqualTo(BUILT_IN.rulesVersion());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void givenCallSite_thenTheExplanationNamesTheSameWinnerAndOnlyIt(Row row) {
        Explanation e = BUILT_IN.explain(row.category(), row.model(), row.endpoint());

        assertThat(e.detection()).isEqualTo(BUILT_IN.detect(row.category(), row.model(), row.endpoint()));
        List<Explanation.Step> winners = e.steps().stream().filter(s -> s.reason().contains("WINNER")).toList();
        assertThat(winners).as("winning steps of %s", row).hasSize(1);
        assertThat(winners.get(0).ruleId()).isEqualTo(row.rule());
        assertThat(winners.get(0).matched()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void givenCallSite_whenDeployedWithTheOriginalSystemsRules_thenTheTrueVendor(Row row) {
        Detection d = DEPLOYED.detect(row.category(), row.model(), row.endpoint());

        assertThat(d.providerId()).as("vendor of %s under %s (rule %s)", row, DEPLOYMENT, d.ruleId())
                .isEqualTo(row.vendor());
    }

    @Test
    void givenTables_thenARowDiffersFromItsVendorExactlyWhenItSaysWhyItCannotBeDecided() {
        assertThat(rows()).allSatisfy(row -> {
            assertThat(row.undecidable()).as("%s: provider %s, note '%s'", row, row.provider(), row.note())
                    .isEqualTo(!row.vendor().equals(row.provider()));
            if (row.undecidable()) {
                assertThat(row.note()).as("the fix of %s", row).contains(DEPLOYMENT);
            }
        });
    }

    @Test
    void givenTables_thenEveryProviderVendorAndRuleIsOneTheCatalogKnows() {
        Set<String> providers = BUILT_IN.providers().stream().map(Provider::id).collect(Collectors.toSet());
        Set<String> rules = RuleCatalogAccess.builtInRuleIds();

        assertThat(rows()).allSatisfy(row -> {
            assertThat(providers).as("vendor of %s", row).contains(row.vendor());
            assertThat(providers).as("provider of %s", row).contains(row.provider());
            assertThat(rules).as("rule of %s", row).contains(row.rule());
            assertThat(row.source()).as("source of %s", row).isNotBlank();
        });
    }

    @Test
    void givenCallSiteTable_thenEveryRowNamesTheALwrityFileItCameFromAndNoRowIsRepeated() {
        List<Row> sites = read(CALL_SITES);
        Set<String> seen = new TreeSet<>();

        assertThat(sites).isNotEmpty().allSatisfy(row -> {
            assertThat(row.sourceFile()).as("file of %s", row).startsWith("backend/").endsWith(".py");
            assertThat(seen.add(row.category() + "|" + row.model() + "|" + row.endpoint() + "|" + row.source()))
                    .as("%s listed twice", row).isTrue();
        });
    }

    private static ProviderDetector deployed() {
        try (InputStream in = resource(DEPLOYMENT);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return ProviderDetector.withDeploymentRules(DEPLOYMENT, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> read(String table) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = resource(table)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() != 8) {
                    throw new IllegalStateException(table + ":" + (i + 1) + ": expected 8 fields, got " + f.size()
                            + ": " + line);
                }
                rows.add(new Row(table, i + 1, f.get(0), blankToNull(f.get(1)), blankToNull(f.get(2)), f.get(3),
                        f.get(4), f.get(5), f.get(6), f.get(7)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Comma-separated fields, stripped; a field may be double-quoted to hold commas. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString().strip());
        return out;
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static InputStream resource(String name) {
        InputStream in = OriginalSystemCallSitesTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return in;
    }
}
