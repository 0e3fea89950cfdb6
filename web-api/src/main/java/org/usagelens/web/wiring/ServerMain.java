package org.usagelens.web.wiring;

import io.javalin.Javalin;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.usagelens.domain.port.in.SeedDemoDataUseCase;

/** Starts UsageLens: database, migrations, demo data, then the API and dashboard on one port. */
public final class ServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {
    }

    public static void main(String[] args) {
        run(System.getenv(), Clock.systemUTC());
    }

    /**
     * Reads the settings from {@code env}, starts the server on {@code clock} and stops it when the JVM does; exits
     * with 2 on a bad setting and 1 when the server cannot start.
     */
    public static void run(java.util.Map<String, String> env, Clock clock) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        ServerSettings settings;
        try {
            settings = ServerSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            System.err.println("usagelens: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Server server = Server.start(settings, clock);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "usagelens-shutdown"));
        } catch (RuntimeException e) {
            LOG.error("UsageLens failed to start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** A running server: its Spring context and its port. Closing it stops the server, then the database. */
    public record Server(AnnotationConfigApplicationContext context, int port) implements AutoCloseable {

        /** Starts the server on the system clock (UTC). */
        public static Server start(ServerSettings settings) {
            return start(settings, Clock.systemUTC());
        }

        /**
         * Starts the server with {@code clock} as its only source of the current time: validation, default
         * periods, tokens, demo data and caches all read it, so a test can run the server at any instant.
         */
        public static Server start(ServerSettings settings, Clock clock) {
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            context.registerBean(ServerSettings.class, () -> settings);
            context.registerBean(Clock.class, () -> clock);
            context.register(ServerConfiguration.class);
            try {
                context.refresh();
                SeedDemoDataUseCase.SeedReport seeded = context.getBean(SeedDemoDataUseCase.class).seed();
                if (seeded.stored() > 0) {
                    LOG.info("Demo data: {} usage logs seeded, {} added for the time since the last start, {} recent ones"
                            + " so that every demo provider has calls today", seeded.seeded(), seeded.toppedUp(), seeded.recent());
                }
                Javalin app = context.getBean(Javalin.class).start(settings.host(), settings.port());
                Server server = new Server(context, app.port());
                server.announce(settings);
                return server;
            } catch (RuntimeException e) {
                context.close();
                throw e;
            }
        }

        private void announce(ServerSettings settings) {
            String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
            LOG.info("UsageLens is running: dashboard at http://{}:{}/  ({})", host, port, settings);
            ServerConfiguration.DemoIngestKey demoKey = context.getBean(ServerConfiguration.DemoIngestKey.class);
            if (demoKey.value().isPresent()) {
                LOG.info("Demo mode: the dashboard signs in by itself; to POST /api/usage-events, send the key kept in {} as X-Api-Key",
                        demoKey.file());
            }
        }

        @Override
        public void close() {
            LOG.info("UsageLens is stopping");
            context.close();
        }
    }
}
