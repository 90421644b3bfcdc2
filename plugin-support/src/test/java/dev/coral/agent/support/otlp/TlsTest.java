package dev.coral.agent.support.otlp;

import static dev.coral.agent.support.testing.Requests.traces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.support.testing.ServerFixture;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Both transports with TLS from PEM files (a self-signed certificate for 127.0.0.1). */
class TlsTest {
    private static final Path CERT = Path.of("src/test/resources/tls/cert.pem").toAbsolutePath();
    private static final Path KEY = Path.of("src/test/resources/tls/key.pem").toAbsolutePath();

    @Test
    void grpcAndHttpOverTls() throws Exception {
        String tls = "tls { cert-file = \"" + CERT + "\", key-file = \"" + KEY + "\" }";
        try (ServerFixture fx = ServerFixture.start("grpc." + tls + "\nhttp." + tls)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort(),
                    TlsChannelCredentials.newBuilder().trustManager(CERT.toFile()).build()).build();
            try {
                TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .export(traces("tls-grpc", 2));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(CERT)).build();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + fx.httpPort() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(traces("tls-http", 1).toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(fx.traces.batches()).hasSize(2);
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("receiver", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
