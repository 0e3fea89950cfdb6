package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.videoOnWaveSpeed;
import static org.usagelens.domain.testing.TestUsageEvents.with;
import static org.usagelens.domain.testing.TestUsageEvents.without;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.EventOutcome;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.RecordUsageUseCase.RecordUsageCommand;
import org.usagelens.domain.testing.InMemoryUsageLogRepository;
import org.usagelens.domain.testing.TestUsageEvents;

class RecordUsageServiceTest {

    private final ProviderDetector detector = ProviderDetector.builtIn();
    private final InMemoryUsageLogRepository repository = new InMemoryUsageLogRepository();
    private final RecordUsageService service = new RecordUsageService(
            new UsageEventValidator(Clock.fixed(TestUsageEvents.NOW, ZoneOffset.UTC), id -> detector.provider(id).isPresent()),
            detector, new org.usagelens.domain.pricing.Pricer(org.usagelens.domain.pricing.PriceCatalog.builtIn()), repository);

    @Test
    void givenVideoEventOnWaveSpeedEndpoint_whenRecorded_thenStoredWithWaveSpeedAndEvidence() {
        var result = service.record(new RecordUsageCommand(List.of(videoOnWaveSpeed("k1"))));

        assertThat(result.outcomes()).singleElement().isInstanceOfSatisfying(EventOutcome.Stored.class, stored -> {
            assertThat(stored.detection().providerId()).isEqualTo("wavespeed");
            assertThat(stored.detection().source()).isEqualTo("ENDPOINT");
            assertThat(stored.detection().ruleId()).isNotBlank();
            assertThat(stored.detection().rulesVersion()).isEqualTo(detector.rulesVersion());
        });
        var log = repository.find(UsageLogFilter.forUser("user-1"), LegacyAttribution.NONE, null, 0, 10).get(0);
        assertThat(log.detection().providerId()).isEqualTo("wavespeed");
    }

    @Test
    void givenAnInstrumentationsGuess_thenTheEndpointDecides_whileTheSameEventFromAnApplicationKeepsItsCategory() {
        var fields = new java.util.LinkedHashMap<>(TestUsageEvents.videoOnWaveSpeedFields("router"));
        fields.put("provider", "openai");
        fields.put("model_used", "openai/gpt-oss-120b:groq");
        fields.put("endpoint", "https://router.huggingface.co/v1/chat/completions");
        var applications = new org.usagelens.domain.model.UsageEventDraft(fields);
        fields.put("id", "router-otlp");
        var described = org.usagelens.domain.model.UsageEventDraft.describedByInstrumentation(fields, "openai");

        var result = service.record(new RecordUsageCommand(List.of(applications, described)));

        assertThat(result.outcomes().get(0)).isInstanceOfSatisfying(EventOutcome.Stored.class, stored -> {
            assertThat(stored.detection().providerId()).isEqualTo("openai");
            assertThat(stored.detection().source()).isEqualTo("CATEGORY");
        });
        assertThat(result.outcomes().get(1)).isInstanceOfSatisfying(EventOutcome.Stored.class, stored -> {
            assertThat(stored.detection().providerId()).isEqualTo("huggingface");
            assertThat(stored.detection().source()).isEqualTo("ENDPOINT");
            assertThat(stored.detection().ruleId()).isEqualTo("endpoint.host.huggingface");
        });
    }

    @Test
    void givenAnInstrumentationsGuessAndNothingElse_thenTheHintDecides_andSaysSo() {
        var fields = new java.util.LinkedHashMap<>(TestUsageEvents.videoOnWaveSpeedFields("hinted"));
        fields.put("provider", "mistral");
        fields.put("model_used", "house-model-7");
        fields.put("endpoint", "otlp:chat");

        var result = service.record(new RecordUsageCommand(List.of(
                org.usagelens.domain.model.UsageEventDraft.describedByInstrumentation(fields, "mistral_ai"))));

        assertThat(result.outcomes()).singleElement().isInstanceOfSatisfying(EventOutcome.Stored.class, stored -> {
            assertThat(stored.detection().providerId()).isEqualTo("mistral");
            assertThat(stored.detection().source()).isEqualTo("HINT");
            assertThat(stored.detection().ruleId()).isEqualTo("hint.mistral_ai");
        });
    }

    @Test
    void sameBatchSentThreeTimes_storesEachEventOnce() {
        var batch = new RecordUsageCommand(List.of(videoOnWaveSpeed("a"), videoOnWaveSpeed("b")));
        service.record(batch);
        var second = service.record(batch);
        var third = service.record(batch);

        assertThat(second.outcomes()).allMatch(o -> o instanceof EventOutcome.Duplicate);
        assertThat(third.outcomes()).allMatch(o -> o instanceof EventOutcome.Duplicate);
        assertThat(repository.count(UsageLogFilter.forUser("user-1"), LegacyAttribution.NONE)).isEqualTo(2);
    }

    @Test
    void partialBatch_storesValidEventsAndRejectsOthersInOrder() {
        var result = service.record(new RecordUsageCommand(List.of(
                videoOnWaveSpeed("a"), without(videoOnWaveSpeed("b"), "endpoint"), videoOnWaveSpeed("c"))));

        assertThat(result.outcomes()).hasSize(3);
        assertThat(result.outcomes().get(0)).isInstanceOf(EventOutcome.Stored.class);
        assertThat(result.outcomes().get(1)).isInstanceOfSatisfying(EventOutcome.Rejected.class,
                r -> assertThat(r.problems()).extracting(p -> p.field()).containsExactly("endpoint"));
        assertThat(result.outcomes().get(2)).isInstanceOf(EventOutcome.Stored.class);
        assertThat(repository.count(UsageLogFilter.forUser("user-1"), LegacyAttribution.NONE)).isEqualTo(2);
    }

    @Test
    void repeatedKeyWithinOneBatch_isDuplicateAfterTheFirst() {
        var result = service.record(new RecordUsageCommand(List.of(videoOnWaveSpeed("a"), videoOnWaveSpeed("a"))));
        assertThat(result.outcomes().get(0)).isInstanceOf(EventOutcome.Stored.class);
        assertThat(result.outcomes().get(1)).isInstanceOf(EventOutcome.Duplicate.class);
    }

    @Test
    void clientSuppliedProvider_isStoredWithClientSource() {
        var result = service.record(new RecordUsageCommand(List.of(with(videoOnWaveSpeed("a"), "actual_provider_name", "fal"))));
        assertThat(result.outcomes().get(0)).isInstanceOfSatisfying(EventOutcome.Stored.class, s -> {
            assertThat(s.detection().providerId()).isEqualTo("fal");
            assertThat(s.detection().suppliedByClient()).isTrue();
        });
    }
}
