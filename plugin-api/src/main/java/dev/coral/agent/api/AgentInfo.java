package dev.coral.agent.api;

import java.time.Instant;

/**
 * Facts about the running agent.
 *
 * @param agentId stable id of this agent (kept in the data directory)
 * @param version the runtime's version
 * @param startedAt when the agent process started
 *
 * @since 0.1.0
 */
public record AgentInfo(String agentId, String version, Instant startedAt) {}
