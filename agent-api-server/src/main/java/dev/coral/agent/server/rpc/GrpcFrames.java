package dev.coral.agent.server.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * gRPC's length-prefixed messages: a flag byte (1 = compressed with the call's grpc-encoding),
 * a big-endian uint32 length, the message. Decompression is bounded, so a small gzip bomb
 * cannot inflate past the message limit.
 */
final class GrpcFrames {
    private GrpcFrames() {}

    /**
     * Splits a request body into messages.
     *
     * @param gzip whether the call declared {@code grpc-encoding: gzip}
     * @param maxMessage the largest message accepted, after decompression
     */
    static List<byte[]> decode(byte[] body, boolean gzip, int maxMessage) throws StatusException {
        List<byte[]> out = new ArrayList<>(1);
        int pos = 0;
        while (pos < body.length) {
            if (body.length - pos < 5) {
                throw Status.INTERNAL.withDescription("truncated gRPC message header").asException();
            }
            int flag = body[pos] & 0xff;
            long length = ((body[pos + 1] & 0xffL) << 24) | ((body[pos + 2] & 0xffL) << 16)
                    | ((body[pos + 3] & 0xffL) << 8) | (body[pos + 4] & 0xffL);
            pos += 5;
            if (flag > 1) {
                throw Status.INTERNAL.withDescription("invalid gRPC message flag " + flag).asException();
            }
            if (length > maxMessage) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("gRPC message of " + length
                        + " bytes is larger than the limit of " + maxMessage).asException();
            }
            if (body.length - pos < length) {
                throw Status.INTERNAL.withDescription("truncated gRPC message").asException();
            }
            byte[] message = new byte[(int) length];
            System.arraycopy(body, pos, message, 0, (int) length);
            pos += (int) length;
            if (flag == 1) {
                if (!gzip) {
                    throw Status.INTERNAL.withDescription("compressed message without grpc-encoding").asException();
                }
                message = gunzip(message, maxMessage);
            }
            out.add(message);
        }
        return out;
    }

    /** One uncompressed message, framed. */
    static byte[] encode(byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    static byte[] gunzip(byte[] data, int max) throws StatusException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] out = in.readNBytes(max + 1);
            if (out.length > max) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("decompressed message is larger than the limit of "
                        + max + " bytes").asException();
            }
            return out;
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot decompress message: " + e.getMessage()).asException();
        }
    }
}
