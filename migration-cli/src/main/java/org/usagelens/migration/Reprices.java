package org.usagelens.migration;

import javax.sql.DataSource;
import org.usagelens.domain.port.in.RepriceUseCase;
import org.usagelens.domain.pricing.PriceCatalog;

/** Builds the re-pricing of a database with a price catalog (the wiring knows how). */
@FunctionalInterface
public interface Reprices {
    RepriceUseCase open(DataSource dataSource, PriceCatalog catalog);
}
