package org.usagelens.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;

/**
 * The walls inside the persistence adapter and the migration CLI (issue 22): what other modules may name of them.
 * {@link PersistenceAndCliArchitectureTest} checks them against the production classes;
 * {@link PersistenceAndCliRulesCatchViolationsTest} shows they fail on fixtures that break them.
 */
final class PersistenceAndCliRules {
    private PersistenceAndCliRules() {
    }

    /** The public types of {@code org.usagelens.persistence}, and why each must be. */
    static final Set<String> PUBLIC_PERSISTENCE = Set.of(
            // The domain's outgoing ports on PostgreSQL: what the composition roots and tests build.
            "org.usagelens.persistence.PostgresStore",
            // The pool both composition roots (and tests) open with their own sizes and timeouts.
            "org.usagelens.persistence.DataSources",
            // What the pool and the embedded database take and give; the CLI parses its --url into one.
            "org.usagelens.persistence.DatabaseUrl",
            // The server's embedded mode (ServerConfiguration) and the tests' PostgreSQL.
            "org.usagelens.persistence.EmbeddedDatabase");

    /** The public types of {@code org.usagelens.migration}: what its wiring names, and why. */
    static final Set<String> PUBLIC_MIGRATION = Set.of(
            // The commands' factory, their order and the failure handler: the door MigrateMain goes through.
            "org.usagelens.migration.Commands",
            // Factories the wiring implements, so the commands get their use cases per database.
            "org.usagelens.migration.Connections",
            "org.usagelens.migration.DetectionUseCases",
            "org.usagelens.migration.Reprices",
            "org.usagelens.migration.SchemaMaintenance",
            // Connections' argument: the wiring reads --url, --user and --password from it.
            "org.usagelens.migration.DatabaseOptions",
            // The wiring's Connections throws it for a missing or malformed --url (exit 2).
            "org.usagelens.migration.BadUsageException");

    private static final DescribedPredicate<JavaClass> ALLOWED_PUBLIC = allowed();

    private static DescribedPredicate<JavaClass> allowed() {
        Set<String> names = new TreeSet<>(PUBLIC_PERSISTENCE);
        names.addAll(PUBLIC_MIGRATION);
        return DescribedPredicate.describe("one of the allowed public types " + names, c -> names.contains(c.getName()));
    }

    static final ArchRule ADAPTER_INTERNALS_ARE_NOT_PUBLIC = classes()
            .that().resideInAnyPackage("org.usagelens.persistence..", "org.usagelens.migration..")
            // jOOQ generates its tables public; the wiring packages hold the entry points and Spring configuration.
            .and().resideOutsideOfPackages("org.usagelens.persistence.jooq..", "org.usagelens.migration.wiring..")
            .and().areTopLevelClasses()
            .and(not(ALLOWED_PUBLIC))
            .should().notBePublic()
            .because("other modules reach the persistence adapter through PostgresStore's ports and the CLI's commands"
                    + " through Commands; repositories, Flyway, adoption, Citus, retention and the commands stay"
                    + " package-private (issue 22)");
}
