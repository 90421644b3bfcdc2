package dev.coral.agent.plugin.otlpexporter.stub;

import java.util.Map;

/**
 * One request as it arrived at the stub upstream.
 *
 * @param path HTTP path or gRPC full method name
 * @param headers lower-case names
 * @param wireBody the body as sent (HTTP: before inflating); gRPC: the message after grpc-java inflated it
 * @param body the request's protobuf bytes
 * @param atNanos when it arrived (System.nanoTime)
 */
public record Recorded(String path, Map<String, String> headers, byte[] wireBody, byte[] body, long atNanos) {}
