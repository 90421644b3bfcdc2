/**
 * The Coral Agent plugin API: what third parties compile against.
 *
 * <p>A plugin contributes <em>factories</em> ({@link dev.coral.agent.api.ReceiverFactory},
 * {@link dev.coral.agent.api.ProcessorFactory}, {@link dev.coral.agent.api.ExporterFactory},
 * {@link dev.coral.agent.api.StoreFactory}) as PF4J extensions. The runtime reads
 * {@code pipelines.conf}, asks each factory to parse its settings into a typed config, creates
 * the components and chains them into pipelines of {@link dev.coral.agent.api.BatchConsumer}s.
 *
 * <p>Traces, metrics and logs travel as OTLP protobuf export requests, unchanged from receiver
 * to store; profiles travel as {@link dev.coral.agent.api.profile.ProfileBatch}. A consumer's
 * completion finishes when the batch is durable everywhere downstream, or fails with a
 * {@link dev.coral.agent.api.RefusedException} saying why.
 *
 * <p>This package depends on nothing of the runtime.
 */
package dev.coral.agent.api;
