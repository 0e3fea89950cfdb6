package org.usagelens.migration;

import java.nio.file.Path;
import org.usagelens.domain.pricing.PriceCatalog;
import picocli.CommandLine.Option;

/** {@code --prices FILE}: a deployment price file on top of the built-in price catalog. */
final class PricesOption {
    @Option(names = "--prices", paramLabel = "FILE",
            description = "A deployment price file that adds to and overrides the built-in price catalog"
                    + " (default: $USAGELENS_PRICES_FILE, else the built-in catalog only).")
    Path prices;

    /**
     * The catalog these options name.
     *
     * @throws org.usagelens.domain.pricing.PriceFileException when the file cannot be read or has a bad line
     */
    PriceCatalog catalog() {
        Path file = prices;
        if (file == null) {
            String env = System.getenv("USAGELENS_PRICES_FILE");
            file = env == null || env.isBlank() ? null : Path.of(env.trim());
        }
        return file == null ? PriceCatalog.builtIn() : PriceCatalog.withDeploymentFile(file);
    }
}
