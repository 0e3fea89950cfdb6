package org.usagelens.migration.wiring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.port.in.BackfillUseCase;
import org.usagelens.domain.port.in.VerifyDetectionsUseCase;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.service.BackfillService;
import org.usagelens.domain.service.MaintainSchemaService;
import org.usagelens.domain.service.RepriceService;
import org.usagelens.domain.service.VerifyDetectionsService;
import org.usagelens.migration.BadUsageException;
import org.usagelens.migration.Commands;
import org.usagelens.migration.Connections;
import org.usagelens.migration.DetectionUseCases;
import org.usagelens.migration.Reprices;
import org.usagelens.migration.SchemaMaintenance;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.PostgresStore;
import picocli.CommandLine;

/** The CLI's composition root: how commands reach the database, and how picocli builds them. */
@Configuration(proxyBeanMethods = false)
public class MigrationConfiguration {

    @Bean
    Connections connections() {
        return (options, connections) -> {
            if (options.url() == null) {
                throw new BadUsageException("no database given: pass --url or set DATABASE_URL");
            }
            DatabaseUrl url;
            try {
                url = DatabaseUrl.parse(options.url(), options.user(), options.password());
            } catch (IllegalArgumentException e) {
                throw new BadUsageException(e.getMessage());
            }
            // No socket timeout: adopting or migrating millions of rows runs statements for minutes.
            url = new DatabaseUrl(url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?") + "socketTimeout=0",
                    url.user(), url.password());
            probe(url);
            return DataSources.pooled(url, "usagelens-migrate", connections, Duration.ofSeconds(10));
        };
    }

    /**
     * Connects once before the pool starts: the pool would retry a refused connection or a wrong password until its
     * timeout, where the CLI should fail at once with the reason.
     */
    private static void probe(DatabaseUrl url) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("connectTimeout", "5");
        try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), props)) {
            // reachable, and the credentials are accepted
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url, e);
        }
    }

    /** Re-pricing of a database: the domain's service on the PostgreSQL repository, on the CLI's clock. */
    @Bean
    Reprices reprices(Clock clock) {
        return (dataSource, catalog) -> new RepriceService(new Pricer(catalog), PostgresStore.reprices(dataSource), clock);
    }

    /** Backfill and verification of a database: the domain's services on the PostgreSQL backfill repository. */
    @Bean
    DetectionUseCases detectionUseCases() {
        return new DetectionUseCases() {
            @Override
            public BackfillUseCase backfill(DataSource dataSource, ProviderDetector detector) {
                return new BackfillService(detector, PostgresStore.backfills(dataSource));
            }

            @Override
            public VerifyDetectionsUseCase verify(DataSource dataSource, ProviderDetector detector) {
                return new VerifyDetectionsService(detector, PostgresStore.backfills(dataSource));
            }
        };
    }

    /** The schema's maintenance of a database (migrate, retain): the domain's service on PostgreSQL's operations. */
    @Bean
    SchemaMaintenance schemaMaintenance() {
        return dataSource -> new MaintainSchemaService(PostgresStore.schema(dataSource));
    }

    @Bean
    CommandLine.IFactory commandFactory(Connections connections, Reprices reprices, DetectionUseCases detections,
                                        SchemaMaintenance schema, Clock clock) {
        return Commands.factory(connections, detections, reprices, schema, clock);
    }
}
