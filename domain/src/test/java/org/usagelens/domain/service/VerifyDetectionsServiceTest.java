package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.VerificationReport;
import org.usagelens.domain.port.in.BackfillUseCase.BackfillCommand;
import org.usagelens.domain.port.in.BackfillUseCase.ProgressListener;
import org.usagelens.domain.testing.InMemoryBackfillRepository;

class VerifyDetectionsServiceTest {

    private static final ProviderDetector BUILT_IN = ProviderDetector.builtIn();
    private final InMemoryBackfillRepository repository = new InMemoryBackfillRepository();

    @Test
    void givenMissingAndOlderRows_thenIncomplete_andAfterBackfillComplete() {
        repository.add("video", "wan", "/video-generation/wavespeed", null);
        repository.add("gemini", "gemini-2.5-flash", "/g", new StoredDetection("google", "MODEL", "x", "r-0123456789ab"));
        repository.add("gemini", "gemini-2.5-flash", "/g", new StoredDetection("google", "MODEL", "x", "r99.0-0123456789ab"));
        repository.add("video", "wan", "/x", new StoredDetection("runway", StoredDetection.CLIENT_SOURCE, null, null));
        VerifyDetectionsService verify = new VerifyDetectionsService(BUILT_IN, repository);

        VerificationReport before = verify.verify();

        assertThat(before.rows()).isEqualTo(4);
        assertThat(before.withoutProvider()).isEqualTo(1);
        assertThat(before.detectedByOlderRules()).isEqualTo(1);
        assertThat(before.complete()).isFalse();
        assertThat(before.check()).hasSize(3);

        new BackfillService(BUILT_IN, repository).backfill(new BackfillCommand(10, 1, 0, false), ProgressListener.NONE);
        VerificationReport after = verify.verify();

        assertThat(after.complete()).isTrue();
        assertThat(after.rulesVersion()).isEqualTo(BUILT_IN.rulesVersion());
    }
}
