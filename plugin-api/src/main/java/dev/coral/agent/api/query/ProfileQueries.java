package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.List;

/** CPU profile samples kept by a store. An empty {@code service} means all services. */
public interface ProfileQueries {
    Page<ProfileSampleRow> samplesSince(long afterSeqId, String service, int limit);

    /** Samples of cycles that ended in [from, until), oldest first. */
    List<ProfileSampleRow> samplesBetween(Instant from, Instant until, String service, int limit);
}
