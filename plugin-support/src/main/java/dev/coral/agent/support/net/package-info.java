/**
 * Network settings a plugin reads from its block of {@code pipelines.conf}: with which certificate
 * to listen ({@link dev.coral.agent.support.net.TlsFiles}); where to listen is plugin-api's
 * {@link dev.coral.agent.api.config.Endpoint}, which the agent's own API uses too. And the
 * process's Netty event loops ({@link dev.coral.agent.support.net.SharedEventLoops}), which every
 * server and client of the agent shares.
 */
package dev.coral.agent.support.net;
