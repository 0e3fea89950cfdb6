package org.usagelens.domain.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.out.BackfillRepository;

/** A {@link BackfillRepository} in memory, for service tests; it passes the same contract as the real one. */
public final class InMemoryBackfillRepository implements BackfillRepository {

    private record Row(String category, String model, String endpoint, StoredDetection stored) {
    }

    private final TreeMap<Long, Row> rows = new TreeMap<>();
    private long nextId = 1;

    /** Stores a row (as the original system or the server would) and returns its id. */
    public synchronized long add(String category, String model, String endpoint, StoredDetection stored) {
        long id = nextId++;
        rows.put(id, new Row(category, model, endpoint, stored));
        return id;
    }

    /** Replaces a row's detection, as another writer would. */
    public synchronized void overwrite(long id, StoredDetection stored) {
        Row r = rows.get(id);
        rows.put(id, new Row(r.category(), r.model(), r.endpoint(), stored));
    }

    public synchronized StoredDetection stored(long id) {
        return rows.get(id).stored();
    }

    private static boolean candidate(StoredDetection s, String currentVersion) {
        return s == null || (!s.suppliedByClient() && !currentVersion.equals(s.rulesVersion()));
    }

    @Override
    public synchronized List<BackfillCandidate> candidatesAfter(long afterId, String currentVersion, int limit) {
        List<BackfillCandidate> out = new ArrayList<>();
        for (Map.Entry<Long, Row> e : rows.tailMap(afterId, false).entrySet()) {
            if (out.size() == limit) {
                break;
            }
            Row r = e.getValue();
            if (candidate(r.stored(), currentVersion)) {
                out.add(new BackfillCandidate(e.getKey(), r.category(), r.model(), r.endpoint(), r.stored()));
            }
        }
        return out;
    }

    @Override
    public synchronized List<BackfillCandidate> undetected(int limit) {
        List<BackfillCandidate> out = new ArrayList<>();
        for (Map.Entry<Long, Row> e : rows.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            Row r = e.getValue();
            if (r.stored() == null || r.stored().source() == null) {
                out.add(new BackfillCandidate(e.getKey(), r.category(), r.model(), r.endpoint(), r.stored()));
            }
        }
        return out;
    }

    @Override
    public synchronized long countCandidates(String currentVersion) {
        return rows.values().stream().filter(r -> candidate(r.stored(), currentVersion)).count();
    }

    @Override
    public synchronized List<Long> apply(List<Redetection> batch) {
        List<Long> written = new ArrayList<>();
        for (Redetection r : batch) {
            Row row = rows.get(r.id());
            if (row != null && Objects.equals(row.stored(), r.expected())) {
                rows.put(r.id(), new Row(row.category(), row.model(), row.endpoint(), r.detected()));
                written.add(r.id());
            }
        }
        return written;
    }

    @Override
    public synchronized List<DetectionVersionCount> detectionVersions() {
        Map<String, long[]> counts = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (Row r : rows.values()) {
            if (r.stored() != null && r.stored().suppliedByClient()) {
                continue;
            }
            long[] c = counts.computeIfAbsent(r.stored() == null ? null : r.stored().rulesVersion(), k -> new long[2]);
            c[0]++;
            if (r.stored() == null) {
                c[1]++;
            }
        }
        List<DetectionVersionCount> out = new ArrayList<>();
        counts.forEach((v, c) -> out.add(new DetectionVersionCount(v, c[0], c[1])));
        return out;
    }

    @Override
    public synchronized List<ProviderCheckRow> providerCheck() {
        Map<List<String>, Long> counts = new java.util.HashMap<>();
        for (Row r : rows.values()) {
            counts.merge(Arrays.asList(r.category(), r.stored() == null ? null : r.stored().providerId(), r.model()),
                    1L, Long::sum);
        }
        List<ProviderCheckRow> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new ProviderCheckRow(k.get(0), k.get(1), k.get(2), v)));
        out.sort(CHECK_ORDER);
        return out;
    }

    /** The order of the check's rows: category, provider, model, nulls last. */
    public static final Comparator<ProviderCheckRow> CHECK_ORDER =
            Comparator.comparing(ProviderCheckRow::category, Comparator.nullsLast(Comparator.<String>naturalOrder()))
                    .thenComparing(ProviderCheckRow::actualProvider, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(ProviderCheckRow::model, Comparator.nullsLast(Comparator.naturalOrder()));
}
