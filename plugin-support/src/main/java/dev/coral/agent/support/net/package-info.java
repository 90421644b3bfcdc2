/**
 * Network settings a plugin reads from its block of {@code pipelines.conf}: where to listen
 * ({@link dev.coral.agent.support.net.Endpoint}) and with which certificate
 * ({@link dev.coral.agent.support.net.TlsFiles}), with the checks and messages of the bundled plugins.
 */
package dev.coral.agent.support.net;
