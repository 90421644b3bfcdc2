package dev.coral.agent.support.grpc;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC marshaller that hands a message over as its bytes, undecoded: for a server that must
 * know a request's size before decoding it (to reserve it in the {@code InflightLedger}), or
 * that decodes or forwards it itself. A message whose size gRPC knows (uncompressed) is read
 * straight into an array of that size. gRPC has already bounded the size (the server's max
 * inbound message size, also after gzip). Stateless; one instance may serve every method.
 *
 * @since 0.1.0
 */
public final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    /**
     * What {@link #parse} returns for a message that inflated past max-recv-msg-size (a gzip
     * bomb): grpc-java reports that as an exception from the stream, which would reach the
     * client as UNKNOWN; a method that compares its request to this (by identity) can answer
     * RESOURCE_EXHAUSTED instead.
     */
    public static final byte[] INFLATED_TOO_LARGE = new byte[0];

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try (stream) {
            if (stream instanceof KnownLength) {
                // Uncompressed messages: the size is known, read straight into an exact array.
                byte[] bytes = new byte[stream.available()];
                int read = 0;
                while (read < bytes.length) {
                    int n = stream.read(bytes, read, bytes.length - read);
                    if (n < 0) {
                        throw new IOException("message ended after " + read + " of " + bytes.length + " bytes");
                    }
                    read += n;
                }
                return bytes;
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                return INFLATED_TOO_LARGE;
            }
            throw e;
        }
    }
}
