import java.util.HashMap;
import java.util.Map;

/**
 * The JVM part of bench/profiler.sh's busy host: one thread that never sleeps, recursing through
 * a few methods (JIT-compiled frames, kept walkable with -XX:+PreserveFramePointer) into string
 * and map work that allocates, so GC threads run too. Usage: java Busy SECONDS
 */
public class Busy {
    private static long sink;

    public static void main(String[] args) {
        long until = System.nanoTime() + (long) (Double.parseDouble(args[0]) * 1e9);
        for (int round = 0; System.nanoTime() < until; round++) {
            sink += parse(3 + round % 12, round);
        }
        System.out.println(sink);
    }

    static long parse(int depth, int round) {
        return depth <= 0 ? tokens(round) : validate(depth - 1, round);
    }

    static long validate(int depth, int round) {
        return depth <= 0 ? index(round) : parse(depth - 1, round);
    }

    static long tokens(int round) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append(i * 31 + round).append(' ');
        }
        return text.toString().split(" ").length;
    }

    static long index(int round) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge((i * 2_654_435_761L + round) % 4_096 > 0 ? i % 997 : i, 1, Integer::sum);
        }
        return counts.size();
    }
}
