package dev.coral.agent.server.services;

import dev.coral.agent.server.v1.PlatformInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The host as the colony describes platforms: Go-style names ({@code linux}, {@code amd64}),
 * the distribution's pretty name and the kernel release. Read once: none of it changes while
 * the agent runs.
 */
public final class Platform {
    private Platform() {}

    public static PlatformInfo detect() {
        return PlatformInfo.newBuilder()
                .setOs(os(System.getProperty("os.name", "")))
                .setArch(arch(System.getProperty("os.arch", "")))
                .setOsVersion(osVersion(Path.of("/etc/os-release")))
                .setKernel(System.getProperty("os.version", ""))
                .build();
    }

    static String os(String javaName) {
        String n = javaName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return "linux";
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return "darwin";
        }
        if (n.startsWith("windows")) {
            return "windows";
        }
        return n;
    }

    static String arch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> javaArch;
        };
    }

    /** PRETTY_NAME of os-release ("Debian GNU/Linux 13 (trixie)"), else the OS name and version. */
    static String osVersion(Path osRelease) {
        try {
            for (String line : Files.readAllLines(osRelease)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Not Linux, or no os-release: fall back below.
        }
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "");
    }
}
