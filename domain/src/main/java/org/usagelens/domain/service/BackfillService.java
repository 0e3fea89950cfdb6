package org.usagelens.domain.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.CategoryGuess;
import org.usagelens.domain.model.BackfillReport;
import org.usagelens.domain.model.BackfillReport.ProviderChange;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.RulesVersion;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.in.BackfillUseCase;
import org.usagelens.domain.port.out.BackfillRepository;

/**
 * Walks the table by id in keyset batches, detects each candidate row again with the current rules, and writes each
 * batch in its own short transaction (several batches at once with more than one writer). Every write is guarded by
 * the detection the row held when read, and detection is deterministic, so a run stopped at any point and run again
 * ends in the same state as one uninterrupted run.
 */
public final class BackfillService implements BackfillUseCase {

    private final ProviderDetector detector;
    private final BackfillRepository repository;
    private final RulesVersion current;

    public BackfillService(ProviderDetector detector, BackfillRepository repository) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.current = RulesVersion.current(detector.rulesVersion());
    }

    /** Whether a stored row is (still) for the backfill to detect: no provider, or not a client's and older rules. */
    static boolean needsDetection(StoredDetection stored, RulesVersion current) {
        return stored == null || (!stored.suppliedByClient() && current.supersedes(stored.rulesVersion()));
    }

    @Override
    public BackfillReport backfill(BackfillCommand command, ProgressListener progress) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(progress, "progress");
        String version = detector.rulesVersion();
        long start = System.nanoTime();
        long estimated = repository.countCandidates(version);
        Run run = new Run(command);
        long after = 0;
        long examined = 0;
        long leftAlone = 0;
        int batches = 0;
        try {
            while (run.failure.get() == null) {
                List<BackfillCandidate> rows = repository.candidatesAfter(after, version, command.batchSize());
                if (rows.isEmpty()) {
                    break;
                }
                after = rows.get(rows.size() - 1).id();
                examined += rows.size();
                List<Redetection> batch = new ArrayList<>(rows.size());
                for (BackfillCandidate row : rows) {
                    if (!needsDetection(row.stored(), current)) {
                        leftAlone++;
                        continue;
                    }
                    Detection d = CategoryGuess.detect(detector, row.guess(), row.category(), row.model(), row.endpoint());
                    batch.add(new Redetection(row.id(), row.stored(),
                            StoredDetection.of(d)));
                }
                if (!batch.isEmpty()) {
                    batches++;
                    if (command.dryRun()) {
                        run.tally(batch, null);
                        run.written.addAndGet(batch.size());
                    } else {
                        run.submit(batch);
                    }
                }
                progress.onProgress(new Progress(estimated, examined, run.written.get(), since(start)));
                pace(command.maxRate(), examined, start);
            }
        } finally {
            run.finish();
        }
        progress.onProgress(new Progress(estimated, examined, run.written.get(), since(start)));
        long changedConcurrently = run.conflicts.get();
        return new BackfillReport(command.dryRun(), version, examined, run.written.get(), leftAlone,
                changedConcurrently, run.changes(), batches, since(start),
                Duration.ofNanos(run.longestWriteNanos.get()));
    }

    /** Sleeps as long as needed to keep to {@code maxRate} rows per second. */
    private static void pace(double maxRate, long rows, long start) {
        if (maxRate <= 0) {
            return;
        }
        long due = start + (long) (rows / maxRate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("backfill interrupted", e);
            }
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The writers of one run, at most two batches per writer in flight so memory stays flat. */
    private final class Run {
        final ExecutorService writers;
        final Semaphore inFlight;
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final AtomicLong written = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();
        final AtomicLong longestWriteNanos = new AtomicLong();
        final Map<List<String>, Long> changes = new HashMap<>();

        Run(BackfillCommand command) {
            this.writers = command.dryRun() ? null : Executors.newFixedThreadPool(command.writers(), r -> {
                Thread t = new Thread(r, "backfill-writer");
                t.setDaemon(true);
                return t;
            });
            this.inFlight = new Semaphore(command.writers() * 2);
        }

        void submit(List<Redetection> batch) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("backfill interrupted", e);
            }
            writers.execute(() -> {
                try {
                    if (failure.get() != null) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    List<Long> ids = repository.apply(batch);
                    longestWriteNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    written.addAndGet(ids.size());
                    conflicts.addAndGet(batch.size() - ids.size());
                    tally(batch, ids.size() == batch.size() ? null : new HashSet<>(ids));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
        }

        /** Counts the provider changes of the batch's rows ({@code writtenIds} null: all of them). */
        synchronized void tally(List<Redetection> batch, Set<Long> writtenIds) {
            for (Redetection r : batch) {
                if (writtenIds == null || writtenIds.contains(r.id())) {
                    String from = r.expected() == null ? null : r.expected().providerId();
                    changes.merge(Arrays.asList(from, r.detected().providerId()), 1L, Long::sum);
                }
            }
        }

        synchronized List<ProviderChange> changes() {
            List<ProviderChange> out = new ArrayList<>();
            changes.forEach((k, v) -> out.add(new ProviderChange(k.get(0), k.get(1), v)));
            out.sort(Comparator.comparingLong(ProviderChange::rows).reversed()
                    .thenComparing(c -> String.valueOf(c.from())).thenComparing(ProviderChange::to));
            return out;
        }

        void finish() {
            if (writers != null) {
                writers.shutdown();
                try {
                    while (!writers.awaitTermination(1, TimeUnit.SECONDS)) {
                        // wait for the batches in flight: each is one short transaction
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }
    }
}
