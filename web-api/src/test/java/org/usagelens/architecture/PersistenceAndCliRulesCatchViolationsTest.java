package org.usagelens.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.usagelens.migration.archfixture.PublicCommandHelper;
import org.usagelens.persistence.archfixture.PublicInternal;

/** The rule on public internals fails on a public internal class of either adapter, and only on those. */
class PersistenceAndCliRulesCatchViolationsTest {

    @Test
    void adapterInternalsAreNotPublic_failsOnAPublicInternalOfPersistence() {
        assertViolation("org.usagelens.persistence.archfixture.PublicInternal", PublicInternal.class);
    }

    @Test
    void adapterInternalsAreNotPublic_failsOnAPublicHelperOfTheCli() {
        assertViolation("org.usagelens.migration.archfixture.PublicCommandHelper", PublicCommandHelper.class);
    }

    @Test
    void adapterInternalsAreNotPublic_letsTheAllowedTypesTheGeneratedCodeAndTheWiringBePublic() throws Exception {
        JavaClasses imported = new ClassFileImporter().importClasses(
                // package-private, with a public member type: what every internal class looks like
                Class.forName("org.usagelens.persistence.archfixture.PackagePrivateInternal"),
                Class.forName("org.usagelens.persistence.archfixture.PackagePrivateInternal$Report"),
                org.usagelens.persistence.PostgresStore.class,
                org.usagelens.persistence.DataSources.class,
                org.usagelens.persistence.DatabaseUrl.class,
                org.usagelens.persistence.EmbeddedDatabase.class,
                org.usagelens.persistence.jooq.Tables.class,
                org.usagelens.migration.Commands.class,
                org.usagelens.migration.SchemaMaintenance.class,
                org.usagelens.migration.BadUsageException.class,
                org.usagelens.migration.wiring.MigrateMain.class,
                org.usagelens.migration.wiring.MigrationConfiguration.class);

        EvaluationResult result = PersistenceAndCliRules.ADAPTER_INTERNALS_ARE_NOT_PUBLIC.evaluate(imported);

        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    private static void assertViolation(String offender, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        EvaluationResult result = PersistenceAndCliRules.ADAPTER_INTERNALS_ARE_NOT_PUBLIC.evaluate(imported);
        assertThat(result.hasViolation()).as("the rule must catch %s", offender).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .as("the violation names the public class")
                .anySatisfy(line -> assertThat(line).contains(offender).contains("PUBLIC"));
    }
}
