package org.usagelens.web.wiring;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.port.in.AttributeStoredRowsUseCase;
import org.usagelens.domain.port.in.CheckHealthUseCase;
import org.usagelens.domain.port.in.ListPricesUseCase;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.service.ListPricesService;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase;
import org.usagelens.domain.port.in.RecommendProvidersUseCase;
import org.usagelens.domain.port.in.RecordUsageUseCase;
import org.usagelens.domain.port.in.SeedDemoDataUseCase;
import org.usagelens.domain.port.in.ShowMonthlyTrendsUseCase;
import org.usagelens.domain.port.out.StoreHealth;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.service.AnalyseProvidersService;
import org.usagelens.domain.service.KeptAnalytics;
import org.usagelens.domain.service.AttributeStoredRowsService;
import org.usagelens.domain.service.DemoData;
import org.usagelens.domain.service.DetectionOnRead;
import org.usagelens.domain.service.ListUsageLogsService;
import org.usagelens.domain.service.RecommendProvidersService;
import org.usagelens.domain.service.RecordUsageService;
import org.usagelens.domain.service.SeedDemoDataService;
import org.usagelens.domain.service.ShowMonthlyTrendsService;
import org.usagelens.domain.service.UsageEventValidator;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.persistence.PostgresStore;
import org.usagelens.web.WebApp;

/** The server's composition root: every adapter and service, built explicitly from the settings. */
@Configuration(proxyBeanMethods = false)
public class ServerConfiguration {

    /** Where the database is: the embedded one (started here) or the one named by DATABASE_URL. */
    public record Database(DatabaseUrl url, EmbeddedDatabase embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Marks that the schema is current; beans that touch tables depend on it. */
    public record MigratedSchema(int migrationsApplied) {
    }

    @Bean(destroyMethod = "close")
    Database database(ServerSettings settings) {
        if (settings.embedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(settings.dataDirectory().resolve("postgres"));
            return new Database(embedded.url(), embedded);
        }
        return new Database(DatabaseUrl.parse(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword()), null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Database database, ServerSettings settings) {
        return DataSources.pooled(database.url(), "usagelens-server", settings.poolSize(), Duration.ofSeconds(3),
                settings.statementTimeout(), settings.lockTimeout());
    }

    @Bean
    MigratedSchema migratedSchema(Database database) {
        // Not on the request pool: a migration may build an index for longer than a request's statement timeout.
        // Nor with the pool's 60 s socket timeout: V7 builds its rollups from every row in single statements, which
        // take minutes on a table of millions (as usagelens-migrate does, see MigrationConfiguration).
        DatabaseUrl url = database.url();
        DatabaseUrl noSocketTimeout = new DatabaseUrl(url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?")
                + "socketTimeout=0", url.user(), url.password());
        try (HikariDataSource migrations = DataSources.pooled(noSocketTimeout, "usagelens-server-migrations", 2,
                Duration.ofSeconds(10))) {
            return new MigratedSchema(PostgresStore.schema(migrations).migrate());
        }
    }

    @Bean
    ProviderDetector detector(ServerSettings settings) {
        return settings.rulesFile() == null ? ProviderDetector.builtIn()
                : ProviderDetector.withDeploymentRules(settings.rulesFile());
    }

    @Bean
    UsageLogRepository usageLogRepository(HikariDataSource dataSource, MigratedSchema schema) {
        return PostgresStore.usageLogs(dataSource);
    }

    @Bean
    AnalyticsRepository analyticsRepository(HikariDataSource dataSource, MigratedSchema schema) {
        return PostgresStore.analytics(dataSource);
    }

    @Bean(destroyMethod = "close")
    BackgroundCompaction backgroundCompaction(AnalyticsRepository analytics) {
        return new BackgroundCompaction(analytics);
    }

    @Bean
    StoreHealth storeHealth(HikariDataSource dataSource) {
        return PostgresStore.health(dataSource);
    }

    /** The built-in price catalog, with the deployment file's rows when there is one; a bad file fails the start. */
    @Bean
    PriceCatalog priceCatalog(ServerSettings settings, ProviderDetector detector) {
        return settings.pricesFile() == null ? PriceCatalog.builtIn()
                : PriceCatalog.withDeploymentFile(settings.pricesFile(), detector);
    }

    @Bean
    RecordUsageUseCase recordUsage(Clock clock, ProviderDetector detector, PriceCatalog prices, UsageLogRepository repository) {
        UsageEventValidator validator = new UsageEventValidator(clock, id -> detector.provider(id).isPresent());
        return new RecordUsageService(validator, detector, new Pricer(prices), repository);
    }

    @Bean
    ListPricesUseCase listPrices(PriceCatalog prices) {
        return new ListPricesService(prices);
    }

    @Bean
    ListUsageLogsService listUsageLogs(UsageLogRepository repository, ProviderDetector detector) {
        return new ListUsageLogsService(repository, new DetectionOnRead(detector));
    }

    @Bean
    AnalyseProvidersUseCase analyseProviders(UsageLogRepository repository, AnalyticsRepository analytics,
                                             ProviderDetector detector) {
        // Computed once per change to what a filter covers: the results are kept on the store's change stamp.
        return new KeptAnalytics(new AnalyseProvidersService(repository, analytics, new DetectionOnRead(detector)), analytics);
    }

    @Bean
    RecommendProvidersUseCase recommendProviders(AnalyticsRepository analytics, PriceCatalog prices, ProviderDetector detector) {
        return new RecommendProvidersService(analytics, prices, new DetectionOnRead(detector));
    }

    @Bean
    CheckHealthUseCase checkHealth(StoreHealth storeHealth) {
        return storeHealth::probe;
    }

    /**
     * In demo mode without configured keys: a key made up on first start and kept in the data directory
     * (never logged), so ingestion can be tried.
     */
    public record DemoIngestKey(Optional<String> value, java.nio.file.Path file) {
    }

    @Bean
    DemoIngestKey demoIngestKey(ServerSettings settings) {
        if (!settings.demoMode() || !settings.ingestKeys().isEmpty()) {
            return new DemoIngestKey(Optional.empty(), null);
        }
        java.nio.file.Path file = settings.dataDirectory().resolve("demo-ingest-key").toAbsolutePath();
        try {
            if (java.nio.file.Files.exists(file)) {
                return new DemoIngestKey(Optional.of(java.nio.file.Files.readString(file).trim()), file);
            }
            byte[] random = new byte[18];
            new java.security.SecureRandom().nextBytes(random);
            String key = "demo-" + java.util.HexFormat.of().formatHex(random);
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, key + "\n");
            return new DemoIngestKey(Optional.of(key), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the demo ingest key in " + file, e);
        }
    }

    /** What the API calls: the use cases as their inbound ports; the web adapter never sees a service. */
    @Bean
    WebApp.UseCases webUseCases(RecordUsageUseCase recordUsage, ListUsageLogsService listUsageLogs,
                                AnalyseProvidersUseCase analyse, ShowMonthlyTrendsUseCase trends,
                                RecommendProvidersUseCase recommend, ListPricesUseCase prices, CheckHealthUseCase health) {
        // One service lists and exports: the same reads, paged or streamed.
        return new WebApp.UseCases(recordUsage, listUsageLogs, listUsageLogs, analyse, trends, recommend, prices, health);
    }

    /** The pool's connections for /metrics, read from Hikari's MX bean (absent until the pool has started). */
    @Bean
    WebApp.PoolStats poolStats(HikariDataSource dataSource) {
        return new WebApp.PoolStats() {
            @Override
            public int active() {
                return dataSource.getHikariPoolMXBean() == null ? 0 : dataSource.getHikariPoolMXBean().getActiveConnections();
            }

            @Override
            public int idle() {
                return dataSource.getHikariPoolMXBean() == null ? 0 : dataSource.getHikariPoolMXBean().getIdleConnections();
            }

            @Override
            public int pending() {
                return dataSource.getHikariPoolMXBean() == null ? 0 : dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection();
            }

            @Override
            public int max() {
                return dataSource.getMaximumPoolSize();
            }
        };
    }

    /** The API and dashboard, unstarted: {@link WebApp} builds every route, handler and check from these. */
    @Bean(destroyMethod = "stop")
    Javalin javalin(WebApp.UseCases useCases, ProviderDetector detector, Clock clock, ServerSettings settings,
                    DemoIngestKey demoKey, WebApp.PoolStats poolStats) {
        return WebApp.create(useCases, detector, clock, settings.web(demoKey.value(), DemoData.DEMO_USER), poolStats);
    }

    @Bean
    SeedDemoDataUseCase seedDemoData(ServerSettings settings, UsageLogRepository repository, ProviderDetector detector,
                                     PriceCatalog prices, Clock clock) {
        return settings.seedDemoData() ? new SeedDemoDataService(repository, new DemoData(detector, new Pricer(prices)), clock)
                : () -> new SeedDemoDataUseCase.SeedReport(0, 0, 0);
    }

    @Bean
    AttributeStoredRowsUseCase attributeStoredRows(ProviderDetector detector, HikariDataSource dataSource,
                                                   MigratedSchema schema) {
        return new AttributeStoredRowsService(detector, PostgresStore.backfills(dataSource));
    }

    @Bean(destroyMethod = "close")
    BackgroundAttribution backgroundAttribution(AttributeStoredRowsUseCase attribute, ServerSettings settings) {
        return new BackgroundAttribution(attribute, settings.attributionInterval());
    }

    @Bean
    ShowMonthlyTrendsUseCase monthlyTrends(AnalyticsRepository repository, ProviderDetector detector) {
        return new ShowMonthlyTrendsService(repository, new DetectionOnRead(detector));
    }
}
