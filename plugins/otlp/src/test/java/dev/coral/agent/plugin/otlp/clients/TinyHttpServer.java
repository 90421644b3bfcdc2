package dev.coral.agent.plugin.otlp.clients;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small real HTTP server for the Java agent test, run in a child JVM under
 * {@code -javaagent}. Prints its port, serves {@code /hello}, and exits when its standard input
 * closes or after two minutes, whichever comes first.
 */
public final class TinyHttpServer {
    private TinyHttpServer() {}

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/hello", exchange -> {
            byte[] body = "hello from the instrumented app\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // keep running until the parent closes our stdin
                }
            } catch (IOException ignored) {
                // parent gone
            }
            server.stop(0);
            System.exit(0);
        });
        watchdog.join(120_000);
        server.stop(0);
        System.exit(0);
    }
}
