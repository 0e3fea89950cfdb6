package org.usagelens.domain.service;

import java.util.Objects;
import java.util.function.LongConsumer;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.port.in.MaintainSchemaUseCase;
import org.usagelens.domain.port.out.SchemaOperations;

/**
 * The schema's maintenance in its order: a database of the original system is adopted before any migration runs
 * (the baseline it records is what the migrations start from), and distributed on Citus only once the schema is
 * current; retention removes only when it is not a dry run.
 */
public final class MaintainSchemaService implements MaintainSchemaUseCase {
    private final SchemaOperations schema;

    public MaintainSchemaService(SchemaOperations schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    public void migrate(MigrateSchemaCommand command, Listener listener) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(listener, "listener");
        schema.adoptIfLegacy().ifPresent(listener::adopted);
        listener.migrated(schema.migrate());
        schema.distributeIfCitus(command.citusShardCount()).ifPresent(listener::distributed);
    }

    @Override
    public RetentionReport retain(RetentionCommand command, LongConsumer removedSoFar) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(removedSoFar, "removedSoFar");
        return command.dryRun() ? schema.planRetention(command.before())
                : schema.retain(command.before(), command.batchSize(), removedSoFar);
    }
}
