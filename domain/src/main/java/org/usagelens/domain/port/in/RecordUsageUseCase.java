package org.usagelens.domain.port.in;

import java.util.List;
import java.util.Objects;
import org.usagelens.domain.model.EventOutcome;
import org.usagelens.domain.model.UsageEventDraft;

/** Inbound port: record a batch of usage events, each stored once per user and idempotency key. */
public interface RecordUsageUseCase {

    /**
     * Validates each event, detects its actual provider and stores the valid new ones in one
     * transaction. Returns one outcome per event, in order; when it returns, the stored events are
     * committed.
     *
     * @throws org.usagelens.domain.model.StorageUnavailableException when the store cannot be reached;
     *         then nothing of the batch was stored
     */
    RecordUsageResult record(RecordUsageCommand command);

    /** The events of one batch, in the client's order. */
    record RecordUsageCommand(List<UsageEventDraft> events) {
        public RecordUsageCommand {
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }
    }

    /** One outcome per event of the command, in the same order. */
    record RecordUsageResult(List<EventOutcome> outcomes) {
        public RecordUsageResult {
            outcomes = List.copyOf(outcomes);
        }
    }
}
