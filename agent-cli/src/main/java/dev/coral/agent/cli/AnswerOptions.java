package dev.coral.agent.cli;

import picocli.CommandLine.Option;

/** {@code --page-token T} and {@code --json}, shared by the paged query commands. */
final class AnswerOptions {
    @Option(names = "--page-token", paramLabel = "T", description = "Continue where the previous answer stopped: "
            + "the token it printed (the same query otherwise)")
    String pageToken;

    @Option(names = "--json", description = "Print the answer as JSON")
    boolean json;

    /** The page token to send: empty for the first page. */
    String pageToken() {
        return pageToken == null ? "" : pageToken;
    }
}
