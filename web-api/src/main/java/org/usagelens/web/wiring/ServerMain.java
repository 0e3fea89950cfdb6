package org.usagelens.web.wiring;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Starts UsageLens: database, migrations, demo data, then the API and dashboard on one port. */
public final class ServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        ServerSettings settings;
        try {
            settings = ServerSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("usagelens: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Server server = Server.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "usagelens-shutdown"));
        } catch (RuntimeException e) {
            LOG.error("UsageLens failed to start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** A running server: its Spring context and its port. Closing it stops the server, then the database. */
    public record Server(AnnotationConfigApplicationContext context, int port) implements AutoCloseable {

        public static Server start(ServerSettings settings) {
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            context.registerBean(ServerSettings.class, () -> settings);
            context.register(ServerConfiguration.class);
            try {
                context.refresh();
                context.getBean(DemoSeeder.class).seedIfEmpty();
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
