package org.usagelens.migration.archfixture;

/** Fixture: a CLI class outside the wiring package naming a domain service instead of its inbound port. */
public class CommandUsesService {
    org.usagelens.domain.service.BackfillService backfill;
}
