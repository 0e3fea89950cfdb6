package org.usagelens.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What distributing the schema on a Citus coordinator found or did: the extension's version, whether everything was
 * distributed already, the shard count of the distributed tables, the tables distributed and made reference tables by
 * this run, and the database settings it made.
 */
public record DistributionReport(String citusVersion, boolean alreadyDistributed, int shardCount,
                                 List<String> distributed, List<String> reference, List<String> settings) {
    public DistributionReport {
        Objects.requireNonNull(citusVersion, "citusVersion");
        distributed = List.copyOf(distributed);
        reference = List.copyOf(reference);
        settings = List.copyOf(settings);
    }
}
