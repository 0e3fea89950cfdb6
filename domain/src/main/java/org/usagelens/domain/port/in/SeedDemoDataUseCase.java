package org.usagelens.domain.port.in;

/** Inbound port: fill the store with demo usage, or top it up so that it looks alive at the current instant. */
public interface SeedDemoDataUseCase {

    /** What a seeding stored: every row, the rows that filled the time since the last start, and the recent ones. */
    record SeedReport(int seeded, int toppedUp, int recent) {
        public int stored() {
            return seeded + toppedUp + recent;
        }
    }

    SeedReport seed();
}
