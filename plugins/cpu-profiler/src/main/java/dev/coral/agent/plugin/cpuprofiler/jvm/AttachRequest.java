package dev.coral.agent.plugin.cpuprofiler.jvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One request over a HotSpot JVM's attach socket, in attach protocol version 1, which every
 * HotSpot JVM understands (JDK 24+ also speaks version 2, negotiated first; we need none of its
 * options). The request is NUL-terminated strings: the version {@code "1"}, the command, and
 * exactly three arguments (empty when unused). The JVM answers a decimal status line and the
 * command's output, then closes the connection. Bounded by a deadline: non-blocking I/O.
 */
final class AttachRequest {
    /** The status the JVM answers when it does not speak our protocol version. */
    private static final int ATTACH_ERROR_BADVERSION = 101;
    /** A perf map command answers a line or two; a runaway answer is cut here. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private AttachRequest() {
    }

    /**
     * @return the command's output (the text after the status line)
     * @throws AttachException when the JVM answered a non-zero status, or not before the deadline
     */
    static String send(Path socket, String command, String argument, Instant deadline)
            throws IOException, AttachException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket)); // local: completes at once or fails
            channel.configureBlocking(false);
            ByteBuffer request = ByteBuffer.wrap(encode(command, argument));
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AttachException("no answer to " + command + " " + argument + " in time", true);
                }
                selector.select(left);
                if (request.hasRemaining()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    continue;
                }
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    break;
                }
                answer.write(buffer.array(), 0, read);
                if (answer.size() > MAX_ANSWER_BYTES) {
                    throw new AttachException("answer to " + command + " longer than " + MAX_ANSWER_BYTES + " bytes");
                }
            }
            return output(answer.toString(StandardCharsets.UTF_8));
        }
    }

    static byte[] encode(String command, String argument) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {"1", command, argument, "", ""}) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Splits the answer into status and output; a non-zero status is the JVM's refusal. */
    static String output(String answer) throws AttachException {
        int newline = answer.indexOf('\n');
        String statusText = (newline < 0 ? answer : answer.substring(0, newline)).strip();
        String output = newline < 0 ? "" : answer.substring(newline + 1);
        int status;
        try {
            status = Integer.parseInt(statusText);
        } catch (NumberFormatException e) {
            throw new AttachException("not an attach answer: \"" + abbreviate(answer) + "\"");
        }
        if (status == ATTACH_ERROR_BADVERSION) {
            throw new AttachException("the JVM does not speak attach protocol version 1");
        }
        if (status != 0) {
            throw new AttachException("the JVM answered status " + status + ": " + abbreviate(output.strip()));
        }
        return output;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
