/**
 * Test doubles for plugin authors, as the OpenTelemetry Collector's {@code componenttest} and
 * {@code consumertest}: add {@code plugin-testkit} with test scope and drive a factory's
 * component without the runtime ({@link dev.coral.agent.testkit.TestComponentContext}), or
 * run it inside a runtime between a {@link dev.coral.agent.testkit.PushReceiverFactory} and a
 * {@link dev.coral.agent.testkit.CaptureStoreFactory}. Depends on plugin-api only.
 */
package dev.coral.agent.testkit;
