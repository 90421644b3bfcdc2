package dev.coral.agent.support.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.support.testing.ServerFixture;
import dev.coral.agent.support.testing.Requests;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 rapid reset (CVE-2023-44487): a client that opens streams and resets them at once,
 * thousands a second, is sent GOAWAY ENHANCE_YOUR_CALM, and other clients go on. The frames are
 * written by hand so nothing between the test and the server smooths them out.
 */
class RapidResetTest {
    private static final int FRAME_HEADERS = 0x1;
    private static final int FRAME_RST_STREAM = 0x3;
    private static final int FRAME_SETTINGS = 0x4;
    private static final int FRAME_GOAWAY = 0x7;
    private static final int ENHANCE_YOUR_CALM = 0xb;

    private static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ServerFixture.start("grpc.max-stream-resets = 100\ngrpc.stream-reset-window = 10s",
                List.of(Signal.TRACES), 64L << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void aClientResettingStreamsByTheThousandIsToldToCalmDown() throws Exception {
        int goAwayCode;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", fx.grpcPort()), 5000);
            OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, FRAME_SETTINGS, 0, 0, new byte[0]);
            byte[] headers = requestHeaders();
            try {
                for (int stream = 1; stream < 2 * 5000; stream += 2) {
                    frame(out, FRAME_HEADERS, 0x4 /* END_HEADERS */, stream, headers);
                    frame(out, FRAME_RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8 /* CANCEL */});
                }
                out.flush();
            } catch (IOException closedByServer) {
                // expected once the server has had enough
            }
            goAwayCode = awaitGoAway(s);
        }
        assertThat(goAwayCode).as("GOAWAY error code").isEqualTo(ENHANCE_YOUR_CALM);

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort()).usePlaintext().build();
        try {
            assertThat(TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .export(Requests.traces("calm", 1))).as("another client is served").isNotNull();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** HPACK, literal fields without indexing and without Huffman coding: simple to write by hand. */
    private static byte[] requestHeaders() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // :method POST (static index 3)
        b.write(0x86); // :scheme http (static index 6)
        literal(b, 4, "/opentelemetry.proto.collector.trace.v1.TraceService/Export"); // :path
        literal(b, 1, "127.0.0.1"); // :authority
        literal(b, 31, "application/grpc"); // content-type
        b.write(0x00);
        string(b, "te");
        string(b, "trailers");
        return b.toByteArray();
    }

    private static void literal(ByteArrayOutputStream b, int nameIndex, String value) {
        if (nameIndex < 15) {
            b.write(nameIndex);
        } else {
            b.write(0x0f);
            b.write(nameIndex - 15);
        }
        string(b, value);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        b.write(bytes.length); // all shorter than 127
        b.writeBytes(bytes);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        out.write(head);
        out.write(payload);
    }

    /** Reads frames until a GOAWAY and returns its error code; -1 if the connection ends or idles without one. */
    private static int awaitGoAway(Socket s) throws IOException {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
            while (true) {
                int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                in.readInt();
                byte[] payload = in.readNBytes(length);
                if (type == FRAME_GOAWAY && payload.length >= 8) {
                    return ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8)
                            | (payload[7] & 0xff);
                }
            }
        } catch (EOFException | SocketTimeoutException end) {
            return -1;
        } catch (IOException reset) {
            return -1;
        }
    }
}
