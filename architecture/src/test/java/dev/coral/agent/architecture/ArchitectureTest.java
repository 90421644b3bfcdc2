package dev.coral.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureRules} over the main classes of every module. */
class ArchitectureTest {
    private static JavaClasses ours;

    @BeforeAll
    static void importClasses() {
        ours = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.coral.agent");
    }

    @Test
    void everyModuleIsChecked() throws IOException {
        assertThat(packagesUnder("dev.coral.agent.")).contains("api", "runtime", "server", "cli", "testkit");
        Set<String> plugins = packagesUnder("dev.coral.agent.plugin.");
        try (Stream<Path> dirs = Files.list(Path.of("..", "plugins"))) {
            long modules = dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).count();
            assertThat(plugins).as("one package per module under plugins/: add a new plugin to architecture/pom.xml")
                    .hasSize((int) modules);
        }
    }

    @Test
    void noPackageCycles() {
        ArchitectureRules.NO_PACKAGE_CYCLES.check(ours);
    }

    @Test
    void pluginApiKnowsNothingElseOfOurs() {
        ArchitectureRules.PLUGIN_API_STANDS_ALONE.check(ours);
    }

    @Test
    void pluginsKnowOnlyPluginApiAndPluginSupport() {
        ArchitectureRules.PLUGINS_KNOW_ONLY_THE_API.check(ours);
    }

    @Test
    void runtimeKnowsNeitherServerNorCliAndServerNotCli() {
        ArchitectureRules.LAYERS.check(ours);
    }

    /** The first package name below {@code prefix} of every imported class. */
    private static Set<String> packagesUnder(String prefix) {
        return ours.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()).split("\\.")[0]).collect(Collectors.toSet());
    }
}
