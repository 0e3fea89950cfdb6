package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** The table of cases in {@code detection-cases.csv}: every provider of the catalog and every precedence step. */
class DetectionTableTest {

    private static final String CASES = "detection-cases.csv";
    private static final ProviderDetector DETECTOR = ProviderDetector.builtIn();

    @ParameterizedTest(name = "[{index}] ({0}, {1}, {2}) -> {3} by {4} {5}")
    @CsvFileSource(resources = CASES, commentCharacter = '#')
    void givenCaseFromTable_thenExpectedProviderSourceAndRule(String category, String model, String endpoint,
            String provider, DetectionSource source, String rule) {
        Detection d = DETECTOR.detect(category, model, endpoint);

        assertThat(d.providerId()).as("provider").isEqualTo(provider);
        assertThat(d.source()).as("source").isEqualTo(source);
        assertThat(d.ruleId()).as("rule").isEqualTo(rule);
        assertThat(d.rulesVersion()).isEqualTo(DETECTOR.rulesVersion());
    }

    @Test
    void givenCaseTable_thenEveryProviderOfTheCatalogIsExpectedSomewhere() throws IOException {
        Set<String> expected = column(3);

        Set<String> catalog = DETECTOR.providers().stream().map(Provider::id).collect(Collectors.toSet());
        assertThat(expected).containsAll(catalog);
    }

    @Test
    void givenCaseTable_thenEveryPrecedenceStepIsExpectedSomewhere() throws IOException {
        Set<DetectionSource> sources = column(4).stream().map(DetectionSource::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DetectionSource.class)));

        // HINT is a step of detectWithProviderHint only, which this table does not call: ProviderHintTest covers it.
        assertThat(sources).containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(DetectionSource.HINT)));
    }

    @Test
    void givenCaseTable_thenEveryBuiltInRuleDecidesAtLeastOneCase() throws IOException {
        Set<String> missing = new TreeSet<>(RuleCatalogAccess.builtInRuleIds());

        missing.removeAll(column(5));

        assertThat(missing).isEmpty();
    }

    private static Set<String> column(int index) throws IOException {
        try (InputStream in = DetectionTableTest.class.getResourceAsStream(CASES)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.substring(l.lastIndexOf('"') + 1))
                    .map(l -> l.split(",", -1))
                    .map(f -> f[f.length - 6 + index].strip())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
