package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.usagelens.domain.model.CostSource;
import org.usagelens.domain.model.RepriceCandidate;
import org.usagelens.domain.model.RepriceReport;
import org.usagelens.domain.model.RepriceReport.ModelChange;
import org.usagelens.domain.model.Repricing;
import org.usagelens.domain.model.StoredCost;
import org.usagelens.domain.port.in.RepriceUseCase;
import org.usagelens.domain.port.out.RepriceRepository;
import org.usagelens.domain.pricing.CallToPrice;
import org.usagelens.domain.pricing.PriceResult;
import org.usagelens.domain.pricing.Pricer;

/**
 * Walks the rows judged against another catalog version by id in keyset batches and costs them again with the current
 * catalog: a row the catalog priced (or could not price) gets the new price or the new reason; a client's cost is never
 * touched, only the catalog's figure beside it. Each batch is written in its own short transaction, guarded by the
 * cost each row held when read, together with the old values, under a run id; so a run stopped at any point leaves
 * only whole batches, a rerun picks up the rest, and {@link #revert} restores a run exactly.
 */
public final class RepriceService implements RepriceUseCase {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private final Pricer pricer;
    private final RepriceRepository repository;
    private final Clock clock;

    public RepriceService(Pricer pricer, RepriceRepository repository, Clock clock) {
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RepriceReport reprice(RepriceCommand command, Listener listener) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(listener, "listener");
        String version = pricer.catalog().priceVersion();
        long start = System.nanoTime();
        String runId = command.dryRun() ? null : "reprice-" + RUN_TIME.format(clock.instant()) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        long candidates = repository.countCandidates(version);
        if (runId != null) {
            repository.startRun(runId, version, clock.instant());
        }
        listener.started(runId, candidates);
        Map<List<String>, long[]> counts = new HashMap<>();
        Map<List<String>, BigDecimal[]> totals = new HashMap<>();
        long after = 0;
        long examined = 0;
        long written = 0;
        long unchanged = 0;
        long conflicts = 0;
        int batch = 0;
        while (true) {
            List<RepriceCandidate> rows = repository.candidatesAfter(after, version, command.batchSize());
            if (rows.isEmpty()) {
                break;
            }
            after = rows.get(rows.size() - 1).id();
            examined += rows.size();
            List<Repricing> repricings = new ArrayList<>(rows.size());
            for (RepriceCandidate row : rows) {
                StoredCost repriced = reprice(row, version);
                boolean figuresChanged = !sameFigures(row.cost(), repriced);
                if (figuresChanged) {
                    tally(counts, totals, row, repriced);
                } else {
                    unchanged++;
                }
                repricings.add(new Repricing(row.id(), row.provider(), row.cost(), repriced));
            }
            if (!command.dryRun()) {
                int done = repository.apply(runId, ++batch, version, repricings);
                written += done;
                conflicts += repricings.size() - done;
            }
            listener.progress(examined, written, Duration.ofNanos(System.nanoTime() - start));
        }
        if (runId != null) {
            repository.finishRun(runId, clock.instant(), written);
        }
        List<ModelChange> changes = new ArrayList<>();
        counts.forEach((key, c) -> changes.add(new ModelChange(key.get(0), key.get(1), c[0], strip(totals.get(key)[0]),
                strip(totals.get(key)[1]), c[1], c[2])));
        changes.sort(Comparator.comparing(ModelChange::provider).thenComparing(ModelChange::model));
        return new RepriceReport(runId, command.dryRun(), version, examined, command.dryRun() ? 0 : written, unchanged,
                conflicts, changes, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The row's cost by the current catalog: the client's stays, the catalog's figure and the version move. */
    StoredCost reprice(RepriceCandidate row, String version) {
        PriceResult price = pricer.price(new CallToPrice(row.provider(), row.model(), row.timestamp(), row.tokensInput(),
                row.tokensOutput(), null, row.units()));
        BigDecimal catalogTotal = price instanceof PriceResult.Priced p ? p.costTotal() : null;
        StoredCost old = row.cost();
        if (old.source() == CostSource.CLIENT) {
            return new StoredCost(old.costInput(), old.costOutput(), old.costTotal(), CostSource.CLIENT, null, version,
                    catalogTotal);
        }
        if (price instanceof PriceResult.Priced p) {
            return new StoredCost(p.costInput(), p.costOutput(), p.costTotal(), CostSource.CATALOG, null, version,
                    p.costTotal());
        }
        PriceResult.Unpriced u = (PriceResult.Unpriced) price;
        return new StoredCost(null, null, null, CostSource.UNPRICED, u.reason().name().toLowerCase(Locale.ROOT), version, null);
    }

    private static boolean sameFigures(StoredCost a, StoredCost b) {
        return a.source() == b.source() && Objects.equals(a.unpricedReason(), b.unpricedReason())
                && same(a.costInput(), b.costInput()) && same(a.costOutput(), b.costOutput())
                && same(a.costTotal(), b.costTotal()) && same(a.catalogCostTotal(), b.catalogCostTotal());
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static void tally(Map<List<String>, long[]> counts, Map<List<String>, BigDecimal[]> totals,
                              RepriceCandidate row, StoredCost repriced) {
        List<String> key = List.of(row.provider() == null ? "(none)" : row.provider(),
                row.model() == null ? "(none)" : row.model());
        long[] c = counts.computeIfAbsent(key, k -> new long[3]);
        c[0]++;
        if (row.cost().source() == CostSource.UNPRICED && repriced.source() == CostSource.CATALOG) {
            c[1]++;
        }
        if (row.cost().source() == CostSource.CATALOG && repriced.source() == CostSource.UNPRICED) {
            c[2]++;
        }
        BigDecimal[] t = totals.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        t[0] = t[0].add(figure(row.cost()));
        t[1] = t[1].add(figure(repriced));
    }

    /** The cost a re-pricing moves: the row's own for the catalog's rows, the catalog's figure for a client's. */
    private static BigDecimal figure(StoredCost cost) {
        BigDecimal value = cost.source() == CostSource.CLIENT ? cost.catalogCostTotal() : cost.costTotal();
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal strip(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    @Override
    public RepriceReport.Reverted revert(String runId) {
        Optional<RepriceRepository.Run> run = repository.run(runId);
        if (run.isEmpty()) {
            throw new IllegalArgumentException("no re-pricing run " + runId);
        }
        if (run.get().revertedAt() != null) {
            throw new IllegalArgumentException("run " + runId + " was reverted already, at " + run.get().revertedAt());
        }
        long restored = 0;
        long skipped = 0;
        // Newest batch first: a row is in at most one batch of a run, so the order only matters for a kill half-way,
        // which then leaves the run's oldest batches to a rerun of the revert.
        List<Integer> batches = new ArrayList<>(repository.batches(runId));
        java.util.Collections.reverse(batches);
        for (int batch : batches) {
            long[] r = repository.revertBatch(runId, batch);
            restored += r[0];
            skipped += r[1];
        }
        repository.markReverted(runId, clock.instant());
        return new RepriceReport.Reverted(runId, restored, skipped);
    }
}
