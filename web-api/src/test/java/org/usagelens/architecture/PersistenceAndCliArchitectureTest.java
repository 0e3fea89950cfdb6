package org.usagelens.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The persistence adapter's and the CLI's walls, checked against every production class of every module. */
@AnalyzeClasses(packages = "org.usagelens",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class PersistenceAndCliArchitectureTest {

    @ArchTest
    static final ArchRule adapterInternalsAreNotPublic = PersistenceAndCliRules.ADAPTER_INTERNALS_ARE_NOT_PUBLIC;
}
