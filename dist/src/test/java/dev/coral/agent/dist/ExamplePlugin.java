package dev.coral.agent.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds examples/span-tagger-plugin as its author would: a separate Maven project. */
final class ExamplePlugin {
    private ExamplePlugin() {}

    /** Copies the example project into {@code dir}, runs {@code mvn package} there, returns the plugin jar. */
    static Path build(Path dir) throws Exception {
        Path source = Path.of(System.getProperty("coral.examples", "../examples")).resolve("span-tagger-plugin");
        Path project = dir.resolve("span-tagger-plugin");
        Distribution.copyTree(source, project);
        Path mvn = Path.of(System.getProperty("maven.home", "/usr/share/maven"), "bin", "mvn");
        ProcessBuilder pb = new ProcessBuilder(List.of(mvn.toString(), "-B", "-q", "package",
                "-Dcoral.version=" + System.getProperty("coral.version")))
                .directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("build.log").toFile());
        // The same JDK that runs this test (25): the plugin targets Java 25.
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("example plugin build failed:\n" + Files.readString(project.resolve("build.log")));
        }
        return project.resolve("target").resolve("span-tagger-plugin-1.0.0.jar");
    }
}
