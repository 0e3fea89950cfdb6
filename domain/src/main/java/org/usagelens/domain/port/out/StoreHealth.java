package org.usagelens.domain.port.out;

/** Outgoing port that tells whether the usage-log store answers now. */
public interface StoreHealth {

    /** Probes the store within a short timeout. */
    Status probe();

    /** The probe's answer; {@code detail} says why when the store is down. */
    record Status(boolean up, String detail) {
    }
}
