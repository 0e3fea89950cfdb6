package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment rule file adds rules, overrides built-ins, and changes the rules version with the catalog. */
class DeploymentRulesTest {

    private static final ProviderDetector BUILT_IN = ProviderDetector.builtIn();

    private static ProviderDetector deploy(String rules) {
        return ProviderDetector.withDeploymentRules("deploy.rules", new StringReader(rules));
    }

    @Test
    void givenFluxOverriddenToFalBySameRuleId_thenFluxIsFalAndVersionChanges() {
        ProviderDetector d = deploy("rule model.media.flux MODEL token fal flux in=stability,image_edit\n");

        assertThat(BUILT_IN.detect("stability", "black-forest-labs/flux-dev", null).providerId())
                .isEqualTo("wavespeed");
        Detection flux = d.detect("stability", "black-forest-labs/flux-dev", null);
        assertThat(flux.providerId()).isEqualTo("fal");
        assertThat(flux.ruleId()).isEqualTo("model.media.flux");
        assertThat(flux.rulesVersion()).isEqualTo(d.rulesVersion()).isNotEqualTo(BUILT_IN.rulesVersion());
        assertThat(d.detect("image_edit", "flux-kontext-pro", null).providerId()).isEqualTo("fal");
    }

    @Test
    void givenHigherPriorityDeploymentRule_thenItBeatsTheBuiltInOne() {
        ProviderDetector d = deploy("rule deploy.flux.fal MODEL token fal flux in=stability priority=160\n");

        Detection flux = d.detect("stability", "flux-dev", null);
        assertThat(flux.providerId()).isEqualTo("fal");
        assertThat(flux.ruleId()).isEqualTo("deploy.flux.fal");
        // The built-in rule still applies where the deployment rule does not.
        assertThat(d.detect("image_edit", "flux-dev", null).providerId()).isEqualTo("wavespeed");
    }

    @Test
    void givenDeploymentRuleOfEqualPriority_thenDeploymentWinsTheTie() {
        ProviderDetector d = deploy("rule deploy.flux.fal MODEL token fal flux in=stability,image_edit\n");

        assertThat(d.detect("stability", "flux-dev", null).ruleId()).isEqualTo("deploy.flux.fal");
    }

    @Test
    void givenLowerPriorityDeploymentRule_thenBuiltInStillWins() {
        ProviderDetector d = deploy("rule deploy.flux.fal MODEL token fal flux priority=10\n");

        assertThat(d.detect("stability", "flux-dev", null).providerId()).isEqualTo("wavespeed");
        assertThat(d.detect("chat", "flux-dev", null).providerId()).isEqualTo("fal");
    }

    @Test
    void givenDisabledBuiltInRule_thenTheNextStepDecides() {
        ProviderDetector d = deploy("disable model.media.flux\n");

        assertThat(d.detect("stability", "flux-dev", null).source()).isEqualTo(DetectionSource.DEFAULT);
        assertThat(d.rulesVersion()).isNotEqualTo(BUILT_IN.rulesVersion());
    }

    @Test
    void givenNewProviderAndHostRule_thenDetectedAndListedAfterBuiltIns() {
        ProviderDetector d = deploy("""
                provider runpod - RunPod
                rule endpoint.host.runpod ENDPOINT host runpod runpod.ai
                """);

        assertThat(d.detect("video", "wan-2.5", "https://api.runpod.ai/v2/abc/run").providerId()).isEqualTo("runpod");
        assertThat(d.providers()).last().isEqualTo(new Provider("runpod", "RunPod", null));
        assertThat(d.providers()).hasSize(BUILT_IN.providers().size() + 1);
    }

    @Test
    void givenRedeclaredBuiltInProvider_thenNamesChangeInPlace() {
        ProviderDetector d = deploy("provider google gcp.vertex_ai Google Vertex AI\n");

        assertThat(d.provider("google")).contains(new Provider("google", "Google Vertex AI", "gcp.vertex_ai"));
        assertThat(d.providers().get(1).id()).isEqualTo("google");
        assertThat(d.detect("gemini", null, null).displayName()).isEqualTo("Google Vertex AI");
        assertThat(d.rulesVersion()).isNotEqualTo(BUILT_IN.rulesVersion());
    }

    @Test
    void givenNewSingleVendorCategory_thenItDecides() {
        ProviderDetector d = deploy("rule category.elevenlabs CATEGORY is elevenlabs elevenlabs\n");

        assertThat(d.isVendorCategory("ElevenLabs")).isTrue();
        assertThat(d.detect("elevenlabs", "gpt-4o", null).providerId()).isEqualTo("elevenlabs");
    }

    @Test
    void givenDefaultForNoCategory_thenUsedWhenNothingElseMatches() {
        ProviderDetector d = deploy("rule default.none DEFAULT is openai -\n");

        assertThat(d.detect(null, "mystery", null).ruleId()).isEqualTo("default.none");
        assertThat(d.detect("chat", "mystery", null).ruleId()).isEqualTo("unknown");
    }

    @Test
    void givenRulesForNoCategoryOnly_thenTheyApplyOnlyWithoutCategory() {
        ProviderDetector d = deploy("rule deploy.llama MODEL token together llama in=-\n");

        assertThat(d.detect(null, "llama-3-8b", null).providerId()).isEqualTo("together");
        assertThat(d.detect("chat", "llama-3-8b", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenEmptyOrCommentOnlyDeploymentFile_thenSameCatalogAndSameVersion() {
        assertThat(deploy("").rulesVersion()).isEqualTo(BUILT_IN.rulesVersion());
        assertThat(deploy("# nothing here\n\n   # really\n").rulesVersion()).isEqualTo(BUILT_IN.rulesVersion());
    }

    @Test
    void givenSameRulesWrittenDifferently_thenSameVersion() {
        String a = deploy("rule deploy.x MODEL token fal flux-dev\n").rulesVersion();
        String b = deploy("  rule   deploy.x\tMODEL token  fal   FLUX-DEV   # same rule\n").rulesVersion();

        assertThat(a).isEqualTo(b);
    }

    @Test
    void givenDifferentRules_thenDifferentVersions() {
        String a = deploy("rule deploy.x MODEL token fal flux-dev\n").rulesVersion();
        String b = deploy("rule deploy.x MODEL token fal flux-pro\n").rulesVersion();
        String c = deploy("rule deploy.x MODEL token fal flux-dev priority=101\n").rulesVersion();

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(b).isNotEqualTo(c);
    }

    @Test
    void givenRuleFileOnDisk_thenLoadsLikeTheReader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("deploy.rules");
        String text = "rule model.media.flux MODEL token fal flux in=stability,image_edit\n";
        Files.writeString(file, text);

        ProviderDetector fromFile = ProviderDetector.withDeploymentRules(file);

        assertThat(fromFile.rulesVersion()).isEqualTo(deploy(text).rulesVersion());
        assertThat(fromFile.detect("stability", "flux-dev", null).providerId()).isEqualTo("fal");
    }

    @Test
    void givenDeploymentOverride_thenBuiltInDetectorIsUnchanged() {
        String before = BUILT_IN.rulesVersion();

        deploy("rule model.media.flux MODEL token fal flux in=stability,image_edit\n");

        assertThat(BUILT_IN.rulesVersion()).isEqualTo(before);
        assertThat(BUILT_IN.detect("stability", "flux-dev", null).providerId()).isEqualTo("wavespeed");
    }

    @Test
    void givenDeploymentRevision_thenVersionCarriesBothRevisionsAndSameHashAsWithout() {
        String without = deploy("rule deploy.x MODEL token fal flux-dev\n").rulesVersion();
        String with = deploy("revision 7\nrule deploy.x MODEL token fal flux-dev\n").rulesVersion();

        assertThat(without).startsWith("r2.0-");
        assertThat(with).startsWith("r2.7-");
        assertThat(with.substring(with.indexOf('-'))).isEqualTo(without.substring(without.indexOf('-')));
        assertThat(with.length()).isLessThanOrEqualTo(40);
    }

    @Test
    void givenRevisionTwice_thenFailsNamingBothLines() {
        RuleFileException e = org.assertj.core.api.Assertions.catchThrowableOfType(RuleFileException.class,
                () -> deploy("revision 1\nrevision 2\n"));

        assertThat(e).isNotNull();
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("revision given twice (first on line 1)");
    }
}
