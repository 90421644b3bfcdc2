package dev.coral.agent.server.services;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.util.JsonFormat;
import dev.coral.agent.api.query.AttributeJson;
import dev.coral.agent.api.query.MetricPointRow;
import dev.coral.agent.server.v1.MetricPoint;
import dev.coral.agent.server.v1.MetricPointType;
import dev.coral.agent.server.v1.MetricQuantile;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Stored metric points as the wire's {@link MetricPoint}, and the point types a request asks for. */
final class MetricMessages {
    private static final JsonFormat.Parser JSON = JsonFormat.parser();

    private MetricMessages() {}

    /** The wire's name of a stored type: the same order, numbered from 1. */
    static MetricPointType type(dev.coral.agent.api.query.MetricPointType t) {
        return MetricPointType.forNumber(t.ordinal() + 1);
    }

    static dev.coral.agent.api.query.MetricPointType type(MetricPointType t) {
        return dev.coral.agent.api.query.MetricPointType.values()[t.getNumber() - 1];
    }

    /**
     * The point types a request asks for, in the order answers list them: none (or only
     * UNSPECIFIED) means all five; a number the enum does not have is INVALID_ARGUMENT.
     */
    static List<dev.coral.agent.api.query.MetricPointType> types(List<Integer> values) {
        Set<dev.coral.agent.api.query.MetricPointType> out = EnumSet.noneOf(dev.coral.agent.api.query.MetricPointType.class);
        for (int v : values) {
            MetricPointType t = MetricPointType.forNumber(v);
            if (t == null) {
                throw Status.INVALID_ARGUMENT.withDescription("types: unknown MetricPointType " + v + "; accepted: "
                        + "METRIC_POINT_TYPE_GAUGE (1), METRIC_POINT_TYPE_SUM (2), METRIC_POINT_TYPE_HISTOGRAM (3), "
                        + "METRIC_POINT_TYPE_EXPONENTIAL_HISTOGRAM (4), METRIC_POINT_TYPE_SUMMARY (5)")
                        .asRuntimeException();
            }
            if (t != MetricPointType.METRIC_POINT_TYPE_UNSPECIFIED) {
                out.add(type(t));
            }
        }
        return List.copyOf(out.isEmpty() ? EnumSet.allOf(dev.coral.agent.api.query.MetricPointType.class) : out);
    }

    static MetricPoint point(MetricPointRow r) {
        MetricPoint.Builder b = MetricPoint.newBuilder().setType(type(r.type())).setSeqId(r.seqId())
                .setTimeUnixNano(r.timeUnixNano()).setStartTimeUnixNano(r.startTimeUnixNano())
                .setServiceName(r.serviceName()).setMetricName(r.metricName()).setDescription(r.description())
                .setUnit(r.unit()).addAllAttributes(AttributeJson.keyValues(r.attributesJson()))
                .addAllResourceAttributes(AttributeJson.keyValues(r.resourceAttributesJson())).setScopeName(r.scopeName())
                .setScopeVersion(r.scopeVersion()).setFlags(r.flags()).setExemplars(list(r.exemplarsJson()))
                .setValue(r.value()).setAggregationTemporality(r.aggregationTemporality())
                .setIsMonotonic(r.isMonotonic()).setCount(r.count()).addAllBucketCounts(r.bucketCounts())
                .addAllExplicitBounds(r.explicitBounds()).setScale(r.scale()).setZeroCount(r.zeroCount())
                .setZeroThreshold(r.zeroThreshold()).setPositiveOffset(r.positiveOffset())
                .addAllPositiveBucketCounts(r.positiveBucketCounts()).setNegativeOffset(r.negativeOffset())
                .addAllNegativeBucketCounts(r.negativeBucketCounts());
        if (r.isInt()) {
            b.setIntValue(r.intValue());
        }
        r.sum().ifPresent(b::setSum);
        r.min().ifPresent(b::setMin);
        r.max().ifPresent(b::setMax);
        for (MetricPointRow.Quantile q : r.quantiles()) {
            b.addQuantiles(MetricQuantile.newBuilder().setQuantile(q.quantile()).setValue(q.value()));
        }
        return b.build();
    }

    private static ListValue list(String json) {
        ListValue.Builder b = ListValue.newBuilder();
        try {
            JSON.merge(json, b);
            return b.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return ListValue.newBuilder().addValues(com.google.protobuf.Value.newBuilder().setStringValue(json)).build();
        }
    }
}
