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
import org.junit.jupiter.api.Test;

/** {@link ArchitectureTest} sees every module: a plugin missing from architecture/pom.xml would go unchecked. */
class ModulesTest {
    private final JavaClasses ours = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.coral.agent");

    @Test
    void everyModuleIsOnTheClassPath() throws IOException {
        assertThat(packagesUnder("dev.coral.agent.")).contains("api", "support", "runtime", "server", "cli",
                "testkit");
        try (Stream<Path> dirs = Files.list(Path.of("..", "plugins"))) {
            long plugins = dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).count();
            assertThat(packagesUnder("dev.coral.agent.plugin."))
                    .as("one package per module under plugins/: add a new plugin to architecture/pom.xml")
                    .hasSize((int) plugins);
        }
    }

    /** The first package name below {@code prefix} of every imported class. */
    private Set<String> packagesUnder(String prefix) {
        return ours.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()).split("\\.")[0]).collect(Collectors.toSet());
    }
}
