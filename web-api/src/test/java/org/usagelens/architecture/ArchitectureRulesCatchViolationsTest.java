package org.usagelens.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.usagelens.detection.archfixture.DetectionUsesDomain;
import org.usagelens.detection.archfixture.DetectionUsesJavax;
import org.usagelens.domain.archfixture.DomainUsesJackson;
import org.usagelens.domain.archfixture.DomainUsesJakarta;
import org.usagelens.domain.archfixture.DomainUsesJavalin;
import org.usagelens.domain.archfixture.DomainUsesJavaSql;
import org.usagelens.domain.archfixture.DomainUsesJooq;
import org.usagelens.domain.archfixture.DomainUsesSpring;
import org.usagelens.migration.archfixture.CommandUsesPersistence;
import org.usagelens.migration.archfixture.CommandUsesService;
import org.usagelens.persistence.archfixture.PersistenceUsesWeb;
import org.usagelens.web.archfixture.GeneralRuleBreaker;
import org.usagelens.web.archfixture.HandlerUsesService;
import org.usagelens.web.archfixture.PublicInternal;
import org.usagelens.web.archfixture.SpringOutsideWiring;
import org.usagelens.web.archfixture.WebUsesPersistence;
import org.usagelens.web.archfixture.cycle.a.CycleA;
import org.usagelens.web.archfixture.cycle.b.CycleB;

/** Each architecture rule, evaluated on small fixture classes that break it, reports that break. */
class ArchitectureRulesCatchViolationsTest {

    static Stream<Arguments> frameworkInCore() {
        return Stream.of(
                Arguments.of(DomainUsesSpring.class, "org.springframework"),
                Arguments.of(DomainUsesJooq.class, "org.jooq"),
                Arguments.of(DomainUsesJavalin.class, "io.javalin"),
                Arguments.of(DomainUsesJackson.class, "com.fasterxml.jackson"),
                Arguments.of(DomainUsesJavaSql.class, "java.sql"),
                Arguments.of(DomainUsesJakarta.class, "jakarta."),
                Arguments.of(DetectionUsesJavax.class, "javax."));
    }

    @ParameterizedTest
    @MethodSource("frameworkInCore")
    void coreIsFrameworkFree_failsOnAFrameworkDependency(Class<?> fixture, String framework) {
        assertViolation(ArchitectureRules.CORE_IS_FRAMEWORK_FREE, fixture.getSimpleName(), framework, fixture);
    }

    @Test
    void detectionStandsAlone_failsWhenDetectionUsesTheDomain() {
        assertViolation(ArchitectureRules.DETECTION_STANDS_ALONE, "DetectionUsesDomain", "org.usagelens.domain.model.Category",
                DetectionUsesDomain.class);
    }

    @Test
    void adaptersAreIndependent_failsWhenPersistenceUsesWeb() {
        assertViolation(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT, "PersistenceUsesWeb", "org.usagelens.web.HttpLimits",
                PersistenceUsesWeb.class, org.usagelens.web.HttpLimits.class);
    }

    @Test
    void adaptersAreIndependent_failsWhenWebOutsideWiringUsesPersistence() {
        assertViolation(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT, "WebUsesPersistence",
                "org.usagelens.persistence.DatabaseUrl", WebUsesPersistence.class, org.usagelens.persistence.DatabaseUrl.class);
    }

    @Test
    void springOnlyInWiring_failsOnSpringInAHandlerPackage() {
        assertViolation(ArchitectureRules.SPRING_ONLY_IN_WIRING, "SpringOutsideWiring", "org.springframework",
                SpringOutsideWiring.class);
    }

    @Test
    void adaptersUseInboundPorts_failsWhenAHandlerNamesAService() {
        assertViolation(ArchitectureRules.ADAPTERS_USE_INBOUND_PORTS, "HandlerUsesService",
                "org.usagelens.domain.service.ListUsageLogsService", HandlerUsesService.class);
    }

    @Test
    void adaptersUseInboundPorts_failsWhenACommandNamesAService() {
        assertViolation(ArchitectureRules.ADAPTERS_USE_INBOUND_PORTS, "CommandUsesService",
                "org.usagelens.domain.service.BackfillService", CommandUsesService.class);
    }

    @Test
    void adaptersAreIndependent_failsWhenACommandUsesPersistence() {
        assertViolation(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT, "CommandUsesPersistence",
                "org.usagelens.persistence.PostgresStore", CommandUsesPersistence.class,
                org.usagelens.persistence.PostgresStore.class);
    }

    @Test
    void webInternalsAreNotPublic_failsOnAPublicClassThatIsNotOneOfTheAllowed() {
        assertViolation(ArchitectureRules.WEB_INTERNALS_ARE_NOT_PUBLIC, "PublicInternal", "has modifier PUBLIC",
                PublicInternal.class);
    }

    @Test
    void webInternalsAreNotPublic_passesTheAllowedPublicTypesTheWiringAndPackagePrivateClasses() throws Exception {
        JavaClasses imported = new ClassFileImporter().importClasses(org.usagelens.web.WebApp.class,
                org.usagelens.web.HttpLimits.class, org.usagelens.web.Json.class, org.usagelens.web.wiring.ServerMain.class,
                Class.forName("org.usagelens.web.archfixture.PackagePrivateInternal"),
                Class.forName("org.usagelens.web.archfixture.PackagePrivateInternal$Body"));
        EvaluationResult result = ArchitectureRules.WEB_INTERNALS_ARE_NOT_PUBLIC.evaluate(imported);
        assertThat(result.getFailureReport().getDetails()).as("nothing reported").isEmpty();
    }

    @Test
    void adapterInternalsAreNotPublic_takesAnotherAdapterAndItsPublicTypes() throws Exception {
        ArchRule rule = ArchitectureRules.adapterInternalsAreNotPublic("org.usagelens.web.archfixture",
                "org.usagelens.web.archfixture.cycle", "GeneralRuleBreaker");
        assertViolation(rule, "PublicInternal", "has modifier PUBLIC", PublicInternal.class, GeneralRuleBreaker.class,
                CycleA.class);
        JavaClasses allowedOnly = new ClassFileImporter().importClasses(GeneralRuleBreaker.class, CycleA.class,
                Class.forName("org.usagelens.web.archfixture.PackagePrivateInternal"));
        assertThat(rule.evaluate(allowedOnly).getFailureReport().getDetails())
                .as("the named type, the excepted package and a package-private class").isEmpty();
    }

    @Test
    void generalCodingRules_failOnConsoleGenericExceptionsAndJul() {
        assertViolation(ArchitectureRules.NO_STANDARD_STREAMS, "GeneralRuleBreaker", "java.lang.System.out",
                GeneralRuleBreaker.class);
        assertViolation(ArchitectureRules.NO_GENERIC_EXCEPTIONS, "GeneralRuleBreaker", "java.lang.RuntimeException",
                GeneralRuleBreaker.class);
        assertViolation(ArchitectureRules.NO_JAVA_UTIL_LOGGING, "GeneralRuleBreaker", "GeneralRuleBreaker.LOG",
                GeneralRuleBreaker.class);
    }

    @Test
    void noPackageCycles_failsOnACycle() {
        assertViolation(ArchitectureRules.NO_PACKAGE_CYCLES, "CycleA", "CycleB", CycleA.class, CycleB.class);
    }

    private static void assertViolation(ArchRule rule, String offender, String target, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        EvaluationResult result = rule.evaluate(imported);
        assertThat(result.hasViolation()).as("rule %s must catch %s", rule.getDescription(), offender).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .as("the violation names the offending dependency")
                .anySatisfy(line -> assertThat(line).contains(offender).contains(target));
    }
}
