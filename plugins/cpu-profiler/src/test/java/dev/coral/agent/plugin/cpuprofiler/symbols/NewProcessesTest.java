package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.plugin.cpuprofiler.capture.RawStack;
import dev.coral.agent.plugin.cpuprofiler.capture.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that lives and dies inside one cycle still gets named frames: its maps were read while it lived. */
class NewProcessesTest {
    @TempDir
    Path dir;

    @Test
    void aProcessThatExitedBeforeTheDrainStillHasItsFunctionsNamed() throws Exception {
        Workload workload = Workload.compile(dir);
        Symbolizer watched = new Symbolizer();
        Symbolizer unwatched = new Symbolizer(); // the control: no watcher, as before
        NewProcesses newProcesses = new NewProcesses(Path.of("/proc"), watched);
        newProcesses.scan(); // what runs already is not read ahead
        try (SampledFrames sampled = SampledFrames.openOrSkip(99)) {
            // The scans run on one thread, as the receiver's cycle thread runs them; the drain comes after it stops.
            ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor();
            Process shortLived;
            try {
                scans.scheduleWithFixedDelay(newProcesses::scan, 0, 250, TimeUnit.MILLISECONDS);
                shortLived = workload.start("spin", 2);
                assertThat(shortLived.waitFor(20, TimeUnit.SECONDS)).as("the program ended").isTrue();
            } finally {
                scans.shutdown();
                assertThat(scans.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            List<RawStack> stacks = sampled.drain((int) shortLived.pid());
            assertThat(stacks).as("samples of the program").isNotEmpty();

            List<String> named = SampledFrames.names(SampledFrames.symbolize(watched, stacks));
            List<String> control = SampledFrames.names(SampledFrames.symbolize(unwatched, stacks));
            System.out.println("exited process, watched: " + named + "; unwatched: " + control);

            assertThat(named).contains("hot_a", "hot_b", "burn");
            assertThat(control).doesNotContain("hot_a");
        }
    }

    @Test
    void aScanListsProcfsAndReadsOnlyNewProcesses() throws Exception {
        Workload workload = Workload.compile(dir);
        Symbolizer symbolizer = new Symbolizer();
        NewProcesses newProcesses = new NewProcesses(Path.of("/proc"), symbolizer);
        assertThat(newProcesses.scan()).as("the first scan only learns what runs").isZero();
        Process spin = workload.start("spin", 5);
        try {
            assertThat(newProcesses.scan()).as("the new process (and any other that started)").isPositive();
            newProcesses.scan(); // the second look at young processes
            int rounds = 200;
            long started = System.nanoTime();
            int read = 0;
            for (int i = 0; i < rounds; i++) {
                read += newProcesses.scan();
            }
            long microsPerScan = (System.nanoTime() - started) / 1000 / rounds;
            System.out.printf("new-process scan: %d us per scan of %d pids, %d maps read in %d scans%n",
                    microsPerScan, java.nio.file.Files.list(Path.of("/proc"))
                            .filter(p -> p.getFileName().toString().matches("\\d+")).count(), read, rounds);
            assertThat(symbolizer.maps((int) spin.pid())).isPresent();
            assertThat(microsPerScan).as("cheap enough to run every second").isLessThan(20_000);
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }
}
