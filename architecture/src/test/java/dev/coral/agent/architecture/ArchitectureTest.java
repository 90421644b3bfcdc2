package dev.coral.agent.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules of {@link ArchitectureRules} over the main classes of every module ({@link ModulesTest} says all are here). */
@AnalyzeClasses(packages = "dev.coral.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;

    @ArchTest
    static final ArchRule pluginApiKnowsNothingElseOfOurs = ArchitectureRules.PLUGIN_API_STANDS_ALONE;

    @ArchTest
    static final ArchRule pluginSupportKnowsOnlyPluginApi = ArchitectureRules.PLUGIN_SUPPORT_KNOWS_ONLY_THE_API;

    @ArchTest
    static final ArchRule pluginsKnowOnlyPluginApiAndPluginSupport = ArchitectureRules.PLUGINS_KNOW_ONLY_THE_API;

    @ArchTest
    static final ArchRule runtimeKnowsNeitherServerNorCliAndServerNotCli = ArchitectureRules.LAYERS;
}
