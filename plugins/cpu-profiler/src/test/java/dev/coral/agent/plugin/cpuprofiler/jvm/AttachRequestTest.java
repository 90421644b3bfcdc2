package dev.coral.agent.plugin.cpuprofiler.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attach protocol's bytes against a stand-in listener on a real UNIX domain socket. */
class AttachRequestTest {
    @TempDir
    Path dir;

    @Test
    void aVersionOneRequestIsFiveNulTerminatedStrings() {
        assertThat(new String(AttachRequest.encode("jcmd", "Compiler.perfmap"), StandardCharsets.UTF_8))
                .isEqualTo("1\0jcmd\0Compiler.perfmap\0\0\0");
    }

    @Test
    void theAnswerIsTheOutputAfterAZeroStatusLine() throws Exception {
        Path socket = dir.resolve("listener");
        try (ServerSocketChannel server = listen(socket)) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> answer(server, "0\nwritten\n"));
            String output = AttachRequest.send(socket, "jcmd", "Compiler.perfmap", Instant.now().plusSeconds(5));
            assertThat(output).isEqualTo("written\n");
            assertThat(request.get()).isEqualTo("1\0jcmd\0Compiler.perfmap\0\0\0");
        }
    }

    @Test
    void aNonZeroStatusIsARefusalWithTheJvmsText() throws Exception {
        Path socket = dir.resolve("listener");
        try (ServerSocketChannel server = listen(socket)) {
            CompletableFuture.runAsync(() -> answer(server, "-1\njava.lang.IllegalArgumentException: Unknown diagnostic command\n"));
            assertThatThrownBy(() -> AttachRequest.send(socket, "jcmd", "Nope", Instant.now().plusSeconds(5)))
                    .isInstanceOf(AttachException.class)
                    .hasMessageContaining("status -1").hasMessageContaining("Unknown diagnostic command");
        }
    }

    @Test
    void aListenerThatNeverAnswersCostsTheTimeoutNotTheCycle() throws Exception {
        Path socket = dir.resolve("listener");
        try (ServerSocketChannel server = listen(socket)) {
            CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept(); // and never answer
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            assertThatThrownBy(() -> AttachRequest.send(socket, "jcmd", "Compiler.perfmap", Instant.now().plusMillis(300)))
                    .isInstanceOf(AttachException.class).hasMessageContaining("in time");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
            accepted.get().close();
        }
    }

    private static ServerSocketChannel listen(Path socket) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Accepts one connection, reads the five-string request, answers and closes; returns the request. */
    private static String answer(ServerSocketChannel server, String reply) {
        try (SocketChannel client = server.accept()) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1);
            int nuls = 0;
            while (nuls < 5 && client.read(buffer.clear()) > 0) {
                request.write(buffer.get(0));
                nuls += buffer.get(0) == 0 ? 1 : 0;
            }
            client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
            return request.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
