package dev.coral.agent.server;

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

    /**
     * Reads the answer: until the server closes, or until the body its Content-Length announces
     * has arrived (these tests are about what is answered; a server slow to close a connection it
     * was asked to close must not make them wait out the socket timeout).
     */
    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (complete(out.toByteArray())) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // The server may close hard after answering garbage; what arrived is the answer.
        }
        return out.toByteArray();
    }

    private static boolean complete(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$")
                .matcher(text.substring(0, headEnd));
        return length.find() && answer.length - (headEnd + 4) >= Long.parseLong(length.group(1));
    }
}
