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
    void theNetworkStackIsOneCopyFromTheRuntime() {
        assertThat(SharedApiClassLoader.crossesTheBoundary(
                "io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary("io.grpc.Server")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary("io.grpc.netty.NettyServerBuilder")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary("io.netty.channel.EventLoopGroup")).isTrue();
        assertThat(SharedApiClassLoader.crossesTheBoundary("dev.coral.agent.support.net.SharedEventLoops")).isTrue();
    }

    @Test
    void pluginLibrariesAndTheRuntimesInsidesDoNot() {
        assertThat(SharedApiClassLoader.crossesTheBoundary("dev.coral.agent.runtime.lifecycle.AgentRuntime")).isFalse();
        assertThat(SharedApiClassLoader.crossesTheBoundary("dev.coral.agent.plugin.otlp.OtlpReceiver")).isFalse();
        assertThat(SharedApiClassLoader.crossesTheBoundary("com.google.common.collect.ImmutableList")).isFalse();
        assertThat(SharedApiClassLoader.crossesTheBoundary("org.duckdb.DuckDBConnection")).isFalse();
    }
}
