/**
 * The OTLP/gRPC and OTLP/HTTP servers of the otlp receiver, for any receiver that takes OTLP:
 * {@link dev.coral.agent.support.otlp.OtlpServers} with its
 * {@link dev.coral.agent.support.otlp.GrpcServerSettings} and
 * {@link dev.coral.agent.support.otlp.HttpServerSettings}. Everything else here is package-private.
 */
package dev.coral.agent.support.otlp;
