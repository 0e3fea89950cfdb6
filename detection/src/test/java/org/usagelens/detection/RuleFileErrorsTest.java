package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad deployment rule file fails at load, naming the file, the line and the reason. */
class RuleFileErrorsTest {

    private static RuleFileException load(String text) {
        return catchThrowableOfType(RuleFileException.class,
                () -> ProviderDetector.withDeploymentRules("deploy.rules", new StringReader(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown directive          | rules flux on fal                                            | unknown directive 'rules'
            too few fields             | rule model.x MODEL token fal                                 | expected: rule <id>
            unknown provider           | rule model.x MODEL token runpod flux                         | unknown provider 'runpod'
            unknown source kind        | rule model.x BODY token fal flux                             | unknown source kind 'BODY'
            UNKNOWN is not a rule step | rule model.x UNKNOWN is unknown x                            | unknown source kind 'UNKNOWN'
            matcher of another step    | rule model.x MODEL host fal fal.run                          | unknown matcher 'host' for MODEL rules
            unknown matcher            | rule model.x MODEL regex fal fl.x                            | unknown matcher 'regex'
            bad priority               | rule model.x MODEL token fal flux priority=high              | priority must be an integer
            priority out of range      | rule model.x MODEL token fal flux priority=5000              | priority must be an integer
            unknown option             | rule model.x MODEL token fal flux when=video                 | unknown option 'when=video'
            in= on a category rule     | rule category.x CATEGORY is fal fal in=video                 | in= applies only to ENDPOINT and MODEL rules
            empty in=                  | rule model.x MODEL token fal flux in=                        | in= needs a comma-separated list
            no category in CATEGORY    | rule category.x CATEGORY is fal -                            | only allowed in DEFAULT rules
            reserved rule id           | rule unknown MODEL token fal flux                            | rule id 'unknown' is reserved
            invalid rule id            | rule model/x MODEL token fal flux                            | invalid rule id 'model/x'
            host ending in a wildcard  | rule endpoint.x ENDPOINT host fal fal.*                      | must end with a literal label
            host with a slash          | rule endpoint.x ENDPOINT host fal fal.run/x                  | invalid host pattern
            two stars in a label       | rule endpoint.x ENDPOINT host fal *a*.fal.run                | more than one '*'
            star inside a token        | rule model.x MODEL token fal fl*ux                           | '^' may only start and '*' only end
            star after a phrase        | rule model.x MODEL token fal flux-dev*                       | trailing '*' is only allowed on a single token
            token of separators only   | rule model.x MODEL token fal --                              | has no token
            suffix with a colon        | rule model.x MODEL suffix fal a:b                            | must not contain ':' or '/'
            disable an unknown rule    | disable model.nope                                           | cannot disable unknown rule 'model.nope'
            bad provider line          | provider runpod                                              | expected: provider <id>
            bad provider id            | provider Run/Pod - RunPod                                    | invalid provider id 'Run/Pod'
            bad otel name              | provider runpod Run:Pod RunPod                               | invalid OpenTelemetry name 'Run:Pod'
            revision without a number  | revision                                                     | expected: revision <n>
            revision not an integer    | revision two                                                 | revision must be an integer
            negative revision          | revision -1                                                  | revision must be an integer
            revision too large         | revision 1000000                                             | revision must be an integer
            """)
    void givenBadLine_thenFailsNamingFileLineAndReason(String what, String line, String reason) {
        RuleFileException e = load("# deployment rules\n\n" + line + "\n");

        assertThat(e).as(what).isNotNull();
        assertThat(e.source()).isEqualTo("deploy.rules");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).isEqualTo("deploy.rules:3: " + e.reason());
    }

    @Test
    void givenDuplicateRuleIdsInOneFile_thenFailsOnTheSecondNamingTheFirst() {
        RuleFileException e = load("""
                rule deploy.flux MODEL token fal flux
                # a comment
                rule deploy.flux MODEL token fal kontext
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("duplicate rule id 'deploy.flux' (first used on line 1)");
    }

    @Test
    void givenDuplicateProviderIdsInOneFile_thenFails() {
        RuleFileException e = load("provider runpod - RunPod\nprovider runpod - RunPod 2\n");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).startsWith("duplicate provider id 'runpod'");
    }

    @Test
    void givenRuleDisabledAndRedefinedInOneFile_thenFailsAsDuplicate() {
        RuleFileException e = load("disable model.media.flux\nrule model.media.flux MODEL token fal flux\n");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).startsWith("duplicate rule id 'model.media.flux'");
    }

    @Test
    void givenRuleReferencingProviderDeclaredLaterInTheFile_thenLoads() {
        ProviderDetector d = ProviderDetector.withDeploymentRules("deploy.rules", new StringReader(
                "rule deploy.runpod ENDPOINT host runpod runpod.ai\nprovider runpod - RunPod\n"));

        assertThat(d.detect(null, null, "https://api.runpod.ai/v2/x").providerId()).isEqualTo("runpod");
    }

    @Test
    void givenMissingFile_thenFailsNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.rules");

        assertThatThrownBy(() -> ProviderDetector.withDeploymentRules(missing))
                .isInstanceOfSatisfying(RuleFileException.class, e -> {
                    assertThat(e.source()).isEqualTo(missing.toString());
                    assertThat(e.line()).isZero();
                    assertThat(e.getMessage()).startsWith(missing + ":0: cannot read rule file");
                });
    }

    @Test
    void givenFileWithBadLine_thenFailsNamingThePathAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("deploy.rules");
        Files.writeString(file, "provider runpod - RunPod\nrule x MODEL token nobody flux\n");

        RuleFileException e = catchThrowableOfType(RuleFileException.class,
                () -> ProviderDetector.withDeploymentRules(file));

        assertThat(e.getMessage()).isEqualTo(file + ":2: unknown provider 'nobody'");
    }

    @Test
    void givenFileThatIsNotUtf8_thenFailsNamingTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.rules");
        Files.write(file, new byte[] {'#', ' ', 'o', 'k', '\n', 'p', 'r', (byte) 0xE9, '\n'});

        RuleFileException e = catchThrowableOfType(RuleFileException.class,
                () -> ProviderDetector.withDeploymentRules(file));

        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.reason()).isEqualTo("not valid UTF-8");
        assertThat(e.line()).isEqualTo(2);
    }
}
