package dev.coral.agent.api;

import java.time.Instant;

/**
 * Facts about the running agent.
 *
 * @param agentId stable id of this agent (kept in the data directory)
 * @param version the runtime's version
 * @param startedAt when the agent process started
 */
public record AgentInfo(String agentId, String version, Instant startedAt) {}
