package org.usagelens.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries, checked against every production class of every module. */
@AnalyzeClasses(packages = "org.usagelens",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** Test fixtures shared as test-jars (the in-memory repository, say) are not production code. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    @ArchTest
    static final ArchRule coreIsFrameworkFree = ArchitectureRules.CORE_IS_FRAMEWORK_FREE;
    @ArchTest
    static final ArchRule detectionStandsAlone = ArchitectureRules.DETECTION_STANDS_ALONE;
    @ArchTest
    static final ArchRule adaptersAreIndependent = ArchitectureRules.ADAPTERS_ARE_INDEPENDENT;
    @ArchTest
    static final ArchRule springOnlyInWiring = ArchitectureRules.SPRING_ONLY_IN_WIRING;
    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;
    @ArchTest
    static final ArchRule adaptersUseInboundPorts = ArchitectureRules.ADAPTERS_USE_INBOUND_PORTS;
    @ArchTest
    static final ArchRule webInternalsAreNotPublic = ArchitectureRules.WEB_INTERNALS_ARE_NOT_PUBLIC;
    @ArchTest
    static final ArchRule noGenericExceptions = ArchitectureRules.NO_GENERIC_EXCEPTIONS;
    @ArchTest
    static final ArchRule noJavaUtilLogging = ArchitectureRules.NO_JAVA_UTIL_LOGGING;
    @ArchTest
    static final ArchRule noFieldInjection = ArchitectureRules.NO_FIELD_INJECTION;
    @ArchTest
    static final ArchRule noJodaTime = ArchitectureRules.NO_JODATIME;
    @ArchTest
    static final ArchRule noStandardStreams = ArchitectureRules.NO_STANDARD_STREAMS;
}
