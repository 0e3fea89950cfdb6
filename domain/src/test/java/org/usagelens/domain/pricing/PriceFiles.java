package org.usagelens.domain.pricing;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Predicate;
import org.usagelens.detection.ProviderDetector;

/** Price files and instants for the tests. */
final class PriceFiles {

    static final String HEADER = "model,provider,provider_model,unit,usd_per_unit,effective_from,effective_to,source";
    static final Predicate<String> KNOWN_PROVIDER = id -> ProviderDetector.builtIn().provider(id).isPresent();

    private PriceFiles() {
    }

    /** A catalog of these rows alone (no built-in rows), under the standard header. */
    static PriceCatalog standalone(String rows) {
        return PriceCatalog.standalone("test.csv", new StringReader(HEADER + "\n" + rows), KNOWN_PROVIDER);
    }

    /** The built-in catalog overlaid by these deployment rows, under the standard header. */
    static PriceCatalog deployment(String rows) {
        return PriceCatalog.withDeployment("deploy.csv", new StringReader(HEADER + "\n" + rows), KNOWN_PROVIDER);
    }

    /** {@code 2025-01-01} is that day's first instant; anything else is parsed as an ISO instant. */
    static Instant at(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(text);
    }
}
