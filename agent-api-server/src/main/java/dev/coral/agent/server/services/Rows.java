package dev.coral.agent.server.services;

import com.google.protobuf.Timestamp;
import dev.coral.agent.api.profile.CpuProfile;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.server.v1.CPUProfileSample;
import dev.coral.agent.server.v1.ProfileCPUAgentResponse;
import dev.coral.agent.server.v1.StackSample;
import dev.coral.agent.server.v1.SystemMetric;
import dev.coral.agent.server.v1.TelemetrySpan;

/** Store rows as the wire messages of agent-api.md. */
final class Rows {
    private Rows() {}

    static TelemetrySpan span(SpanRow r) {
        return TelemetrySpan.newBuilder()
                .setTimestamp(r.timestampMillis())
                .setTraceId(nonNull(r.traceId()))
                .setSpanId(nonNull(r.spanId()))
                .setServiceName(nonNull(r.serviceName()))
                .setSpanKind(nonNull(r.spanKind()))
                .setDurationMs(r.durationMs())
                .setIsError(r.isError())
                .setHttpStatus(r.httpStatus())
                .setHttpMethod(nonNull(r.httpMethod()))
                .setHttpRoute(nonNull(r.httpRoute()))
                .putAllAttributes(r.attributes() == null ? java.util.Map.of() : r.attributes())
                .setSeqId(r.seqId())
                .build();
    }

    static SystemMetric systemMetric(SystemMetricRow r) {
        return SystemMetric.newBuilder()
                .setTimestamp(r.timestampMillis())
                .setName(nonNull(r.name()))
                .setValue(r.value())
                .setUnit(nonNull(r.unit()))
                .setMetricType(nonNull(r.metricType()))
                .setAttributes(nonNull(r.attributesJson()))
                .setSeqId(r.seqId())
                .build();
    }

    static CPUProfileSample profileSample(ProfileSampleRow r) {
        return CPUProfileSample.newBuilder()
                .setTimestamp(timestamp(r.timestampMillis()))
                .setBuildId(nonNull(r.buildId()))
                .addAllStackFrames(r.stackFrames())
                .setSampleCount((int) Math.min(r.count(), 0xffffffffL))
                .setServiceName(nonNull(r.serviceName()))
                .setSeqId(r.seqId())
                .setTgid(r.pid())
                .build();
    }

    /** An on-demand profile: each stack's frame names, innermost first, and the sample totals. */
    static ProfileCPUAgentResponse profile(CpuProfile profile) {
        ProfileCPUAgentResponse.Builder b = ProfileCPUAgentResponse.newBuilder().setSuccess(true);
        ProfileBatch stacks = profile.stacks();
        for (dev.coral.agent.api.profile.StackSample s : stacks.samples()) {
            StackSample.Builder stack = b.addSamplesBuilder().setCount(s.count());
            for (int id : s.frameIds()) {
                stack.addFrameNames(stacks.frames().get(id));
            }
        }
        return b.setTotalSamples(profile.totalSamples())
                .setLostSamples((int) Math.min(profile.lostSamples(), 0xffffffffL)).build(); // uint32 on the wire
    }

    static Timestamp timestamp(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
