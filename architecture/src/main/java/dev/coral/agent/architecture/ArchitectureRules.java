package dev.coral.agent.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * Which way our dependencies point (README "Modules"), as rules over class files. Each rule
 * names the packages it guards; the classes of all modules are checked by this module's test,
 * a third-party plugin's (the example) by dist's DropInPluginIT.
 */
public final class ArchitectureRules {
    /** Everything of ours; other roots (a third-party plugin's) are checked by their own rules. */
    public static final String OURS = "dev.coral.agent..";
    public static final String PLUGIN_API = "dev.coral.agent.api..";
    public static final String PLUGIN_SUPPORT = "dev.coral.agent.support..";
    public static final String PLUGINS = "dev.coral.agent.plugin..";
    public static final String RUNTIME = "dev.coral.agent.runtime..";
    public static final String SERVER = "dev.coral.agent.server..";
    public static final String CLI = "dev.coral.agent.cli..";
    /** The example third-party plugin (examples/span-tagger-plugin). */
    public static final String EXAMPLE_PLUGINS = "com.example..";

    /** No package depends, directly or around a loop, on itself. */
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.coral.agent.(**)")
            .namingSlices("package dev.coral.agent.$1").should().beFreeOfCycles();

    /** plugin-api knows nothing else of ours: a plugin author compiles against it alone. */
    public static final ArchRule PLUGIN_API_STANDS_ALONE = noClasses().that().resideInAPackage(PLUGIN_API)
            .should().dependOnClassesThat(resideInAPackage(OURS).and(not(resideInAPackage(PLUGIN_API))))
            .because("plugin-api is what a plugin author compiles against, and knows nothing else of ours");

    /** plugin-support is a library for plugins: it knows plugin-api only. */
    public static final ArchRule PLUGIN_SUPPORT_KNOWS_ONLY_THE_API = noClasses().that().resideInAPackage(PLUGIN_SUPPORT)
            .should().dependOnClassesThat(resideInAPackage(OURS)
                    .and(not(resideInAnyPackage(PLUGIN_API, PLUGIN_SUPPORT))))
            .because("plugin-support is a library for plugins (one copy, in the agent's lib/), which know plugin-api only");

    /** A plugin (ours or a third party's) knows plugin-api and plugin-support only, never another plugin. */
    public static final ArchRule PLUGINS_KNOW_ONLY_THE_API = CompositeArchRule
            .of(noClasses().that().resideInAnyPackage(PLUGINS, EXAMPLE_PLUGINS)
                    .should().dependOnClassesThat(resideInAPackage(OURS)
                            .and(not(resideInAnyPackage(PLUGIN_API, PLUGIN_SUPPORT, PLUGINS))))
                    .because("a plugin knows only plugin-api and plugin-support, never the runtime, server or CLI"))
            .and(slices().matching("dev.coral.agent.plugin.(*)..").namingSlices("plugin $1")
                    .should().notDependOnEachOther().because("no plugin imports another plugin")
                    // A third party's plugin alone has no dev.coral.agent.plugin slices.
                    .allowEmptyShould(true));

    /** The runtime knows neither the API server nor the CLI, nor any plugin; the server does not know the CLI. */
    public static final ArchRule LAYERS = CompositeArchRule
            .of(noClasses().that().resideInAPackage(RUNTIME)
                    .should().dependOnClassesThat().resideInAnyPackage(SERVER, CLI, PLUGINS)
                    .because("the runtime is the core: the server and the CLI use it, and it knows plugins"
                            + " only through plugin-api"))
            .and(noClasses().that().resideInAPackage(SERVER)
                    .should().dependOnClassesThat().resideInAnyPackage(CLI, PLUGINS)
                    .because("the CLI wires the server, not the other way round"))
            .and(noClasses().that().resideInAPackage(SERVER)
                    .should().dependOnClassesThat().haveFullyQualifiedName("dev.coral.agent.runtime.lifecycle.AgentRuntime")
                    .because("the server reads the runtime through RuntimeView"))
            .and(noClasses().that().resideInAPackage(CLI)
                    .should().dependOnClassesThat().resideInAPackage(PLUGINS)
                    .because("the CLI knows plugins only through the runtime and plugin-api"));

    private ArchitectureRules() {}
}
