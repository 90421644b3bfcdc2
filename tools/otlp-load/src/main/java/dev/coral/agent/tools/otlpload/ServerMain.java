package dev.coral.agent.tools.otlpload;

import java.util.concurrent.Executors;

/**
 * Runs one server in this JVM: prints {@code PORT <n>} and serves until standard input
 * closes (the benchmark runner holds it open), or for at most an hour.
 */
final class ServerMain {
    private ServerMain() {}

    static void run(String mode, String executor) throws Exception {
        BenchServer server = switch (mode) {
            case "bare", "bare-bytes" -> new BareServer(switch (executor) {
                case "default" -> null;
                case "direct" -> Runnable::run;
                case "virtual" -> Executors.newVirtualThreadPerTaskExecutor();
                default -> throw new IllegalArgumentException("executor: default, direct or virtual");
            }, mode.equals("bare-bytes"));
            case "otlp" -> new NopReceiverServer();
            default -> throw new IllegalArgumentException("server mode: bare, bare-bytes or otlp");
        };
        int port = server.start();
        System.out.println("PORT " + port);
        System.out.flush();
        Thread waiter = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // serve until the runner closes our stdin
                }
            } catch (java.io.IOException ignored) {
                // runner gone
            }
        });
        waiter.join(3_600_000);
        server.close();
        System.exit(0);
    }
}
