package org.usagelens.domain.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.CategoryGuess;
import org.usagelens.domain.model.EventOutcome;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.port.in.RecordUsageUseCase;
import org.usagelens.domain.port.out.UsageLogRepository;

/** Validates, detects and stores a batch of usage events; each (user, key) is stored once. */
public final class RecordUsageService implements RecordUsageUseCase {

    private final UsageEventValidator validator;
    private final ProviderDetector detector;
    private final Pricer pricer;
    private final UsageLogRepository repository;

    public RecordUsageService(UsageEventValidator validator, ProviderDetector detector, Pricer pricer,
                              UsageLogRepository repository) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public RecordUsageResult record(RecordUsageCommand command) {
        List<UsageEventDraft> drafts = command.events();
        EventOutcome[] outcomes = new EventOutcome[drafts.size()];
        List<Integer> positions = new ArrayList<>();
        List<NewUsageLog> toStore = new ArrayList<>();
        List<List<String>> notes = new ArrayList<>();
        Set<List<String>> seenInBatch = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            UsageEventValidator.Result result = validator.validate(drafts.get(i));
            if (!result.valid()) {
                outcomes[i] = new EventOutcome.Rejected(result.problems());
                continue;
            }
            UsageEvent event = result.event();
            if (!seenInBatch.add(List.of(event.userId(), event.idempotencyKey()))) {
                // A repeat inside one batch is a replay too: the first occurrence wins.
                outcomes[i] = new EventOutcome.Duplicate(event.idempotencyKey());
                continue;
            }
            positions.add(i);
            UsageEventDraft draft = drafts.get(i);
            CategoryGuess guess = draft.categoryIsAGuess() ? new CategoryGuess(draft.providerHint()) : null;
            StoredDetection detection = detect(event, guess);
            toStore.add(new NewUsageLog(event, detection, Costing.cost(pricer, event, detection), guess));
            notes.add(result.notes());
        }
        if (!toStore.isEmpty()) {
            List<OptionalLong> ids = repository.insertNew(toStore);
            for (int j = 0; j < ids.size(); j++) {
                NewUsageLog log = toStore.get(j);
                OptionalLong id = ids.get(j);
                outcomes[positions.get(j)] = id.isPresent()
                        ? new EventOutcome.Stored(id.getAsLong(), log.detection(), displayName(log.detection()),
                                log.cost(), notes.get(j))
                        : new EventOutcome.Duplicate(log.event().idempotencyKey());
            }
        }
        return new RecordUsageResult(List.of(outcomes));
    }

    private StoredDetection detect(UsageEvent event, CategoryGuess guess) {
        if (event.actualProviderName() != null) {
            return new StoredDetection(event.actualProviderName(), StoredDetection.CLIENT_SOURCE, null, null);
        }
        // An instrumentation's description (an OTLP span): its category is derived from the instrumentation's guess,
        // which ranks below endpoint and model. Events applications post keep the precedence where the category decides.
        Detection d = CategoryGuess.detect(detector, guess, event.category().wireName(), event.modelUsed(),
                event.endpoint());
        return StoredDetection.of(d);
    }

    /** The catalog's display name of the stored provider, or its id for one the catalog does not know (a client's). */
    private String displayName(StoredDetection detection) {
        return detector.provider(detection.providerId()).map(org.usagelens.detection.Provider::displayName)
                .orElse(detection.providerId());
    }
}
