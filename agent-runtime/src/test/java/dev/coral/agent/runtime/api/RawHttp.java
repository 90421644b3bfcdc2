package dev.coral.agent.runtime.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte on a socket: request targets no client library would send
 * as given ({@code /duckdb/../x}, {@code %2F}), and clients that misbehave on purpose.
 */
final class RawHttp {
    private RawHttp() {}

    /** The status line's code and the whole answer, for a GET of {@code target} exactly as written. */
    record Answer(int status, String text) {}

    static Answer get(int port, String target) throws IOException {
        return exchange(port, ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/html,*/*\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code request} and reads until the server closes (bounded by a socket timeout). */
    static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            String text = new String(readAll(s.getInputStream()), StandardCharsets.ISO_8859_1);
            int status = text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Answer(status, text);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // The server may close hard after answering garbage; what arrived is the answer.
        }
        return out.toByteArray();
    }
}
