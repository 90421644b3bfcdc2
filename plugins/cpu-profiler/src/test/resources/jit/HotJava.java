/** Spins in hotJavaMethod (kept out of line by the test's CompileCommand) until stdin closes or 60 s pass. */
public class HotJava {
    static volatile long sink;

    static long hotJavaMethod(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += (i * i) ^ (s >>> 3);
        }
        return s;
    }

    public static void main(String[] args) throws Exception {
        Thread spinner = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                sink += hotJavaMethod(100_000);
            }
        });
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        // Ends when the test closes our stdin (or after 60 s, so a broken test leaves nothing behind).
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (java.io.IOException e) {
                // treat as EOF
            }
        });
        reader.join(60_000);
    }
}
