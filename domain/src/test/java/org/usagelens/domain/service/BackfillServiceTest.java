package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.BackfillReport;
import org.usagelens.domain.model.BackfillReport.ProviderChange;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.in.BackfillUseCase.BackfillCommand;
import org.usagelens.domain.port.in.BackfillUseCase.Progress;
import org.usagelens.domain.port.in.BackfillUseCase.ProgressListener;
import org.usagelens.domain.port.out.BackfillRepository;
import org.usagelens.domain.testing.InMemoryBackfillRepository;

class BackfillServiceTest {

    private static final ProviderDetector BUILT_IN = ProviderDetector.builtIn();
    private static final BackfillCommand ONE_WRITER = new BackfillCommand(2, 1, 0, false);

    private final InMemoryBackfillRepository repository = new InMemoryBackfillRepository();

    private static StoredDetection client(String provider) {
        return new StoredDetection(provider, StoredDetection.CLIENT_SOURCE, null, null);
    }

    @Test
    void givenLegacyRows_whenBackfilled_thenEachGetsItsDetectionWithTheCurrentVersion() {
        long wan = repository.add("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", null);
        long gpt = repository.add("mistral", "openai/gpt-oss-120b:groq", "/chat", null);
        long gemini = repository.add("gemini", "gemini-2.5-flash", "/generate", null);

        BackfillReport report = new BackfillService(BUILT_IN, repository).backfill(ONE_WRITER, ProgressListener.NONE);

        assertThat(repository.stored(wan).providerId()).isEqualTo("wavespeed");
        assertThat(repository.stored(gpt).providerId()).isEqualTo("huggingface");
        assertThat(repository.stored(gemini).providerId()).isEqualTo("google");
        assertThat(repository.stored(wan).rulesVersion()).isEqualTo(BUILT_IN.rulesVersion());
        assertThat(repository.stored(wan).source()).isEqualTo("ENDPOINT");
        assertThat(report.examined()).isEqualTo(3);
        assertThat(report.written()).isEqualTo(3);
        assertThat(report.changes()).containsExactlyInAnyOrder(new ProviderChange(null, "wavespeed", 1),
                new ProviderChange(null, "huggingface", 1), new ProviderChange(null, "google", 1));
    }

    @Test
    void givenClientRowsAndNewerRows_whenBackfilled_thenTheyAreLeftAlone() {
        long clientRow = repository.add("video", "alibaba/wan-2.5/text-to-video", "/x", client("runway"));
        StoredDetection newer = new StoredDetection("fal", "MODEL", "deploy.x", "r99.0-0123456789ab");
        long newerRow = repository.add("video", "alibaba/wan-2.5/text-to-video", "/x", newer);
        StoredDetection older = new StoredDetection("google", "MODEL", "old", "r-0123456789ab");
        long olderRow = repository.add("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", older);

        BackfillReport report = new BackfillService(BUILT_IN, repository).backfill(ONE_WRITER, ProgressListener.NONE);

        assertThat(repository.stored(clientRow)).isEqualTo(client("runway"));
        assertThat(repository.stored(newerRow)).isEqualTo(newer);
        assertThat(repository.stored(olderRow).providerId()).isEqualTo("wavespeed");
        assertThat(report.leftAlone()).isEqualTo(1);
        assertThat(report.written()).isEqualTo(1);
        assertThat(report.changes()).containsExactly(new ProviderChange("google", "wavespeed", 1));
    }

    @Test
    void givenDryRun_thenNothingIsWritten_andTheChangesAreReported() {
        long a = repository.add("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", null);
        repository.add("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", null);

        BackfillReport report = new BackfillService(BUILT_IN, repository)
                .backfill(new BackfillCommand(1, 1, 0, true), ProgressListener.NONE);

        assertThat(repository.stored(a)).isNull();
        assertThat(report.dryRun()).isTrue();
        assertThat(report.changes()).containsExactly(new ProviderChange(null, "wavespeed", 2));
        assertThat(report.batches()).isEqualTo(2);
    }

    @Test
    void givenARuleChange_whenBackfilledAgain_thenOnlyRowsOfTheOldVersionAreRewritten_andOnlyAffectedOnesChange() {
        long flux = repository.add("stability", "black-forest-labs/flux-dev", "/image", null);
        long wan = repository.add("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", null);
        new BackfillService(BUILT_IN, repository).backfill(ONE_WRITER, ProgressListener.NONE);
        ProviderDetector deployed = ProviderDetector.withDeploymentRules("deploy.rules", new StringReader(
                "revision 1\nrule model.media.flux MODEL token fal flux in=stability,image_edit\n"));

        BackfillReport report = new BackfillService(deployed, repository).backfill(ONE_WRITER, ProgressListener.NONE);

        assertThat(repository.stored(flux).providerId()).isEqualTo("fal");
        assertThat(repository.stored(wan).providerId()).isEqualTo("wavespeed");
        assertThat(repository.stored(wan).rulesVersion()).isEqualTo(deployed.rulesVersion());
        assertThat(report.changes()).containsExactlyInAnyOrder(new ProviderChange("wavespeed", "fal", 1),
                new ProviderChange("wavespeed", "wavespeed", 1));
        // Back on the built-in rules, rows of the deployment's higher revision are newer: left alone.
        BackfillReport back = new BackfillService(BUILT_IN, repository).backfill(ONE_WRITER, ProgressListener.NONE);
        assertThat(back.written()).isZero();
        assertThat(back.leftAlone()).isEqualTo(2);
    }

    @Test
    void givenManyRowsAndSeveralWriters_thenEveryRowIsWrittenOnce_andASecondRunWritesNothing() {
        for (int i = 0; i < 1000; i++) {
            repository.add(i % 2 == 0 ? "video" : "gemini", "model-" + (i % 7), "/e/" + (i % 3), null);
        }
        List<Progress> seen = new ArrayList<>();

        BackfillReport report = new BackfillService(BUILT_IN, repository)
                .backfill(new BackfillCommand(37, 4, 0, false), seen::add);

        assertThat(report.written()).isEqualTo(1000);
        assertThat(report.changes().stream().mapToLong(ProviderChange::rows).sum()).isEqualTo(1000);
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).written()).isEqualTo(1000);
        assertThat(seen.get(0).estimatedRows()).isEqualTo(1000);
        BackfillReport again = new BackfillService(BUILT_IN, repository)
                .backfill(new BackfillCommand(37, 4, 0, false), ProgressListener.NONE);
        assertThat(again.examined()).isZero();
        assertThat(again.written()).isZero();
    }

    @Test
    void givenMaxRate_thenTheRunTakesAtLeastRowsOverRate() {
        for (int i = 0; i < 40; i++) {
            repository.add("video", "m", "/e", null);
        }

        BackfillReport report = new BackfillService(BUILT_IN, repository)
                .backfill(new BackfillCommand(10, 1, 100, false), ProgressListener.NONE);

        assertThat(report.written()).isEqualTo(40);
        assertThat(report.elapsed().toMillis()).isGreaterThanOrEqualTo(390);
    }

    @Test
    void givenAWriterFails_thenTheBackfillFailsWithThatError() {
        repository.add("video", "m", "/e", null);
        BackfillRepository failing = new BackfillRepository() {
            @Override
            public List<BackfillCandidate> candidatesAfter(long afterId, String v, int limit) {
                return repository.candidatesAfter(afterId, v, limit);
            }

            @Override
            public List<BackfillCandidate> undetected(int limit) {
                return repository.undetected(limit);
            }

            @Override
            public long countCandidates(String v) {
                return repository.countCandidates(v);
            }

            @Override
            public List<Long> apply(List<Redetection> batch) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public List<DetectionVersionCount> detectionVersions() {
                return List.of();
            }

            @Override
            public List<ProviderCheckRow> providerCheck() {
                return List.of();
            }
        };

        assertThatThrownBy(() -> new BackfillService(BUILT_IN, failing).backfill(ONE_WRITER, ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
    }

    @Test
    void badCommands_areRejectedWithAReason() {
        assertThatThrownBy(() -> new BackfillCommand(0, 1, 0, false)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new BackfillCommand(10, 0, 0, false)).hasMessageContaining("writers");
        assertThatThrownBy(() -> new BackfillCommand(10, 1, -1, false)).hasMessageContaining("max rate");
    }
}
