package org.usagelens.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.out.BackfillRepository;

/**
 * The contract every {@link BackfillRepository} keeps. Subclasses supply an empty store and a way to put rows in it
 * and read them back; the in-memory repository and the PostgreSQL one both run it.
 */
public abstract class AbstractBackfillRepositoryTest {

    protected static final String CURRENT = "r1.0-aaaaaaaaaaaa";
    protected static final String OLDER = "r0.0-bbbbbbbbbbbb";

    protected BackfillRepository repository;

    /** A repository with no rows in it. */
    protected abstract BackfillRepository emptyRepository();

    /** Stores a row with this call signature and detection (null: no provider) and returns its id. */
    protected abstract long insert(String category, String model, String endpoint, StoredDetection stored);

    /** The detection stored with a row now. */
    protected abstract StoredDetection stored(long id);

    /** Changes a row's detection behind the repository's back, as the server would. */
    protected abstract void overwrite(long id, StoredDetection stored);

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
    }

    protected static StoredDetection detectedBy(String provider, String version) {
        return new StoredDetection(provider, "MODEL", "model.test", version);
    }

    protected static StoredDetection client(String provider) {
        return new StoredDetection(provider, StoredDetection.CLIENT_SOURCE, null, null);
    }

    @Test
    void candidatesAfter_returnsRowsWithoutProviderOrWithAnotherVersion_inIdOrder_notClientRows() {
        long missing = insert("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", null);
        long current = insert("gemini", "gemini-2.5-flash", "/v1/generate", detectedBy("google", CURRENT));
        long older = insert("mistral", "openai/gpt-oss-120b:groq", "/v1/chat", detectedBy("openai", OLDER));
        long clientRow = insert("video", "m", "/e", client("runway"));
        long legacyFilled = insert("audio", "tts-1", "/a", new StoredDetection("openai", null, null, null));

        List<BackfillCandidate> rows = repository.candidatesAfter(0, CURRENT, 100);

        assertThat(rows).extracting(BackfillCandidate::id).containsExactly(missing, older, legacyFilled);
        assertThat(rows).extracting(BackfillCandidate::id).doesNotContain(current, clientRow);
        BackfillCandidate first = rows.get(0);
        assertThat(first.category()).isEqualTo("video");
        assertThat(first.model()).isEqualTo("alibaba/wan-2.5/text-to-video");
        assertThat(first.endpoint()).isEqualTo("/video-generation/wavespeed");
        assertThat(first.stored()).isNull();
        assertThat(rows.get(1).stored()).isEqualTo(detectedBy("openai", OLDER));
        assertThat(rows.get(2).stored()).isEqualTo(new StoredDetection("openai", null, null, null));
        assertThat(repository.countCandidates(CURRENT)).isEqualTo(3);
    }

    @Test
    void candidatesAfter_continuesAfterTheGivenId_andKeepsTheLimit() {
        long[] ids = new long[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = insert("video", "m" + i, "/e", null);
        }

        assertThat(repository.candidatesAfter(0, CURRENT, 2)).extracting(BackfillCandidate::id)
                .containsExactly(ids[0], ids[1]);
        assertThat(repository.candidatesAfter(ids[1], CURRENT, 2)).extracting(BackfillCandidate::id)
                .containsExactly(ids[2], ids[3]);
        assertThat(repository.candidatesAfter(ids[4], CURRENT, 2)).isEmpty();
    }

    @Test
    void apply_writesTheNewDetection_andTheRowIsNoLongerACandidate() {
        long id = insert("video", "m", "/video-generation/wavespeed", null);
        StoredDetection detected = new StoredDetection("wavespeed", "ENDPOINT", "endpoint.path.wavespeed", CURRENT);

        List<Long> written = repository.apply(List.of(new Redetection(id, null, detected)));

        assertThat(written).containsExactly(id);
        assertThat(stored(id)).isEqualTo(detected);
        assertThat(repository.candidatesAfter(0, CURRENT, 10)).isEmpty();
    }

    @Test
    void apply_skipsRowsChangedSinceTheyWereRead_andWritesTheOthers() {
        long changed = insert("video", "m", "/e", detectedBy("google", OLDER));
        long untouched = insert("video", "m", "/e", detectedBy("google", OLDER));
        List<BackfillCandidate> read = repository.candidatesAfter(0, CURRENT, 10);
        overwrite(changed, client("runway"));

        StoredDetection detected = detectedBy("wavespeed", CURRENT);
        List<Long> written = repository.apply(read.stream()
                .map(c -> new Redetection(c.id(), c.stored(), detected)).toList());

        assertThat(written).containsExactly(untouched);
        assertThat(stored(changed)).isEqualTo(client("runway"));
        assertThat(stored(untouched)).isEqualTo(detected);
    }

    @Test
    void apply_ofAnEmptyBatch_writesNothing() {
        assertThat(repository.apply(List.of())).isEmpty();
    }

    @Test
    void detectionVersions_countsRowsPerVersion_withoutClientRows() {
        insert("video", "m", "/e", null);
        insert("video", "m", "/e", null);
        insert("video", "m", "/e", detectedBy("google", OLDER));
        insert("video", "m", "/e", detectedBy("google", CURRENT));
        insert("video", "m", "/e", detectedBy("google", CURRENT));
        insert("video", "m", "/e", client("runway"));

        assertThat(repository.detectionVersions()).containsExactlyInAnyOrder(
                new DetectionVersionCount(null, 2, 2),
                new DetectionVersionCount(OLDER, 1, 0),
                new DetectionVersionCount(CURRENT, 2, 0));
    }

    @Test
    void providerCheck_countsRowsByCategoryProviderAndModel() {
        insert("video", "wan", "/e", detectedBy("wavespeed", CURRENT));
        insert("video", "wan", "/e", detectedBy("wavespeed", CURRENT));
        insert("video", "wan", "/e", null);
        insert("gemini", null, "/e", detectedBy("google", CURRENT));

        assertThat(repository.providerCheck()).containsExactlyInAnyOrder(
                new ProviderCheckRow("video", "wavespeed", "wan", 2),
                new ProviderCheckRow("video", null, "wan", 1),
                new ProviderCheckRow("gemini", "google", null, 1));
    }
}
