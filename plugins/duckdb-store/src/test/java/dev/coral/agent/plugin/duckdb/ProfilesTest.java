package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile cycles: stacks as frame ids over one dictionary, read back as frame names. */
class ProfilesTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private TestComponentContext context;
    private DuckDbStore store;
    private ProfileQueries profiles;

    @BeforeEach
    void start() throws Exception {
        context = TestStores.context(dir);
        store = TestStores.start(context, "");
        profiles = store.capability(ProfileQueries.class).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        TestStores.stop(store);
    }

    @Test
    void stacksAreStoredOnceAsFrameIdsAndReadBackAsNames() throws Exception {
        store.consumer(Signal.PROFILES).consume(Profiles.cycle(T.toEpochMilli(), "api", 10)).toCompletableFuture().get();
        store.consumer(Signal.PROFILES).consume(new ProfileBatch(T.plusSeconds(15).toEpochMilli(),
                List.of("main", "gc"), List.of(new StackSample(11, "worker", "", new int[] {1, 0}, 3))))
                .toCompletableFuture().get();

        Page<ProfileSampleRow> page = profiles.samplesSince(0, "", 10);
        assertThat(page.rows()).containsExactly(
                new ProfileSampleRow(1, T.toEpochMilli(), "api", 10, "b1d", List.of("spin", "work", "main"), 7),
                new ProfileSampleRow(2, T.toEpochMilli(), "api", 10, "b1d", List.of("idle", "main"), 2),
                new ProfileSampleRow(3, T.plusSeconds(15).toEpochMilli(), "worker", 11, "", List.of("gc", "main"), 3));
        assertThat(page.maxSeqId()).isEqualTo(3);
        assertThat(TestStores.strings(store, "SELECT frame FROM profile_frame_dictionary_local ORDER BY frame_id"))
                .as("each frame once").containsExactly("spin", "work", "main", "idle", "gc");

        assertThat(profiles.samplesSince(0, "worker", 10).rows()).extracting(ProfileSampleRow::seqId).containsExactly(3L);
        assertThat(profiles.samplesBetween(T, T.plusSeconds(15), "", 10, "").rows()).extracting(ProfileSampleRow::seqId)
                .containsExactly(1L, 2L);
        assertThat(profiles.samplesBetween(T, T.plusSeconds(16), "api", 1, "").rows()).extracting(ProfileSampleRow::seqId)
                .containsExactly(1L);
    }

    @Test
    void aBadBatchFailsAloneAndItsGroupMatesAreStored() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.writer().runOnWriter(conn -> {
            held.countDown();
            awaitQuietly(release);
        });
        held.await(); // the writer waits: the next three batches form one group
        CompletableFuture<Void> good1 = store.consumer(Signal.PROFILES)
                .consume(Profiles.cycle(T.toEpochMilli(), "a", 1)).toCompletableFuture();
        CompletableFuture<Void> bad = store.consumer(Signal.PROFILES).consume(new ProfileBatch(T.toEpochMilli(),
                List.of("only-in-the-bad-batch"), List.of(new StackSample(2, "b", "", new int[] {0, 5}, 1))))
                .toCompletableFuture();
        CompletableFuture<Void> good2 = store.consumer(Signal.PROFILES)
                .consume(Profiles.cycle(T.toEpochMilli(), "c", 3)).toCompletableFuture();
        release.countDown();

        good1.get(30, TimeUnit.SECONDS);
        good2.get(30, TimeUnit.SECONDS);
        Throwable failure = catchThrowable(() -> bad.get(30, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        RefusedException refused = RefusedException.of(failure);
        assertThat(refused.reason()).isEqualTo(RefusedException.Reason.INVALID);
        assertThat(refused.getMessage()).contains("refers to frame 5").contains("1 frames");

        assertThat(profiles.samplesSince(0, "", 10).rows()).extracting(ProfileSampleRow::seqId, ProfileSampleRow::serviceName)
                .as("dense: the bad batch used no seq id").containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "a"), org.assertj.core.groups.Tuple.tuple(2L, "a"),
                        org.assertj.core.groups.Tuple.tuple(3L, "c"), org.assertj.core.groups.Tuple.tuple(4L, "c"));
        assertThat(TestStores.strings(store, "SELECT frame FROM profile_frame_dictionary_local"))
                .doesNotContain("only-in-the-bad-batch");
        assertThat(context.telemetry().sum("coral_store_failed_batches")).isEqualTo(1);
        assertThat(context.telemetry().sum("coral_store_written_profile_samples")).isEqualTo(4);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
