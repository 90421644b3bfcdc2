package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.testkit.TestComponentContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Bytes per stored CPU profile sample (not part of the test suite): an hour of profile cycles
 * written through the duckdb store (stacks as frame ids, each frame once in the dictionary,
 * binaries once), against the same rows with each stack as a folded string
 * ({@code root;...;leaf}) and no dictionary, in a DuckDB file of its own. Both files are
 * checkpointed; the figure is the blocks each uses ({@code pragma_database_size}), less those of
 * an empty file of the same schema. Run with
 * {@code ./mvnw -B -o -pl plugins/duckdb-store -am -Pbench-profiles -DskipTests verify}.
 *
 * <p>The cycles are synthetic but shaped as on a busy host: {@code bench.processes} processes of
 * 8 services, each with a fixed set of {@code bench.stacks} stacks (depth 8-40: kernel frames of
 * ~20 characters, native ones of ~25, JIT ones of ~60, as perf maps name Java methods) drawn with
 * a Zipf-like skew, {@code bench.rows} distinct stacks per 15 s cycle, {@code bench.cycles} cycles.
 */
public final class ProfileStorageBenchmark {
    private static final String[] SERVICES = {"checkout", "payments", "cart", "search", "gateway", "db", "cache", "worker"};

    private final int processes = Integer.getInteger("bench.processes", 24);
    private final int stacksPerProcess = Integer.getInteger("bench.stacks", 400);
    private final int rowsPerCycle = Integer.getInteger("bench.rows", 250);
    private final int cycles = Integer.getInteger("bench.cycles", 240);
    private final Random random = new Random(42);
    private final PrintStream out;

    private record Frame(String name, String buildId) {}

    private record Process(int pid, String service, List<List<Frame>> stacks, List<ProfileBinary> binaries) {}

    private ProfileStorageBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/profile-storage-bench.txt");
        Path work = Files.createDirectories(report.toAbsolutePath().getParent().resolve("profile-bench-work"));
        try (PrintStream file = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
            new ProfileStorageBenchmark(new PrintStream(new StoreBenchmark.TeeStream(System.out, file), true)).run(work);
        } finally {
            delete(work);
        }
    }

    private void run(Path work) throws Exception {
        List<Process> host = host();
        List<ProfileBatch> batches = new ArrayList<>();
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(59).toMillis();
        for (int c = 0; c < cycles; c++) {
            batches.add(cycle(host, t0 + c * 15_000L));
        }
        long rows = batches.stream().mapToLong(b -> b.samples().size()).sum();
        long events = batches.stream().flatMap(b -> b.samples().stream()).mapToLong(StackSample::count).sum();
        out.printf(Locale.ROOT, "profile storage: %d cycles x %d stacks = %d rows (%d sampled events), %d processes,"
                + " %d stacks each; Java %s, DuckDB file per variant, checkpointed%n", cycles, rowsPerCycle, rows, events,
                processes, stacksPerProcess, Runtime.version());

        long ids = storeBytes(work.resolve("ids"), batches);
        long idsEmpty = storeBytes(work.resolve("ids-empty"), List.of());
        long folded = foldedBytes(work.resolve("folded.duckdb"), batches);
        long foldedEmpty = foldedBytes(work.resolve("folded-empty.duckdb"), List.of());
        RawSizes raw = rawSizes(batches);

        out.printf(Locale.ROOT, "%-52s %14s %12s %14s%n", "variant", "bytes on disk", "per row", "per sampled event");
        line("frame ids + dictionary + binaries (the store)", ids - idsEmpty, rows, events);
        line("folded strings, no dictionary", folded - foldedEmpty, rows, events);
        out.printf(Locale.ROOT, "ratio on disk: folded / ids = %.1f%n", (double) (folded - foldedEmpty) / (ids - idsEmpty));
        out.printf(Locale.ROOT, "uncompressed stack column: %.1f B/row as INTEGER[] ids vs %.1f B/row as folded text"
                + " (mean depth %.1f, mean frame name %.1f chars); dictionary: %d frames, %d B of names%n",
                (double) raw.idBytes / rows, (double) raw.foldedBytes / rows, (double) raw.frames / rows,
                (double) raw.nameChars / raw.frames, raw.dictionaryFrames, raw.dictionaryBytes);
    }

    private void line(String variant, long bytes, long rows, long events) {
        out.printf(Locale.ROOT, "%-52s %14d %12.1f %14.2f%n", variant, bytes, (double) bytes / rows, (double) bytes / events);
    }

    /** The store's file after the batches and a checkpoint: used blocks. */
    private static long storeBytes(Path dir, List<ProfileBatch> batches) throws Exception {
        TestComponentContext context = TestStores.context(Files.createDirectories(dir));
        DuckDbStore store = TestStores.start(context, "");
        try {
            for (ProfileBatch b : batches) {
                store.consumer(Signal.PROFILES).consume(b).toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            store.checkpointNow();
            return TestStores.longs(store, "SELECT used_blocks * block_size FROM pragma_database_size()"
                    + " WHERE database_name = current_database()").getFirst();
        } finally {
            TestStores.stop(store);
        }
    }

    /** The same rows, the stack a folded string (as flamegraph.pl writes it), in a table of their own. */
    private static long foldedBytes(Path file, List<ProfileBatch> batches) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE folded_samples (seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL,"
                    + " service_name VARCHAR, pid UINTEGER, build_id VARCHAR, stack VARCHAR, sample_count UBIGINT,"
                    + " created_at TIMESTAMP NOT NULL)");
            long seq = 0;
            try (DuckDBAppender a = ((DuckDBConnection) c).createAppender("main", "folded_samples")) {
                for (ProfileBatch b : batches) {
                    for (StackSample sample : b.samples()) {
                        a.beginRow().append(++seq).appendEpochMicros(b.timestampMillis() * 1000)
                                .append(sample.serviceName()).append(sample.pid()).append(sample.buildId())
                                .append(folded(b, sample)).append(sample.count())
                                .appendEpochMicros(b.timestampMillis() * 1000).endRow();
                    }
                }
            }
            s.execute("CHECKPOINT");
            try (ResultSet rs = s.executeQuery("SELECT used_blocks * block_size FROM pragma_database_size()"
                    + " WHERE database_name = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String folded(ProfileBatch b, StackSample s) {
        int[] ids = s.frameIds();
        StringBuilder sb = new StringBuilder();
        for (int i = ids.length - 1; i >= 0; i--) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(b.frames().get(ids[i]));
        }
        return sb.toString();
    }

    private record RawSizes(long idBytes, long foldedBytes, long frames, long nameChars, long dictionaryFrames,
            long dictionaryBytes) {}

    private static RawSizes rawSizes(List<ProfileBatch> batches) {
        long idBytes = 0;
        long foldedBytes = 0;
        long frames = 0;
        long nameChars = 0;
        Map<Frame, Integer> dictionary = new HashMap<>();
        long dictionaryBytes = 0;
        for (ProfileBatch b : batches) {
            for (StackSample s : b.samples()) {
                int[] ids = s.frameIds();
                idBytes += 4L * ids.length;
                foldedBytes += folded(b, s).getBytes(StandardCharsets.UTF_8).length;
                frames += ids.length;
                for (int id : ids) {
                    nameChars += b.frames().get(id).length();
                    if (dictionary.putIfAbsent(new Frame(b.frames().get(id), b.frameBuildIds().get(id)), id) == null) {
                        dictionaryBytes += b.frames().get(id).length() + b.frameBuildIds().get(id).length();
                    }
                }
            }
        }
        return new RawSizes(idBytes, foldedBytes, frames, nameChars, dictionary.size(), dictionaryBytes);
    }

    /** One cycle: {@code rowsPerCycle} distinct (process, stack) pairs, skewed toward each process's first stacks. */
    private ProfileBatch cycle(List<Process> host, long t) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<String> builds = new ArrayList<>();
        Map<String, ProfileBinary> binaries = new LinkedHashMap<>();
        Map<Long, StackSample> samples = new LinkedHashMap<>();
        while (samples.size() < rowsPerCycle) {
            Process p = host.get(zipf(host.size()));
            int stack = zipf(p.stacks().size());
            long key = (long) p.pid() << 32 | stack;
            StackSample existing = samples.get(key);
            if (existing != null) {
                samples.put(key, new StackSample(p.pid(), p.service(), existing.buildId(), existing.frameIds(),
                        existing.count() + 1));
                continue;
            }
            List<Frame> frames = p.stacks().get(stack);
            int[] frameIds = new int[frames.size()];
            for (int i = 0; i < frameIds.length; i++) {
                Frame f = frames.get(i);
                frameIds[i] = ids.computeIfAbsent(f.name() + "\u0000" + f.buildId(), k -> {
                    names.add(f.name());
                    builds.add(f.buildId());
                    return names.size() - 1;
                });
            }
            p.binaries().forEach(b -> binaries.putIfAbsent(b.buildId(), b));
            samples.put(key, new StackSample(p.pid(), p.service(), p.binaries().getFirst().buildId(), frameIds, 1));
        }
        return new ProfileBatch(t, names, List.copyOf(samples.values()), builds, List.copyOf(binaries.values()));
    }

    /** Index in [0, n): rank r with probability ~ 1/(r+1). */
    private int zipf(int n) {
        double h = Math.log(n + 1.0);
        return Math.min(n - 1, (int) Math.floor(Math.exp(random.nextDouble() * h) - 1));
    }

    private List<Process> host() {
        List<Process> out = new ArrayList<>();
        String libc = buildId();
        String libstdcpp = buildId();
        List<String> kernelVocabulary = vocabulary(300, 20);
        List<String> libcVocabulary = vocabulary(200, 14);
        for (int p = 0; p < processes; p++) {
            String service = SERVICES[p % SERVICES.length];
            boolean jvm = p % 3 == 0;
            String exe = buildId();
            List<String> own = vocabulary(jvm ? 2000 : 600, jvm ? 60 : 25);
            List<List<Frame>> stacks = new ArrayList<>();
            for (int s = 0; s < stacksPerProcess; s++) {
                int depth = 8 + random.nextInt(33);
                List<Frame> stack = new ArrayList<>(); // innermost first
                int kernel = random.nextInt(3) == 0 ? 3 + random.nextInt(8) : 0;
                for (int i = 0; i < kernel; i++) {
                    stack.add(new Frame(pick(kernelVocabulary), ""));
                }
                if (random.nextBoolean()) {
                    stack.add(new Frame(pick(libcVocabulary), libc));
                }
                while (stack.size() < depth - 2) {
                    stack.add(new Frame(pick(own), jvm ? "" : exe));
                }
                if (jvm) {
                    stack.add(new Frame("JavaCalls::call_helper", libstdcpp));
                }
                stack.add(new Frame("main", exe));
                stack.add(new Frame("__libc_start_call_main", libc));
                stacks.add(stack);
            }
            out.add(new Process(1000 + p, service, stacks, List.of(ProfileBinary.of(exe, "/srv/" + service + "/bin/"
                    + service, 20_000_000), ProfileBinary.of(libc, "/usr/lib/x86_64-linux-gnu/libc.so.6", 1_900_000),
                    ProfileBinary.of(libstdcpp, "/usr/lib/jvm/lib/server/libjvm.so", 23_000_000))));
        }
        return out;
    }

    private String pick(List<String> vocabulary) {
        return vocabulary.get(zipf(vocabulary.size()));
    }

    /** {@code n} distinct names of about {@code meanLength} characters. */
    private List<String> vocabulary(int n, int meanLength) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = Math.max(4, meanLength / 2 + random.nextInt(meanLength + 1));
            StringBuilder sb = new StringBuilder(length);
            while (sb.length() < length) {
                sb.append((char) ('a' + random.nextInt(26)));
                if (random.nextInt(8) == 0) {
                    sb.append(random.nextBoolean() ? '.' : '_');
                }
            }
            out.add(sb.append(i).toString());
        }
        return out;
    }

    private String buildId() {
        byte[] id = new byte[20];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static void delete(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
