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
            assertThat(Migrations.apply(ds)).isEqualTo(3);
            assertThat(Migrations.apply(ds)).isZero();

            DSLContext dsl = Jooq.context(ds);
            Table<?> real = dsl.meta().getTables("api_usage_logs").get(0);
            Map<String, String> realColumns = describe(real.fields());
            Map<String, String> generated = describe(API_USAGE_LOGS.fields());

            // The generated code comes from the same files, parsed at build time; this proves the
            // parse matches what PostgreSQL itself makes of them.
            assertThat(realColumns.keySet()).isEqualTo(generated.keySet());
            assertThat(realColumns).isEqualTo(generated);
        }
    }

    /** Column name to Java type and nullability: what the repository's code relies on. */
    private static Map<String, String> describe(Field<?>[] fields) {
        return java.util.Arrays.stream(fields).collect(Collectors.toMap(Field::getName,
                f -> f.getType().getSimpleName() + (f.getDataType().nullable() ? " null" : " not null")));
    }
}
