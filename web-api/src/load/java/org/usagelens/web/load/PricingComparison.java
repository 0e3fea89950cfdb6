package org.usagelens.web.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.pricing.CallToPrice;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.PriceResult;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.pricing.Units;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.web.load.SyntheticEvents.Shape;

/**
 * Pricing at write against client costs, side by side on one server and table: the same clients post the same call
 * mix ({@link SyntheticEvents#CALLS}, tokens on every call and {@code units} on the media calls) either with a client
 * cost ({@link Shape#CLIENT_COST}: the catalog only adds its figure beside it) or without one ({@link Shape#CATALOG}:
 * the catalog prices the call, or the row says why it cannot). Phases alternate A B, then B A, and so on (so that a
 * table that grows, or a load that drifts, favours neither), each on users of its own; every phase is checked row by
 * row against the catalog. Reports events/s and the server JVM's and PostgreSQL's CPU time per event for each shape,
 * and what the pricer itself costs per call in this JVM.
 */
final class PricingComparison {
    private static final Duration MICRO = Duration.ofSeconds(3);

    private PricingComparison() {
    }

    private record Phase(Shape shape, int round, Ingestor.Result result, double serverCpuMicros,
                         double postgresCpuMicros, String loadBefore, String loadAfter,
                         Reconciliation.Provenance check) {
    }

    /**
     * @param postgresData the data directory of the PostgreSQL server {@code db} is on (its {@code postmaster.pid}
     *                     names the process whose CPU time, with its backends', is counted)
     */
    static void run(ServerProcess server, DatabaseUrl db, Path postgresData, String key, int clients, int batch,
                    Duration warmUp, Duration measured, int rounds) throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
        ProviderDetector detector = ProviderDetector.builtIn();
        Pricer pricer = new Pricer(PriceCatalog.builtIn());
        System.out.printf(Locale.ROOT, "pricing at write: %d clients x batches of %d, %d round(s) of both shapes, %d s"
                        + " each after %d s of warm-up per shape; price catalog %s%n", clients, batch, rounds,
                measured.toSeconds(), warmUp.toSeconds(), pricer.catalog().priceVersion());
        new Ingestor(server.base(), key, "pwarm-client-", clients, 1, batch, 0, ServerProcess.CLOCK, Shape.CLIENT_COST)
                .run(warmUp);
        new Ingestor(server.base(), key, "pwarm-catalog-", clients, 1, batch, 0, ServerProcess.CLOCK, Shape.CATALOG)
                .run(warmUp);
        List<Phase> phases = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<Shape> order = round % 2 == 1 ? List.of(Shape.CLIENT_COST, Shape.CATALOG)
                    : List.of(Shape.CATALOG, Shape.CLIENT_COST);
            for (Shape shape : order) {
                String prefix = (shape == Shape.CATALOG ? "catalog" : "client") + "-r" + round + "-";
                Ingestor ingestor = new Ingestor(server.base(), key, prefix, clients, 1, batch, 0, ServerProcess.CLOCK,
                        shape);
                String loadBefore = loadAverage();
                Map<Long, Duration> postgresBefore = postgresCpu(postmaster);
                Duration serverBefore = cpu(server.pid());
                Ingestor.Result result = ingestor.run(measured);
                Duration serverCpu = cpu(server.pid()).minus(serverBefore);
                Duration postgresCpu = since(postgresBefore, postgresCpu(postmaster));
                String loadAfter = loadAverage();
                Reconciliation.Provenance check = Reconciliation.checkProvenance(db, ingestor, detector, pricer);
                Phase phase = new Phase(shape, round, result, perEvent(serverCpu, result.events()),
                        perEvent(postgresCpu, result.events()), loadBefore, loadAfter, check);
                phases.add(phase);
                System.out.printf(Locale.ROOT, "  round %d, %-11s %s: %d events in %.1f s = %.0f events/s; batch %s;"
                                + " server CPU %.1f us/event, PostgreSQL CPU %.1f us/event; errors %d; load %s -> %s%n",
                        round, shape, Instant.now().truncatedTo(ChronoUnit.SECONDS), result.events(), result.seconds(),
                        result.eventsPerSecond(), result.batchLatencies().summary(), phase.serverCpuMicros(),
                        phase.postgresCpuMicros(), result.errors(), loadBefore, loadAfter);
                result.errorSamples().forEach(s -> System.out.println("    " + s));
                System.out.println("    check: " + check);
            }
        }
        Map<Shape, long[]> events = new EnumMap<>(Shape.class);
        Map<Shape, double[]> totals = new EnumMap<>(Shape.class);
        for (Phase p : phases) {
            events.computeIfAbsent(p.shape(), s -> new long[1])[0] += p.result().events();
            double[] t = totals.computeIfAbsent(p.shape(), s -> new double[3]);
            t[0] += p.result().seconds();
            t[1] += p.serverCpuMicros() * p.result().events();
            t[2] += p.postgresCpuMicros() * p.result().events();
        }
        double clientRate = events.get(Shape.CLIENT_COST)[0] / totals.get(Shape.CLIENT_COST)[0];
        double catalogRate = events.get(Shape.CATALOG)[0] / totals.get(Shape.CATALOG)[0];
        for (int round = 1; round <= rounds; round++) {
            double a = 0;
            double b = 0;
            for (Phase p : phases) {
                if (p.round() == round) {
                    if (p.shape() == Shape.CATALOG) {
                        b = p.result().eventsPerSecond();
                    } else {
                        a = p.result().eventsPerSecond();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  round %d: catalog-priced / client cost = %.1f%%%n", round, 100 * b / a);
        }
        System.out.printf(Locale.ROOT, "client cost (A): %d events in %.1f s = %.0f events/s; server CPU %.1f us/event,"
                        + " PostgreSQL CPU %.1f us/event%n", events.get(Shape.CLIENT_COST)[0],
                totals.get(Shape.CLIENT_COST)[0], clientRate,
                totals.get(Shape.CLIENT_COST)[1] / events.get(Shape.CLIENT_COST)[0],
                totals.get(Shape.CLIENT_COST)[2] / events.get(Shape.CLIENT_COST)[0]);
        System.out.printf(Locale.ROOT, "catalog-priced (B): %d events in %.1f s = %.0f events/s; server CPU %.1f us/event,"
                        + " PostgreSQL CPU %.1f us/event%n", events.get(Shape.CATALOG)[0], totals.get(Shape.CATALOG)[0],
                catalogRate, totals.get(Shape.CATALOG)[1] / events.get(Shape.CATALOG)[0],
                totals.get(Shape.CATALOG)[2] / events.get(Shape.CATALOG)[0]);
        System.out.printf(Locale.ROOT, "catalog-priced / client cost = %.1f%%: pricing at write costs %.1f%% of the"
                        + " ingestion rate (target <= 5%%)%n", 100 * catalogRate / clientRate,
                100 * (1 - catalogRate / clientRate));
        boolean clean = phases.stream().allMatch(p -> p.check().exact() && p.result().errors() == 0);
        System.out.println(clean ? "every phase: zero errors, every row as the catalog says"
                : "SOME PHASE FAILED: see the checks above");
        pricerCost(pricer, detector, catalogRate);
    }

    /**
     * The pricer alone in this JVM, over the catalog phase's call mix: what the server pays for it per event (in both
     * shapes: a client's cost gets the catalog's figure beside it), against the machine's time per event.
     */
    private static void pricerCost(Pricer pricer, ProviderDetector detector, double eventsPerSecond) {
        int n = SyntheticEvents.CALLS.length * 100;
        CallToPrice[] calls = new CallToPrice[n];
        Instant now = ServerProcess.CLOCK.instant();
        int priced = 0;
        Map<String, Integer> reasons = new HashMap<>();
        for (int seq = 0; seq < n; seq++) {
            String[] call = SyntheticEvents.CALLS[seq % SyntheticEvents.CALLS.length];
            String unit = SyntheticEvents.unit(seq);
            Units units = unit == null ? Units.NONE : new Units(Map.of(PriceUnit.fromWireName(unit).orElseThrow(),
                    BigDecimal.valueOf(SyntheticEvents.unitQuantity(seq))));
            calls[seq] = new CallToPrice(detector.detect(call[0], call[1], call[2]).provider().id(), call[1], now,
                    (long) SyntheticEvents.tokensInput(seq), (long) SyntheticEvents.tokensOutput(seq), null, units);
            PriceResult r = pricer.price(calls[seq]);
            if (r instanceof PriceResult.Priced) {
                priced++;
            } else {
                reasons.merge(call[1] + " on " + calls[seq].provider() + ": "
                        + ((PriceResult.Unpriced) r).reason().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "the catalog prices %d of the %d calls of the mix (%.0f%%); unpriced: %s%n",
                priced / 100, SyntheticEvents.CALLS.length, 100.0 * priced / n, reasons.keySet());
        time(pricer, calls, MICRO);
        double nanos = time(pricer, calls, MICRO);
        double budget = 2 * 1e9 / eventsPerSecond;
        System.out.printf(Locale.ROOT, "the pricer alone, this JVM, 1 thread: %.0f ns per call of the mix; at %.0f"
                        + " events/s on %d cores the machine spends %.0f ns per event, so pricing is %.2f%% of it%n",
                nanos, eventsPerSecond, Runtime.getRuntime().availableProcessors(), budget, 100 * nanos / budget);
    }

    private static volatile Object sink;

    private static double time(Pricer pricer, CallToPrice[] calls, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long done = 0;
        Object last = null;
        while (System.nanoTime() < deadline) {
            for (CallToPrice c : calls) {
                last = pricer.price(c);
            }
            done += calls.length;
        }
        sink = last;
        return (System.nanoTime() - start) / (double) done;
    }

    private static double perEvent(Duration cpu, long events) {
        return events == 0 ? 0 : cpu.toNanos() / 1e3 / events;
    }

    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** CPU time so far of the PostgreSQL server and each of its processes (backends, WAL writer, checkpointer...). */
    private static Map<Long, Duration> postgresCpu(long postmaster) {
        Map<Long, Duration> cpu = new HashMap<>();
        ProcessHandle.of(postmaster).ifPresent(p -> {
            cpu.put(p.pid(), p.info().totalCpuDuration().orElse(Duration.ZERO));
            p.descendants().forEach(h -> cpu.put(h.pid(), h.info().totalCpuDuration().orElse(Duration.ZERO)));
        });
        return cpu;
    }

    /** CPU time spent between two snapshots (processes that ended in between are not counted). */
    private static Duration since(Map<Long, Duration> before, Map<Long, Duration> after) {
        Duration sum = Duration.ZERO;
        for (Map.Entry<Long, Duration> e : after.entrySet()) {
            sum = sum.plus(e.getValue().minus(before.getOrDefault(e.getKey(), Duration.ZERO)));
        }
        return sum;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
