package org.usagelens.web.testing;

import java.time.Instant;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.wiring.ServerMain;

/**
 * The server's {@code main} for tests that run it in a child JVM: the same start-up, on a {@link TestClock} that
 * starts at the instant given in {@code -Dusagelens.test.clock} (the parent test's clock when it spawned the child).
 */
public final class TestClockServerMain {
    /** The system property that carries the instant the child's clock starts at. */
    public static final String CLOCK_PROPERTY = "usagelens.test.clock";

    private TestClockServerMain() {
    }

    public static void main(String[] args) {
        String start = System.getProperty(CLOCK_PROPERTY);
        if (start == null) {
            System.err.println("usagelens test server: -D" + CLOCK_PROPERTY + "=<instant> is required");
            System.exit(2);
        }
        ServerMain.run(System.getenv(), new TestClock(Instant.parse(start)));
    }
}
