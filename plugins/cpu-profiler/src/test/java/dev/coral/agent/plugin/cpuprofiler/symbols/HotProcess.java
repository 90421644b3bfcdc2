package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A running instance of {@link NativeTools#HOT_PROGRAM} and the runtime addresses it printed. */
final class HotProcess implements AutoCloseable {
    final Process process;
    final long hotA;
    final long hotB;
    final long anonymousExecutablePage;

    HotProcess(Path binary) throws Exception {
        process = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String[] addresses = out.readLine().strip().split(" ");
        hotA = Long.parseUnsignedLong(addresses[0].substring(2), 16);
        hotB = Long.parseUnsignedLong(addresses[1].substring(2), 16);
        anonymousExecutablePage = Long.parseUnsignedLong(addresses[2].substring(2), 16);
    }

    int pid() {
        return (int) process.pid();
    }

    /** Ends the program (EOF on its stdin) and waits for it. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
