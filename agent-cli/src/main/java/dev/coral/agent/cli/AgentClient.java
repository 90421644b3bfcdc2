package dev.coral.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The CLI's side of the Agent API: Connect unary calls in {@code application/proto} over
 * HTTP/1.1 (the same path {@code curl} takes) and plain GETs. Every failure becomes an
 * {@link AgentCallException} whose message is one line a person can act on.
 */
final class AgentClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final Duration timeout;

    AgentClient(String hostPort, Duration timeout) {
        this.base = "http://" + hostPort;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A failed call, with a message fit to print as is. */
    static final class AgentCallException extends Exception {
        private static final long serialVersionUID = 1L;

        AgentCallException(String message) {
            super(message);
        }
    }

    /** Calls {@code package.Service/Method} with a request and reads the answer. */
    <T extends Message> T call(String fullMethod, Message request, Parser<T> parser) throws AgentCallException {
        HttpRequest req = HttpRequest.newBuilder(uri("/" + fullMethod)).timeout(timeout)
                .header("Content-Type", "application/proto")
                .header("Connect-Protocol-Version", "1")
                .header("Connect-Timeout-Ms", Long.toString(timeout.toMillis()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build();
        HttpResponse<byte[]> response = send(req);
        if (response.statusCode() != 200) {
            throw new AgentCallException(connectError(fullMethod, response));
        }
        try {
            return parser.parseFrom(response.body());
        } catch (InvalidProtocolBufferException e) {
            throw new AgentCallException("the agent at " + base + " sent an unreadable answer to " + fullMethod
                    + ": " + e.getMessage());
        }
    }

    /** GETs a plain route as text. */
    String get(String path) throws AgentCallException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new AgentCallException("the agent at " + base + " answered " + path + " with HTTP "
                    + response.statusCode() + ": " + firstLine(body));
        }
        return body;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws AgentCallException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new AgentCallException("cannot reach the agent at " + base
                    + " (connection refused): is it running? Use --agent HOST:PORT for another agent");
        } catch (HttpTimeoutException e) {
            throw new AgentCallException("the agent at " + base + " did not answer within " + timeout.toSeconds()
                    + " s");
        } catch (IOException e) {
            throw new AgentCallException("cannot talk to the agent at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallException("interrupted");
        }
    }

    private URI uri(String path) throws AgentCallException {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new AgentCallException("'" + base + "' is not a valid agent address; use --agent HOST:PORT");
        }
    }

    private String connectError(String fullMethod, HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("code")) {
                return "the agent refused " + shortName(fullMethod) + ": " + error.path("code").asText()
                        + (error.has("message") ? ": " + error.path("message").asText() : "");
            }
        } catch (IOException notJson) {
            // Not a Connect error: something else answers on that port.
        }
        return "unexpected answer from " + base + " (HTTP " + response.statusCode() + "): " + firstLine(body)
                + " (is this a Coral agent's API port?)";
    }

    private static String shortName(String fullMethod) {
        return fullMethod.substring(fullMethod.lastIndexOf('/') + 1);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
