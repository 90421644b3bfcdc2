package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * binutils' {@code c++filt} as the oracle of the demangler tests: what {@code c++filt -p} prints
 * (no parameter lists), with the {@code  [clone .isra.0]} suffixes plain {@code c++filt} adds
 * (its {@code -p} mode drops them; we keep them, as perf does).
 */
final class CxxFilt {
    /** Names per c++filt run: passed as arguments, so each is demangled whole (stdin splits words). */
    private static final int BATCH = 1500;
    private static final Pattern CLONE_SUFFIXES = Pattern.compile("( \\[clone [^\\]]*\\])+$");

    private CxxFilt() {
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "c++filt"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return for each name what c++filt makes of it in the flame graph form, or null where the
     *         oracle is unclear (plain c++filt rejects a name with a clone suffix that -p accepts)
     */
    static Map<String, String> expectations(List<String> names) throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += BATCH) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + BATCH));
            List<String> withoutParams = run(batch, "-p");
            List<String> full = run(batch);
            for (int i = 0; i < batch.size(); i++) {
                String name = batch.get(i);
                String shown = withoutParams.get(i);
                if (shown.equals(name)) {
                    expected.put(name, name); // c++filt keeps it: so must we, or be right some other way
                    continue;
                }
                Matcher suffixes = CLONE_SUFFIXES.matcher(full.get(i));
                boolean cloneSuffixed = name.indexOf('.') > 0;
                if (cloneSuffixed && full.get(i).equals(name)) {
                    expected.put(name, null);
                } else {
                    expected.put(name, shown + (suffixes.find() ? suffixes.group() : ""));
                }
            }
        }
        return expected;
    }

    private static List<String> run(List<String> names, String... options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("c++filt");
        command.addAll(List.of(options));
        command.add("--");
        command.addAll(names);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("c++filt failed: " + output);
        }
        List<String> lines = output.lines().toList();
        if (lines.size() != names.size()) {
            throw new AssertionError("c++filt printed " + lines.size() + " lines for " + names.size() + " names");
        }
        return lines;
    }
}
