package dev.coral.agent.plugin.otlpexporter.stub;

import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.coral.agent.support.grpc.RawBytesMarshaller;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An OTLP upstream for tests, independent of the agent's receiver: grpc-java with a raw-bytes
 * service, or the JDK's HTTP server. It records every request (headers, bytes as sent) and answers
 * with scripted {@link Reply}s, then OK.
 */
public final class StubUpstream implements AutoCloseable {
    private static final List<String> SERVICES = List.of("opentelemetry.proto.collector.trace.v1.TraceService",
            "opentelemetry.proto.collector.metrics.v1.MetricsService", "opentelemetry.proto.collector.logs.v1.LogsService");
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private Server grpc;
    private HttpServer http;

    private StubUpstream() {}

    /** A gRPC upstream on 127.0.0.1, plaintext, or TLS with this key store's key when not null. */
    public static StubUpstream grpc(KeyManagerFactory tls) throws IOException {
        return grpc(tls, null);
    }

    /** A gRPC upstream with TLS that requires a client certificate its trust managers accept. */
    public static StubUpstream grpc(KeyManagerFactory tls, TrustManagerFactory clients) throws IOException {
        StubUpstream s = new StubUpstream();
        TlsServerCredentials.Builder creds = tls == null ? null : TlsServerCredentials.newBuilder()
                .keyManager(tls.getKeyManagers());
        if (clients != null) {
            creds.trustManager(clients.getTrustManagers()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        NettyServerBuilder b = tls == null
                ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                : NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), creds.build());
        for (String service : SERVICES) {
            b.addService(ServerInterceptors.intercept(s.service(service), s.headerCapture()));
        }
        s.grpc = b.build().start();
        return s;
    }

    /** An HTTP upstream on 127.0.0.1, plaintext, or HTTPS with this SSL context when not null. */
    public static StubUpstream http(SSLContext tls) throws IOException {
        return http(tls, false);
    }

    /** An HTTPS upstream that requires a client certificate its context trusts when {@code requireClient}. */
    public static StubUpstream http(SSLContext tls, boolean requireClient) throws IOException {
        StubUpstream s = new StubUpstream();
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            s.http = HttpServer.create(any, 0);
        } else {
            HttpsServer https = HttpsServer.create(any, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(requireClient);
                    params.setSSLParameters(p);
                }
            });
            s.http = https;
        }
        s.http.createContext("/", s::handle);
        s.http.start();
        return s;
    }

    public int port() {
        return grpc != null ? grpc.getPort() : http.getAddress().getPort();
    }

    /** The next requests get these answers, in order; then OK. */
    public synchronized StubUpstream answer(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private synchronized Reply nextReply() {
        return script.isEmpty() ? Reply.ok() : script.poll();
    }

    private static final io.grpc.Context.Key<Map<String, String>> HEADERS = io.grpc.Context.key("headers");

    private ServerInterceptor headerCapture() {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata,
                                                               ServerCallHandler<Q, A> next) {
                Map<String, String> h = new HashMap<>();
                for (String k : metadata.keys()) {
                    if (!k.endsWith("-bin")) {
                        h.put(k, metadata.get(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER)));
                    }
                }
                if (metadata.containsKey(ENCODING)) {
                    h.put("grpc-encoding", metadata.get(ENCODING));
                }
                return Contexts.interceptCall(io.grpc.Context.current().withValue(HEADERS, h), call, metadata, next);
            }
        };
    }

    private ServerServiceDefinition service(String name) {
        RawBytesMarshaller raw = new RawBytesMarshaller();
        MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(name + "/Export")
                .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
        return ServerServiceDefinition.builder(name)
                .addMethod(export, ServerCalls.asyncUnaryCall((request, observer) -> {
                    requests.add(new Recorded(name + "/Export", HEADERS.get(), request, request, System.nanoTime()));
                    Reply reply = nextReply();
                    if (reply.grpcStatus().isOk()) {
                        observer.onNext(reply.responseBody());
                        observer.onCompleted();
                        return;
                    }
                    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                            .setCode(reply.grpcStatus().getCode().value()).setMessage("stub says so");
                    reply.retryInfo().ifPresent(d -> status.addDetails(com.google.protobuf.Any.pack(
                            RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
                                    .setSeconds(d.getSeconds()).setNanos(d.getNano())).build())));
                    observer.onError(StatusProto.toStatusRuntimeException(status.build()));
                }))
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] wire = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        byte[] body = wire;
        if ("gzip".equals(headers.get("content-encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
                body = in.readAllBytes();
            }
        }
        requests.add(new Recorded(exchange.getRequestURI().getPath(), headers, wire, body, System.nanoTime()));
        Reply reply = nextReply();
        reply.httpHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        byte[] out = reply.httpStatus() == 200 ? reply.responseBody() : new byte[0];
        exchange.sendResponseHeaders(reply.httpStatus(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() throws InterruptedException {
        if (grpc != null) {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (http != null) {
            http.stop(0);
        }
    }
}
