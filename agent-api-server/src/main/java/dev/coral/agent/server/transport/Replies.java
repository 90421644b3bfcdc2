package dev.coral.agent.server.transport;

import java.nio.charset.StandardCharsets;

/** Whole-body answers, the only kind the API's plain routes and unary RPCs need. */
public final class Replies {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private Replies() {}

    /** Writes {@code body} with a status and content type; HEAD gets the headers only. */
    public static void send(Exchange exchange, int status, String contentType, byte[] body) {
        exchange.send(status, contentType, body);
    }

    public static void text(Exchange exchange, int status, String text) {
        exchange.send(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
