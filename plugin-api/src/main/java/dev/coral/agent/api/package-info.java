/**
 * The Coral Agent plugin API: what third parties compile against.
 *
 * <p>A plugin contributes <em>factories</em> through PF4J extensions of
 * {@link dev.coral.agent.api.FactoryProvider}, each built with a kind's builder
 * ({@link dev.coral.agent.api.ReceiverFactory#builder}, {@link dev.coral.agent.api.ProcessorFactory#builder},
 * {@link dev.coral.agent.api.ExporterFactory#builder}, {@link dev.coral.agent.api.StoreFactory#builder}):
 * a type name, a typed default config, a settings reader, and the signals carried, each with a
 * {@link dev.coral.agent.api.Stability}. The runtime reads {@code pipelines.conf}, reads each
 * component's settings over its defaults (collecting every problem of the file), creates the
 * components and chains them into pipelines of {@link dev.coral.agent.api.BatchConsumer}s.
 *
 * <p>Traces, metrics and logs travel as OTLP protobuf export requests, unchanged from receiver
 * to store; profiles travel as {@link dev.coral.agent.api.profile.ProfileBatch}. A consumer's
 * completion finishes when the batch is durable everywhere downstream, or fails with a
 * {@link dev.coral.agent.api.RefusedException} saying why.
 *
 * <p>This package depends on nothing of the runtime.
 */
package dev.coral.agent.api;
