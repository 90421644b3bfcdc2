package dev.coral.agent.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Whole-body answers, the only kind the API's plain routes and unary RPCs need. */
public final class Replies {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private Replies() {}

    /** Writes {@code body} with a status and content type; HEAD gets the headers only. */
    public static void send(Request request, Response response, Callback callback, int status, String contentType,
            byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }

    public static void text(Request request, Response response, Callback callback, int status, String text) {
        send(request, response, callback, status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** True when the response can still carry a status (nothing sent yet). */
    public static boolean canAnswer(Response response) {
        return !response.isCommitted();
    }
}
