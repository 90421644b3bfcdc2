package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Real mangled names of this machine: the function and object symbols of the running JDK's
 * {@code libjvm.so} ({@code .symtab}, tens of thousands of HotSpot C++ names) and libstdc++'s
 * exported symbols, read with {@code nm}. Empty where nm or the files are missing.
 */
final class MangledCorpus {
    private MangledCorpus() {
    }

    static Path libjvm() {
        return Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
    }

    /** @return the sorted distinct {@code _Z} names of libjvm and libstdc++ */
    static List<String> names() throws Exception {
        TreeSet<String> names = new TreeSet<>();
        if (Files.isRegularFile(libjvm())) {
            names.addAll(mangled(NativeTools.run("nm", "--defined-only", libjvm().toString())));
        }
        Path libstdcxx = Path.of(NativeTools.run("gcc", "-print-file-name=libstdc++.so.6").strip());
        if (libstdcxx.isAbsolute() && Files.isRegularFile(libstdcxx)) {
            names.addAll(mangled(NativeTools.run("nm", "-D", "--defined-only", libstdcxx.toString())));
        }
        return List.copyOf(names);
    }

    private static List<String> mangled(String nmOutput) {
        List<String> names = new ArrayList<>();
        for (String line : nmOutput.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            String name = fields[fields.length - 1];
            int version = name.indexOf('@'); // dynamic symbols print as name@@GLIBCXX_3.4
            if (version > 0) {
                name = name.substring(0, version);
            }
            if (name.startsWith("_Z")) {
                names.add(name);
            }
        }
        return names;
    }
}
