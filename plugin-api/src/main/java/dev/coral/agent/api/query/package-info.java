/**
 * Query capabilities a store offers (looked up with {@link dev.coral.agent.api.Component#capability}
 * or {@link dev.coral.agent.api.Host#capabilities}): what the Agent API and CLI read. Rows are
 * plain values, independent of any wire format. Every table's {@code seqId} is dense and strictly
 * increasing; a {@link dev.coral.agent.api.query.Page} carries the database's session id, which
 * changes only when the database is recreated (a poller then restarts from 0). Pages are bounded
 * in bytes as well as rows, so a query never holds an unbounded result: a caller that wants
 * everything follows {@code maxSeqId} or {@code nextPageToken} until a page says nothing follows.
 * A malformed page token is an {@link java.lang.IllegalArgumentException}.
 */
package dev.coral.agent.api.query;
