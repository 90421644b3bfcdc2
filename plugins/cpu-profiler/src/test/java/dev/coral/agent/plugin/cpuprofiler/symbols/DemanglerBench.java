package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.util.Arrays;
import java.util.List;

/**
 * One-off cost of {@link Demangler} over this machine's libjvm and libstdc++ names (not a test):
 * {@code java -cp target/classes:target/test-classes dev.coral.agent.plugin.cpuprofiler.symbols.DemanglerBench}.
 */
public final class DemanglerBench {
    private DemanglerBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = MangledCorpus.names();
        long chars = names.stream().mapToLong(String::length).sum();
        double[] nsPerName = new double[15];
        long checksum = 0;
        for (int round = 0; round < nsPerName.length; round++) {
            long start = System.nanoTime();
            for (String name : names) {
                checksum += Demangler.demangle(name).length();
            }
            nsPerName[round] = (System.nanoTime() - start) / (double) names.size();
        }
        System.out.printf("%d names, %.0f chars each on average; first round %.0f ns/name (cold JIT)%n",
                names.size(), (double) chars / names.size(), nsPerName[0]);
        double[] warm = Arrays.copyOfRange(nsPerName, 5, nsPerName.length);
        Arrays.sort(warm);
        System.out.printf("warm: median %.0f ns/name, best %.0f ns/name (checksum %d)%n",
                warm[warm.length / 2], warm[0], checksum);
    }
}
