package dev.coral.agent.api.query;

import dev.coral.agent.api.profile.ProfileBinary;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * CPU profile samples kept by a store. An empty {@code service} means all services. Pages are
 * bounded as {@link SpanQueries}' are.
 *
 * @since 0.1.0
 */
public interface ProfileQueries {
    /** Samples with seq id greater than {@code afterSeqId} (unsigned: negative is after every row), in seq order. */
    Page<ProfileSampleRow> samplesSince(long afterSeqId, String service, int limit);

    /** Samples of cycles that ended in [from, until), oldest first. */
    Page<ProfileSampleRow> samplesBetween(Instant from, Instant until, String service, int limit, String pageToken);

    /**
     * The binaries the store knows among {@code buildIds} (see {@link ProfileSampleRow#frameBuildIds()}),
     * each once; unknown ids are left out. A store that keeps no binaries returns an empty list.
     */
    default List<ProfileBinary> binaries(Collection<String> buildIds) {
        return List.of();
    }
}
