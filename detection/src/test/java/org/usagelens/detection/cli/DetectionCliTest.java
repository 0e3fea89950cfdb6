package org.usagelens.detection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.detection.ProviderDetector;

/** The batch command line, run in memory: one output line per input line, explanations, rule files, usage errors. */
class DetectionCliTest {

    private int status;
    private String out;
    private String err;

    private void run(String stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        status = DetectionCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givenTabSeparatedLines_thenOneResultLinePerInputInOrder() {
        run("video\talibaba/wan-2.5/text-to-video\t/video-generation/wavespeed\n"
                + "gemini\tgemini-2.5-flash\t\n"
                + "mistral\topenai/gpt-oss-120b:groq\n"
                + "audio\ttts-1\n");

        assertThat(status).isZero();
        assertThat(err).isEmpty();
        assertThat(out).isEqualTo("""
                wavespeed\tENDPOINT\tendpoint.path.wavespeed
                google\tCATEGORY\tcategory.gemini
                huggingface\tCATEGORY\tcategory.mistral
                openai\tMODEL\tmodel.family.tts
                """);
    }

    @Test
    void givenMissingTrailingFieldsAndEmptyLines_thenTreatedAsEmpty() {
        run("video\n\n\t\tapi.openai.com/v1\n\tclaude-3-opus\nstability\r\n");

        assertThat(out.lines()).containsExactly(
                "wavespeed\tDEFAULT\tdefault.video",
                "unknown\tUNKNOWN\tunknown",
                "openai\tENDPOINT\tendpoint.host.openai",
                "anthropic\tMODEL\tmodel.family.claude",
                "stability\tDEFAULT\tdefault.stability");
    }

    @Test
    void givenExtraFields_thenIgnored() {
        run("audio\televen_multilingual_v2\t\tignored\textra\n");

        assertThat(out).isEqualTo("elevenlabs\tMODEL\tmodel.family.eleven\n");
    }

    @Test
    void givenNoInput_thenNoOutputAndSuccess() {
        run("");

        assertThat(status).isZero();
        assertThat(out).isEmpty();
    }

    @Test
    void givenUtf8Input_thenDetectsAndKeepsLineCount() {
        run("vidéo\t模型\t/生成/wavespeed\n\uD83D\uDE00\t\t\n");

        assertThat(out.lines()).containsExactly("wavespeed\tENDPOINT\tendpoint.path.wavespeed",
                "unknown\tUNKNOWN\tunknown");
    }

    @Test
    void givenExplainWithArguments_thenEveryRuleConsideredAndTheWinner() {
        run("", "--explain", "video", "google/veo3", "/video-generation/wavespeed");

        assertThat(status).isZero();
        assertThat(out).contains("provider: wavespeed (WaveSpeed)")
                .contains("source:   ENDPOINT")
                .contains("rule:     endpoint.path.wavespeed")
                .contains("rules:    " + ProviderDetector.builtIn().rulesVersion())
                .contains("model.family.veo")
                .contains("not used: the ENDPOINT step decided")
                .contains("WINNER");
    }

    @Test
    void givenExplainWithOneStdinLine_thenExplainsIt() {
        run("mistral\topenai/gpt-oss-120b:groq\n", "--explain");

        assertThat(status).isZero();
        assertThat(out).contains("provider: huggingface (HuggingFace)").contains("rule:     category.mistral");
    }

    @Test
    void givenExplainWithSeveralStdinLines_thenBadUsage() {
        run("video\ta\nvideo\tb\n", "--explain");

        assertThat(status).isEqualTo(2);
        assertThat(err).contains("single input");
    }

    @Test
    void givenExplainWithoutInput_thenBadUsage() {
        run("", "--explain");

        assertThat(status).isEqualTo(2);
    }

    @Test
    void givenDeploymentRuleFile_thenItsRulesApply(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("deploy.rules");
        Files.writeString(rules, "rule model.media.flux MODEL token fal flux in=stability,image_edit\n");

        run("stability\tblack-forest-labs/flux-dev\n", "--rules", rules.toString());

        assertThat(status).isZero();
        assertThat(out).isEqualTo("fal\tMODEL\tmodel.media.flux\n");
    }

    @Test
    void givenDeploymentRuleFileWithEqualsSyntaxAndExplain_thenExplainsWithIt(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("deploy.rules");
        Files.writeString(rules, "rule model.media.flux MODEL token fal flux in=stability,image_edit\n");

        run("", "--rules=" + rules, "--explain", "stability", "flux-dev");

        assertThat(out).contains("provider: fal (fal.ai)");
    }

    @Test
    void givenBadRuleFile_thenExitOneWithFileLineAndReason(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("bad.rules");
        Files.writeString(rules, "# ok\nrule x MODEL token nobody flux\n");

        run("video\n", "--rules", rules.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.strip()).isEqualTo(rules + ":2: unknown provider 'nobody'");
        assertThat(out).isEmpty();
    }

    @Test
    void givenMissingRuleFile_thenExitOne(@TempDir Path dir) {
        run("", "--rules", dir.resolve("nope.rules").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err).contains("nope.rules:0: cannot read rule file");
    }

    @Test
    void givenBadUsage_thenExitTwoWithUsage() {
        for (String[] args : new String[][] {{"--bogus"}, {"video"}, {"--rules"}, {"--rules="},
            {"--explain", "a", "b", "c", "d"}, {"--rules", "a", "--rules", "b"}}) {
            run("", args);
            assertThat(status).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err).as(String.join(" ", args)).startsWith("error: ").contains("Usage:");
            assertThat(out).isEmpty();
        }
    }

    @Test
    void givenHelp_thenUsageOnStdoutAndSuccess() {
        run("", "--help");

        assertThat(status).isZero();
        assertThat(out).contains("Usage: java -jar usagelens-detection.jar").contains("--rules FILE")
                .contains("--explain");
    }

    @Test
    void givenRepeatedFieldsAndLongLines_thenEveryAnswerEqualsDirectDetection() {
        String[] categories = {"video", "audio", "stability", "image_edit", "gemini", "mistral", "", "chat", " Video"};
        String[] models = {"tts-1", "flux-dev", "google/veo3", "openai/gpt-oss-120b:groq", "", "claude-3-opus",
            "qwen-image", "x".repeat(700) + "-claude", "eleven_v3", "gpt-4o", "fal-ai/flux/dev"};
        String[] endpoints = {"", "/video-generation/wavespeed", "https://api.openai.com/v1", "/v1/chat",
            "https://queue.fal.run/x", "https://" + "a.".repeat(400) + "wavespeed.ai/x"};
        java.util.Random random = new java.util.Random(3);
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        ProviderDetector detector = ProviderDetector.builtIn();
        for (int i = 0; i < 30_000; i++) {
            String c = categories[random.nextInt(categories.length)];
            String m = random.nextInt(5) == 0 ? "acme-" + random.nextInt(100_000) : models[random.nextInt(models.length)];
            String e = endpoints[random.nextInt(endpoints.length)];
            in.append(c).append('\t').append(m).append('\t').append(e).append('\n');
            org.usagelens.detection.Detection d = detector.detect(c, m, e);
            expected.append(d.providerId()).append('\t').append(d.source()).append('\t').append(d.ruleId())
                    .append('\n');
        }

        run(in.toString());

        assertThat(status).isZero();
        assertThat(out).isEqualTo(expected.toString());
    }

    @Test
    void givenLineLongerThanTheReadBuffer_thenAnsweredWhole() {
        String model = "y".repeat(200_000) + "-claude";

        run("chat\t" + model + "\nvideo\n");

        assertThat(out).isEqualTo("anthropic\tMODEL\tmodel.family.claude\nwavespeed\tDEFAULT\tdefault.video\n");
    }

    @Test
    void givenLastLineWithoutNewline_thenStillAnswered() {
        run("gemini\nvideo");

        assertThat(out).isEqualTo("google\tCATEGORY\tcategory.gemini\nwavespeed\tDEFAULT\tdefault.video\n");
    }

    @Test
    void givenManyLines_thenAllAnsweredInOrder() {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            in.append(i % 2 == 0 ? "gemini\n" : "video\tacme-" + i + "\n");
        }

        run(in.toString());

        String[] lines = out.split("\n");
        assertThat(lines).hasSize(50_000);
        assertThat(lines[0]).isEqualTo("google\tCATEGORY\tcategory.gemini");
        assertThat(lines[49_999]).isEqualTo("wavespeed\tDEFAULT\tdefault.video");
    }
}
