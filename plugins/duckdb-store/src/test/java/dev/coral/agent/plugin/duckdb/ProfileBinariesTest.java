package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames keep their binary's build id; binaries go once into binary_metadata_local (across
 * cycles and restarts) and leave it 7 days after they came, unless a frame still runs in them.
 */
class ProfileBinariesTest {
    private static final String APP_V1 = "aaaa000000000000000000000000000000000001";
    private static final String APP_V2 = "bbbb000000000000000000000000000000000002";
    private static final String LIBC = "cccc000000000000000000000000000000000003";
    private static final String OTHER = "dddd000000000000000000000000000000000004";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now());
    private DuckDbStore store;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            TestStores.stop(store);
        }
    }

    private ProfileQueries start(String hocon) throws Exception {
        TestComponentContext context = TestStores.context(dir);
        store = TestStores.start(context, TestStores.config(hocon), clock);
        return store.capability(ProfileQueries.class).orElseThrow();
    }

    private void consume(ProfileBatch batch) throws Exception {
        store.consumer(Signal.PROFILES).consume(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The app before a deploy: hot <- main in /srv/app, write in libc; another program's main. */
    private static ProfileBatch beforeDeploy(long t) {
        return new ProfileBatch(t, List.of("hot", "main", "write", "main"), List.of(
                new StackSample(10, "app", APP_V1, new int[] {0, 1}, 5),
                new StackSample(10, "app", APP_V1, new int[] {2, 1}, 1),
                new StackSample(20, "other", OTHER, new int[] {3}, 2)),
                List.of(APP_V1, APP_V1, LIBC, OTHER), List.of(
                        ProfileBinary.of(APP_V1, "/srv/app", 1000), ProfileBinary.of(LIBC, "/usr/lib/libc.so.6", 2000),
                        new ProfileBinary(OTHER, "/usr/bin/other", "other", -1, Map.of("arch", "x86_64"))));
    }

    /** The same app after a deploy: a new build at the same path; libc unchanged. */
    private static ProfileBatch afterDeploy(long t) {
        return new ProfileBatch(t, List.of("hot", "main", "write"), List.of(
                new StackSample(11, "app", APP_V2, new int[] {0, 1}, 3),
                new StackSample(11, "app", APP_V2, new int[] {2, 1}, 4)),
                List.of(APP_V2, APP_V2, LIBC), List.of(
                        ProfileBinary.of(APP_V2, "/srv/app", 1100), ProfileBinary.of(LIBC, "/usr/lib/libc.so.6", 2000)));
    }

    @Test
    void framesKeepTheirBuildIdsAndBinariesAreStoredOnce() throws Exception {
        ProfileQueries profiles = start("");
        long t = clock.millis();
        consume(beforeDeploy(t));
        consume(afterDeploy(t + 15_000));
        consume(afterDeploy(t + 30_000));

        assertThat(TestStores.strings(store, "SELECT frame || '@' || coalesce(build_id, '') FROM "
                + "profile_frame_dictionary_local ORDER BY frame_id")).as("main of three binaries is three frames")
                .containsExactly("hot@" + APP_V1, "main@" + APP_V1, "write@" + LIBC, "main@" + OTHER,
                        "hot@" + APP_V2, "main@" + APP_V2);
        assertThat(TestStores.strings(store, "SELECT build_id FROM binary_metadata_local ORDER BY seq_id"))
                .as("each binary once, libc although three cycles named it").containsExactly(APP_V1, LIBC, OTHER, APP_V2);
        assertThat(TestStores.longs(store, "SELECT seq_id FROM binary_metadata_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(4));

        List<ProfileSampleRow> rows = profiles.samplesSince(0, "", 100).rows();
        assertThat(rows).hasSize(7);
        assertThat(rows.getFirst()).isEqualTo(new ProfileSampleRow(1, t, "app", 10, APP_V1, List.of("hot", "main"), 5,
                List.of(APP_V1, APP_V1)));
        assertThat(rows.get(1).frameBuildIds()).containsExactly(LIBC, APP_V1);
        assertThat(rows.get(2).frameBuildIds()).containsExactly(OTHER);
        assertThat(rows.get(3).frameBuildIds()).containsExactly(APP_V2, APP_V2);

        assertThat(profiles.binaries(List.of(APP_V1, APP_V2, OTHER, "ffff"))).containsExactlyInAnyOrder(
                new ProfileBinary(APP_V1, "/srv/app", "app", 1000, Map.of()),
                new ProfileBinary(APP_V2, "/srv/app", "app", 1100, Map.of()),
                new ProfileBinary(OTHER, "/usr/bin/other", "other", -1, Map.of("arch", "x86_64")));
        assertThat(profiles.binaries(List.of())).isEmpty();
    }

    @Test
    void aRestartStoresNoBinaryOrFrameTwice() throws Exception {
        start("");
        consume(beforeDeploy(clock.millis()));
        TestStores.stop(store);
        store = null;
        ProfileQueries profiles = start("");
        consume(afterDeploy(clock.millis()));

        assertThat(TestStores.strings(store, "SELECT build_id FROM binary_metadata_local ORDER BY seq_id"))
                .containsExactly(APP_V1, LIBC, OTHER, APP_V2);
        assertThat(TestStores.longs(store, "SELECT count(*) FROM profile_frame_dictionary_local WHERE frame = 'write'"))
                .containsExactly(1L);
        assertThat(profiles.samplesSince(3, "", 10).rows()).extracting(ProfileSampleRow::frameBuildIds)
                .containsExactly(List.of(APP_V2, APP_V2), List.of(LIBC, APP_V2));
    }

    @Test
    void binariesLeaveSevenDaysAfterTheyCameUnlessAFrameStillRunsInThem() throws Exception {
        // Samples kept 30 days here, so a binary's frames outlive its 7-day window.
        ProfileQueries profiles = start("retention { cpu-profiles = 30d }");
        Instant now = clock.instant();
        String unused = "eeee000000000000000000000000000000000005";
        consume(new ProfileBatch(now.toEpochMilli(), List.of("main"), List.of(
                new StackSample(10, "app", APP_V1, new int[] {0}, 1)), List.of(APP_V1),
                List.of(ProfileBinary.of(APP_V1, "/srv/app", 1000), ProfileBinary.of(unused, "/usr/lib/unused.so", 5))));

        clock.set(now.plus(Duration.ofDays(6)));
        assertThat(store.cleanupNow()).as("6 days: every binary stays").isZero();

        clock.set(now.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        assertThat(store.cleanupNow()).as("7 days: the binary no frame runs in goes").isEqualTo(1);
        assertThat(TestStores.strings(store, "SELECT build_id FROM binary_metadata_local")).containsExactly(APP_V1);
        assertThat(profiles.binaries(List.of(APP_V1, unused))).extracting(ProfileBinary::buildId).containsExactly(APP_V1);

        clock.set(now.plus(Duration.ofDays(31)));
        assertThat(store.cleanupNow()).as("its samples and frames gone, the last binary goes").isEqualTo(2);
        assertThat(TestStores.longs(store, "SELECT count(*) FROM binary_metadata_local")).containsExactly(0L);

        // Seen again, a binary is stored again, with the next seq id (dense: 1 and 2 were used).
        consume(new ProfileBatch(now.toEpochMilli(), List.of("main"), List.of(
                new StackSample(10, "app", APP_V1, new int[] {0}, 1)), List.of(APP_V1),
                List.of(ProfileBinary.of(APP_V1, "/srv/app", 1000))));
        assertThat(TestStores.longs(store, "SELECT seq_id FROM binary_metadata_local")).containsExactly(3L);
    }

    @Test
    void aFileOfTheEarlierSchemaGetsTheBuildIdColumn() throws Exception {
        Path file = dir.resolve("metrics.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            // The frame dictionary and samples as the schema created them before frames had build ids.
            s.execute("CREATE TABLE profile_frame_dictionary_local (frame_id INTEGER PRIMARY KEY, frame VARCHAR NOT NULL)");
            s.execute("CREATE TABLE cpu_profile_samples_local (seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL,"
                    + " service_name VARCHAR, pid UINTEGER, build_id VARCHAR, stack_frame_ids INTEGER[],"
                    + " sample_count UBIGINT, created_at TIMESTAMP NOT NULL)");
            s.execute("INSERT INTO profile_frame_dictionary_local VALUES (0, 'hot'), (1, 'main')");
            s.execute("INSERT INTO cpu_profile_samples_local VALUES (1, now(), 'app', 10, '" + APP_V1
                    + "', [0, 1], 4, now())");
        }
        ProfileQueries profiles = start("");
        consume(afterDeploy(clock.millis()));

        assertThat(TestStores.strings(store, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 'profile_frame_dictionary_local' ORDER BY ordinal_position"))
                .containsExactly("frame_id", "frame", "build_id");
        List<ProfileSampleRow> rows = profiles.samplesSince(0, "", 10).rows();
        assertThat(rows).extracting(ProfileSampleRow::stackFrames).containsExactly(List.of("hot", "main"),
                List.of("hot", "main"), List.of("write", "main"));
        assertThat(rows).extracting(ProfileSampleRow::frameBuildIds).as("old frames: no build id; new ones: theirs")
                .containsExactly(List.of("", ""), List.of(APP_V2, APP_V2), List.of(LIBC, APP_V2));
        assertThat(TestStores.longs(store, "SELECT count(*) FROM profile_frame_dictionary_local"))
                .as("an old frame is not a new build's frame").containsExactly(5L);
    }
}
