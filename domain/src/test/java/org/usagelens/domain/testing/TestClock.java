package org.usagelens.domain.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The clock of tests: it starts at an instant the test chooses and moves on with the real time elapsed since
 * (timeouts, expiries and ordering behave as in production), and a test may set it to any other instant. It never
 * reads the wall clock, so what a test expects never depends on the day it runs.
 */
public final class TestClock extends Clock {
    /** Where test servers start unless a test says otherwise: an ordinary instant in the middle of a month. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-18T10:15:30Z");
    private static final TestClock STANDARD = new TestClock(DEFAULT_START);

    private final ZoneId zone;
    private final State state;

    private static final class State {
        Instant base;
        long baseNanos;
    }

    public TestClock(Instant start) {
        this(ZoneOffset.UTC, new State());
        set(start);
    }

    private TestClock(ZoneId zone, State state) {
        this.zone = zone;
        this.state = state;
    }

    /** The clock shared by the tests that do not pick an instant of their own (it starts at {@link #DEFAULT_START}). */
    public static TestClock standard() {
        return STANDARD;
    }

    /** Moves the clock to {@code instant}; it goes on from there. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (state) {
            state.base = instant;
            state.baseNanos = System.nanoTime();
        }
    }

    /** Moves the clock on by {@code duration}. */
    public void advance(Duration duration) {
        set(instant().plus(duration));
    }

    @Override
    public Instant instant() {
        synchronized (state) {
            // Microseconds, as PostgreSQL keeps them and as the system clock reads on Linux.
            return state.base.plusNanos(System.nanoTime() - state.baseNanos).truncatedTo(ChronoUnit.MICROS);
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(other, state);
    }
}
