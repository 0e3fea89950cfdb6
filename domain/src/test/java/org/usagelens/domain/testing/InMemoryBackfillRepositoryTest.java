package org.usagelens.domain.testing;

import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.out.BackfillRepository;

class InMemoryBackfillRepositoryTest extends AbstractBackfillRepositoryTest {
    private InMemoryBackfillRepository store;

    @Override
    protected BackfillRepository emptyRepository() {
        store = new InMemoryBackfillRepository();
        return store;
    }

    @Override
    protected long insert(String category, String model, String endpoint, StoredDetection stored) {
        return store.add(category, model, endpoint, stored);
    }

    @Override
    protected StoredDetection stored(long id) {
        return store.stored(id);
    }

    @Override
    protected void overwrite(long id, StoredDetection stored) {
        store.overwrite(id, stored);
    }
}
