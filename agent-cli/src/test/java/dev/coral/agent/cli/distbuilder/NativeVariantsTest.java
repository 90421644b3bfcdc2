package dev.coral.agent.cli.distbuilder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeVariantsTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheRuntimesPlatformAndWhatHasNoVariantForIt() throws Exception {
        Path jar = jar("libduckdb_java.so_linux_amd64", "libduckdb_java.so_linux_arm64",
                "libduckdb_java.so_macos_arm64", "libduckdb_java.so_windows_amd64",
                "libother.so_macos_arm64", "org/duckdb/DuckDBDriver.class");
        assertThat(NativeVariants.keepOnly(jar, "linux_amd64")).containsExactlyInAnyOrder(
                "libduckdb_java.so_linux_arm64", "libduckdb_java.so_macos_arm64", "libduckdb_java.so_windows_amd64");
        assertThat(entries(jar)).containsExactlyInAnyOrder("libduckdb_java.so_linux_amd64",
                "libother.so_macos_arm64", "org/duckdb/DuckDBDriver.class");
        assertThat(NativeVariants.keepOnly(jar, "linux_amd64")).isEmpty();
    }

    @Test
    void platformFromTheRuntimesReleaseFile() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        assertThat(NativeVariants.platformOf(runtime)).isEmpty();
        Files.writeString(runtime.resolve("release"), "JAVA_VERSION=\"25\"\nOS_NAME=\"Linux\"\nOS_ARCH=\"x86_64\"\n");
        assertThat(NativeVariants.platformOf(runtime)).contains("linux_amd64");
        Files.writeString(runtime.resolve("release"), "OS_NAME=\"Linux\"\nOS_ARCH=\"aarch64\"\n");
        assertThat(NativeVariants.platformOf(runtime)).contains("linux_arm64");
    }

    private Path jar(String... names) throws Exception {
        Path jar = dir.resolve("x.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.getBytes());
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> entries(Path jar) throws Exception {
        List<String> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(e -> out.add(e.getName()));
        }
        return out;
    }
}
