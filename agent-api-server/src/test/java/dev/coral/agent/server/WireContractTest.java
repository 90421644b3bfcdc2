package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.coral.agent.server.v1.AgentProto;
import dev.coral.agent.server.v1.DebugProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The colony's wire contract ({@code agent-api.md}), transcribed field by field: name, number,
 * type, repeated/map. A renumbered or retyped field breaks a colony silently on the wire, so
 * the generated descriptors are checked against this table, not against the .proto they came from.
 */
class WireContractTest {
    /** {@code Message.field = number : type}; "repeated T", "map" as in the contract. */
    private static final String FIELDS = """
            RuntimeContextResponse.platform = 1 : PlatformInfo
            RuntimeContextResponse.version = 8 : string
            RuntimeContextResponse.agent_id = 10 : string
            PlatformInfo.os = 1 : string
            PlatformInfo.arch = 2 : string
            PlatformInfo.os_version = 3 : string
            PlatformInfo.kernel = 4 : string
            TelemetrySpan.timestamp = 1 : int64
            TelemetrySpan.trace_id = 2 : string
            TelemetrySpan.span_id = 3 : string
            TelemetrySpan.service_name = 4 : string
            TelemetrySpan.span_kind = 5 : string
            TelemetrySpan.duration_ms = 6 : double
            TelemetrySpan.is_error = 7 : bool
            TelemetrySpan.http_status = 8 : int32
            TelemetrySpan.http_method = 9 : string
            TelemetrySpan.http_route = 10 : string
            TelemetrySpan.attributes = 11 : map
            TelemetrySpan.seq_id = 12 : uint64
            QueryTelemetryRequest.service_names = 1 : repeated string
            QueryTelemetryRequest.start_seq_id = 2 : uint64
            QueryTelemetryRequest.max_records = 3 : int32
            QueryTelemetryResponse.spans = 1 : repeated TelemetrySpan
            QueryTelemetryResponse.total_spans = 2 : int32
            QueryTelemetryResponse.max_seq_id = 3 : uint64
            QueryTelemetryResponse.session_id = 4 : string
            QueryEbpfMetricsRequest.service_names = 1 : repeated string
            QueryEbpfMetricsRequest.metric_types = 2 : repeated EbpfMetricType
            QueryEbpfMetricsRequest.trace_id = 3 : string
            QueryEbpfMetricsRequest.max_traces = 4 : int32
            QueryEbpfMetricsRequest.include_traces = 5 : bool
            QueryEbpfMetricsRequest.http_start_seq_id = 6 : uint64
            QueryEbpfMetricsRequest.grpc_start_seq_id = 7 : uint64
            QueryEbpfMetricsRequest.sql_start_seq_id = 8 : uint64
            QueryEbpfMetricsRequest.traces_start_seq_id = 9 : uint64
            QueryEbpfMetricsRequest.max_records = 10 : int32
            QueryEbpfMetricsResponse.http_metrics = 1 : repeated EbpfHttpMetric
            QueryEbpfMetricsResponse.grpc_metrics = 2 : repeated EbpfGrpcMetric
            QueryEbpfMetricsResponse.sql_metrics = 3 : repeated EbpfSqlMetric
            QueryEbpfMetricsResponse.total_metrics = 4 : int32
            QueryEbpfMetricsResponse.trace_spans = 5 : repeated EbpfTraceSpan
            QueryEbpfMetricsResponse.total_traces = 6 : int32
            QueryEbpfMetricsResponse.http_max_seq_id = 7 : uint64
            QueryEbpfMetricsResponse.grpc_max_seq_id = 8 : uint64
            QueryEbpfMetricsResponse.sql_max_seq_id = 9 : uint64
            QueryEbpfMetricsResponse.traces_max_seq_id = 10 : uint64
            QueryEbpfMetricsResponse.session_id = 11 : string
            EbpfHttpMetric.timestamp = 1 : int64
            EbpfHttpMetric.service_name = 2 : string
            EbpfHttpMetric.http_method = 3 : string
            EbpfHttpMetric.http_route = 4 : string
            EbpfHttpMetric.http_status_code = 5 : uint32
            EbpfHttpMetric.latency_buckets = 6 : repeated double
            EbpfHttpMetric.latency_counts = 7 : repeated uint64
            EbpfHttpMetric.request_count = 8 : uint64
            EbpfHttpMetric.attributes = 9 : map
            EbpfHttpMetric.seq_id = 10 : uint64
            EbpfGrpcMetric.timestamp = 1 : int64
            EbpfGrpcMetric.service_name = 2 : string
            EbpfGrpcMetric.grpc_method = 3 : string
            EbpfGrpcMetric.grpc_status_code = 4 : uint32
            EbpfGrpcMetric.latency_buckets = 5 : repeated double
            EbpfGrpcMetric.latency_counts = 6 : repeated uint64
            EbpfGrpcMetric.request_count = 7 : uint64
            EbpfGrpcMetric.attributes = 8 : map
            EbpfGrpcMetric.seq_id = 9 : uint64
            EbpfSqlMetric.timestamp = 1 : int64
            EbpfSqlMetric.service_name = 2 : string
            EbpfSqlMetric.sql_operation = 3 : string
            EbpfSqlMetric.table_name = 4 : string
            EbpfSqlMetric.latency_buckets = 5 : repeated double
            EbpfSqlMetric.latency_counts = 6 : repeated uint64
            EbpfSqlMetric.query_count = 7 : uint64
            EbpfSqlMetric.attributes = 8 : map
            EbpfSqlMetric.seq_id = 9 : uint64
            EbpfTraceSpan.trace_id = 1 : string
            EbpfTraceSpan.span_id = 2 : string
            EbpfTraceSpan.parent_span_id = 3 : string
            EbpfTraceSpan.service_name = 4 : string
            EbpfTraceSpan.span_name = 5 : string
            EbpfTraceSpan.span_kind = 6 : string
            EbpfTraceSpan.start_time = 7 : int64
            EbpfTraceSpan.duration_us = 8 : int64
            EbpfTraceSpan.status_code = 9 : uint32
            EbpfTraceSpan.attributes = 10 : map
            EbpfTraceSpan.seq_id = 11 : uint64
            EbpfTraceSpan.process_pid = 12 : uint32
            SystemMetric.timestamp = 1 : int64
            SystemMetric.name = 2 : string
            SystemMetric.value = 3 : double
            SystemMetric.unit = 4 : string
            SystemMetric.metric_type = 5 : string
            SystemMetric.attributes = 6 : string
            SystemMetric.seq_id = 7 : uint64
            QuerySystemMetricsRequest.metric_names = 1 : repeated string
            QuerySystemMetricsRequest.start_seq_id = 2 : uint64
            QuerySystemMetricsRequest.max_records = 3 : int32
            QuerySystemMetricsResponse.metrics = 1 : repeated SystemMetric
            QuerySystemMetricsResponse.total_metrics = 2 : int32
            QuerySystemMetricsResponse.max_seq_id = 3 : uint64
            QuerySystemMetricsResponse.session_id = 4 : string
            ProfileCPUAgentRequest.agent_id = 1 : string
            ProfileCPUAgentRequest.service_name = 2 : string
            ProfileCPUAgentRequest.pid = 3 : int32
            ProfileCPUAgentRequest.duration_seconds = 4 : int32
            ProfileCPUAgentRequest.frequency_hz = 5 : int32
            StackSample.frame_names = 1 : repeated string
            StackSample.count = 2 : uint64
            ProfileCPUAgentResponse.samples = 1 : repeated StackSample
            ProfileCPUAgentResponse.total_samples = 2 : uint64
            ProfileCPUAgentResponse.lost_samples = 3 : uint32
            ProfileCPUAgentResponse.error = 4 : string
            ProfileCPUAgentResponse.success = 5 : bool
            QueryCPUProfileSamplesRequest.service_name = 1 : string
            QueryCPUProfileSamplesRequest.start_seq_id = 2 : uint64
            QueryCPUProfileSamplesRequest.max_records = 3 : int32
            QueryCPUProfileSamplesRequest.pod_name = 4 : string
            CPUProfileSample.timestamp = 1 : google.protobuf.Timestamp
            CPUProfileSample.build_id = 2 : string
            CPUProfileSample.stack_frames = 3 : repeated string
            CPUProfileSample.sample_count = 4 : uint32
            CPUProfileSample.service_name = 5 : string
            CPUProfileSample.seq_id = 6 : uint64
            CPUProfileSample.tgid = 7 : uint32
            QueryCPUProfileSamplesResponse.samples = 1 : repeated CPUProfileSample
            QueryCPUProfileSamplesResponse.total_samples = 2 : uint64
            QueryCPUProfileSamplesResponse.error = 3 : string
            QueryCPUProfileSamplesResponse.max_seq_id = 4 : uint64
            QueryCPUProfileSamplesResponse.session_id = 5 : string
            """;

    private static final List<FileDescriptor> FILES = List.of(AgentProto.getDescriptor(), DebugProto.getDescriptor());

    @Test
    void everyContractFieldHasItsNameNumberAndType() {
        List<String> wrong = new ArrayList<>();
        for (String line : FIELDS.strip().split("\n")) {
            String[] sides = line.split("=");
            String[] name = sides[0].trim().split("\\.");
            String[] numberType = sides[1].split(":");
            int number = Integer.parseInt(numberType[0].trim());
            String type = numberType[1].trim();
            Descriptor message = message(name[0]);
            FieldDescriptor field = message.findFieldByName(name[1]);
            if (field == null) {
                wrong.add(line + ": no such field");
            } else if (field.getNumber() != number) {
                wrong.add(line + ": numbered " + field.getNumber());
            } else if (!describe(field).equals(type)) {
                wrong.add(line + ": typed " + describe(field));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Fields beyond the contract would be ours, and ours are numbered from 100 (none so far). */
    @Test
    void contractMessagesCarryNoFieldsOfTheirOwnBelow100() {
        List<String> extra = new ArrayList<>();
        for (String messageName : FIELDS.lines().map(l -> l.substring(0, l.indexOf('.'))).distinct().toList()) {
            for (FieldDescriptor f : message(messageName).getFields()) {
                if (!FIELDS.contains(messageName + "." + f.getName() + " ") && f.getNumber() < 100) {
                    extra.add(messageName + "." + f.getName() + " = " + f.getNumber());
                }
            }
        }
        assertThat(extra).isEmpty();
    }

    @Test
    void servicesAndMethodsKeepTheColonysNames() {
        ServiceDescriptor agent = AgentProto.getDescriptor().findServiceByName("AgentService");
        assertThat(agent.getFullName()).isEqualTo("coral.agent.v1.AgentService");
        assertThat(agent.getMethods()).extracting(MethodDescriptor::getName).containsExactly("GetRuntimeContext",
                "ListServices", "QueryTelemetry", "QueryEbpfMetrics", "QuerySystemMetrics");
        assertThat(agent.findMethodByName("QueryTelemetry").getInputType().getName()).isEqualTo("QueryTelemetryRequest");
        assertThat(agent.findMethodByName("GetRuntimeContext").getOutputType().getName())
                .isEqualTo("RuntimeContextResponse");
        ServiceDescriptor debug = DebugProto.getDescriptor().findServiceByName("AgentDebugService");
        assertThat(debug.getFullName()).isEqualTo("coral.agent.v1.AgentDebugService");
        assertThat(debug.findMethodByName("ProfileCPU").getInputType().getName()).isEqualTo("ProfileCPUAgentRequest");
        assertThat(debug.findMethodByName("ProfileCPU").getOutputType().getName()).isEqualTo("ProfileCPUAgentResponse");
        assertThat(debug.findMethodByName("QueryCPUProfileSamples").getInputType().getName())
                .isEqualTo("QueryCPUProfileSamplesRequest");
    }

    @Test
    void ebpfMetricTypeValues() {
        EnumDescriptor e = AgentProto.getDescriptor().findEnumTypeByName("EbpfMetricType");
        assertThat(e.getValues()).extracting(v -> v.getName() + "=" + v.getNumber()).containsExactly(
                "EBPF_METRIC_TYPE_UNSPECIFIED=0", "EBPF_METRIC_TYPE_HTTP=1", "EBPF_METRIC_TYPE_GRPC=2",
                "EBPF_METRIC_TYPE_SQL=3");
    }

    private static Descriptor message(String name) {
        for (FileDescriptor f : FILES) {
            Descriptor d = f.findMessageTypeByName(name);
            if (d != null) {
                assertThat(d.getFullName()).isEqualTo("coral.agent.v1." + name);
                return d;
            }
        }
        throw new AssertionError("no message " + name);
    }

    private static String describe(FieldDescriptor f) {
        if (f.isMapField()) {
            FieldDescriptor key = f.getMessageType().findFieldByName("key");
            FieldDescriptor value = f.getMessageType().findFieldByName("value");
            // The contract's maps are all map<string,string>.
            return key.getType() == FieldDescriptor.Type.STRING && value.getType() == FieldDescriptor.Type.STRING
                    ? "map" : "map<" + key.getType() + "," + value.getType() + ">";
        }
        String type = switch (f.getType()) {
            case MESSAGE -> f.getMessageType().getFullName().startsWith("coral.agent.v1.")
                    ? f.getMessageType().getName() : f.getMessageType().getFullName();
            case ENUM -> f.getEnumType().getName();
            default -> f.getType().name().toLowerCase(Locale.ROOT);
        };
        return f.isRepeated() ? "repeated " + type : type;
    }
}
