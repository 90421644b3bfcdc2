package dev.coral.agent.cli;

/** The line ending of a query's table when more rows match than the answer holds. */
final class MoreRows {
    private MoreRows() {}

    /**
     * Empty when nothing follows; else says whether the limit or the agent's page byte budget
     * ended the answer (raising --limit would not help then), and how to continue.
     */
    static String hint(int rows, int limit, String nextPageToken) {
        if (nextPageToken.isEmpty()) {
            return "";
        }
        String next = "--page-token " + nextPageToken + " for the next ones";
        return rows >= limit ? " (more match: raise --limit, or " + next + ")"
                : " (more match; the answer reached the agent's page size: " + next + ")";
    }
}
