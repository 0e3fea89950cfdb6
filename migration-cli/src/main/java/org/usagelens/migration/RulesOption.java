package org.usagelens.migration;

import java.nio.file.Path;
import org.usagelens.detection.ProviderDetector;
import picocli.CommandLine.Option;

/** {@code --rules FILE}: a deployment rule file on top of the built-in detection rules. */
final class RulesOption {
    @Option(names = "--rules", paramLabel = "FILE",
            description = "A deployment rule file that adds to or overrides the built-in detection rules"
                    + " (default: $USAGELENS_RULES_FILE, else the built-in rules only).")
    Path rules;

    /**
     * The detector these options name.
     *
     * @throws org.usagelens.detection.RuleFileException when the file cannot be read or has a bad line
     */
    ProviderDetector detector() {
        Path file = rules;
        if (file == null) {
            String env = System.getenv("USAGELENS_RULES_FILE");
            file = env == null || env.isBlank() ? null : Path.of(env);
        }
        return file == null ? ProviderDetector.builtIn() : ProviderDetector.withDeploymentRules(file);
    }
}
