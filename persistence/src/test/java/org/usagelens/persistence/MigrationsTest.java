package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.usagelens.persistence.testing.TestDatabases;

class MigrationsTest {

    @Test
    void migrationsOnRealPostgres_matchTheGeneratedJooqSchema_andRerunChangesNothing() {
        try (HikariDataSource ds = DataSources.pooled(TestDatabases.fresh(), "migrations-test", 2, Duration.ofSeconds(5))) {
            assertThat(Migrations.apply(ds)).isEqualTo(TestDatabases.MIGRATIONS);
            assertThat(Migrations.apply(ds)).isZero();

            DSLContext dsl = Jooq.context(ds);
            // The generated code comes from the same files, parsed at build time; this proves the
            // parse matches what PostgreSQL itself makes of them, table by table.
            for (Table<?> generatedTable : org.usagelens.persistence.jooq.DefaultSchema.DEFAULT_SCHEMA.getTables()) {
                Table<?> real = dsl.meta().getTables(generatedTable.getName()).get(0);
                Map<String, String> realColumns = describe(real.fields());
                Map<String, String> generated = describe(generatedTable.fields());
                assertThat(realColumns).as(generatedTable.getName()).isEqualTo(generated);
            }
            assertThat(org.usagelens.persistence.jooq.DefaultSchema.DEFAULT_SCHEMA.getTables()).contains(API_USAGE_LOGS)
                    .hasSize(7);
        }
    }

    /** Column name to Java type and nullability: what the repository's code relies on. */
    private static Map<String, String> describe(Field<?>[] fields) {
        // jOOQ's meta reader gives a DATE as java.sql.Date; the generated code uses java.time, as configured.
        return java.util.Arrays.stream(fields).collect(Collectors.toMap(Field::getName,
                f -> (f.getType() == java.sql.Date.class ? "LocalDate" : f.getType().getSimpleName())
                        + (f.getDataType().nullable() ? " null" : " not null")));
    }
}
