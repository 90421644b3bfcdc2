package dev.coral.agent.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedApiClassLoaderTest {
    @Test
    void theApiAndTheMessagesItCarriesComeFromTheRuntime() {
        assertThat(SharedApiClassLoader.crossesTheBoundary("dev.coral.agent.api.FactoryProvider")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary(
                "io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary("io.opentelemetry.proto.trace.v1.Span$Builder")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary("com.google.protobuf.Message")).isTrue();
    }

    @Test
    void grpcStubsAndPluginLibrariesComeFromThePlugin() {
        assertThat(SharedApiClassLoader.crossesTheBoundary(
                "io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc")).isFalse();
        assertThat(SharedApiClassLoader.crossesTheBoundary(
                "io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc$MetricsServiceImplBase")).isFalse();
        assertThat(SharedApiClassLoader.crossesTheBoundary("io.grpc.Server")).isFalse();
        assertThat(SharedApiClassLoader.crossesTheBoundary("dev.coral.agent.runtime.lifecycle.AgentRuntime")).isFalse();
    }
}
