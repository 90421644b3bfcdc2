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
 * Hands a request message over as its bytes, undecoded. The export handler needs the size to
 * reserve budget before it decodes (the in-flight contract); a protobuf marshaller would
 * decode first. gRPC has already bounded the size (max-recv-msg-size, also after gzip).
 */
public final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    /**
     * What {@link #parse} returns for a message that inflated past max-recv-msg-size (a gzip
     * bomb): grpc-java reports that as an exception from the stream, which would reach the
     * client as UNKNOWN; the export method answers RESOURCE_EXHAUSTED instead. Compared by identity.
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
