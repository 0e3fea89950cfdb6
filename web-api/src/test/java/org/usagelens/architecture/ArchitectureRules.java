package org.usagelens.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The module boundaries that Maven alone cannot hold, as ArchUnit rules. {@link ArchitectureTest}
 * checks them against the production classes; {@link ArchitectureRulesCatchViolationsTest} shows each
 * one fails on a fixture that breaks it.
 */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    static final String[] FRAMEWORKS = {
            "org.springframework..", "org.jooq..", "io.javalin..", "com.fasterxml.jackson..", "tools.jackson..",
            "java.sql..", "javax..", "jakarta.."};

    static final ArchRule CORE_IS_FRAMEWORK_FREE = noClasses()
            .that().resideInAnyPackage("org.usagelens.domain..", "org.usagelens.detection..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("domain and detection stay framework-free behind ports");

    static final ArchRule DETECTION_STANDS_ALONE = noClasses()
            .that().resideInAPackage("org.usagelens.detection..")
            .should().dependOnClassesThat(resideInAPackage("org.usagelens..")
                    .and(not(resideInAPackage("org.usagelens.detection.."))))
            .because("the detection jar is embedded by other applications and needs nothing of ours");

    static final ArchRule ADAPTERS_ARE_INDEPENDENT = onionArchitecture()
            .domainModels("org.usagelens.domain.model..")
            .domainServices("org.usagelens.domain.port..")
            .applicationServices("org.usagelens.domain.service..")
            .adapter("persistence", "org.usagelens.persistence..")
            .adapter("web", "org.usagelens.web..")
            .adapter("migration", "org.usagelens.migration..")
            // Only the composition roots assemble the persistence adapter; the commands reach the schema's
            // operations through MaintainSchemaUseCase (issue 22).
            .ignoreDependency(resideInAPackage("org.usagelens.web.wiring.."), resideInAPackage("org.usagelens.persistence.."))
            .ignoreDependency(resideInAPackage("org.usagelens.migration.wiring.."), resideInAPackage("org.usagelens.persistence.."))
            .because("one adapter never depends on another");

    static final ArchRule ADAPTERS_USE_INBOUND_PORTS = noClasses()
            .that().resideInAnyPackage("org.usagelens.web..", "org.usagelens.migration..")
            .and(not(resideInAnyPackage("org.usagelens.web.wiring..", "org.usagelens.migration.wiring..")))
            .should().dependOnClassesThat().resideInAPackage("org.usagelens.domain.service..")
            .because("handlers and commands see the use cases (domain.port.in); only the wiring names a service");

    /**
     * The web adapter's public face: {@code WebApp}, the factory the wiring calls (with its nested {@code UseCases},
     * {@code Settings} and {@code PoolStats}); {@code HttpLimits}, which the wiring's settings carry; and {@code Json},
     * the API's one JSON configuration, which clients of the API (the tests' among them) read its answers with.
     */
    static final ArchRule WEB_INTERNALS_ARE_NOT_PUBLIC = adapterInternalsAreNotPublic("org.usagelens.web",
            "org.usagelens.web.wiring", "WebApp", "HttpLimits", "Json");

    /**
     * An adapter's internals are package-private, so the wiring can name only what the adapter offers it: of the
     * top-level classes in {@code adapterPackage} and its subpackages, those of {@code wiringPackage} (the Spring
     * configuration and the main class) excepted, only {@code publicTypes} (simple names of classes in
     * {@code adapterPackage}) may be public. A nested type belongs to its enclosing type: public inside a
     * package-private class it is reachable from the package only.
     */
    static ArchRule adapterInternalsAreNotPublic(String adapterPackage, String wiringPackage, String... publicTypes) {
        Set<String> allowed = Arrays.stream(publicTypes).map(type -> adapterPackage + "." + type)
                .collect(Collectors.toUnmodifiableSet());
        return classes()
                .that().resideInAPackage(adapterPackage + "..")
                .and().resideOutsideOfPackage(wiringPackage + "..")
                .and().areTopLevelClasses()
                .and(DescribedPredicate.<JavaClass>describe("are not " + String.join(", ", publicTypes),
                        (JavaClass type) -> !allowed.contains(type.getName())))
                .should().notBePublic()
                .because("the wiring names the adapter's factory and the values it takes (" + String.join(", ", publicTypes)
                        + "); handlers and the rest are package-private, built inside the adapter");
    }

    /** ArchUnit's general coding rules, over our classes. */
    static final ArchRule NO_GENERIC_EXCEPTIONS = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
    static final ArchRule NO_JAVA_UTIL_LOGGING = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
    static final ArchRule NO_FIELD_INJECTION = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
    static final ArchRule NO_JODATIME = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JODATIME;
    /** Output goes through a logger or a writer it was given; only the programs' entry points hold the console. */
    static final ArchRule NO_STANDARD_STREAMS = noClasses()
            .that().haveSimpleNameNotEndingWith("Main").and().haveSimpleNameNotEndingWith("Cli")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("output goes through a logger or a given writer; entry points (*Main, *Cli) pass the console in");

    static final ArchRule SPRING_ONLY_IN_WIRING = noClasses()
            .that(not(resideInAnyPackage("org.usagelens.web.wiring..", "org.usagelens.migration.wiring..")))
            .and().resideInAPackage("org.usagelens..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("Spring @Configuration classes live in the wiring packages only");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.usagelens.(**)")
            .should().beFreeOfCycles()
            // jOOQ's generated tables, keys and records refer to each other by design; they are not edited.
            .ignoreDependency(resideInAPackage("org.usagelens.persistence.jooq.."), resideInAPackage("org.usagelens.persistence.jooq.."));
}
