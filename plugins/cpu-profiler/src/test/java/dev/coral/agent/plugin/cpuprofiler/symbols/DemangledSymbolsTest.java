package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coral.agent.plugin.cpuprofiler.capture.CpuSampler;
import dev.coral.agent.plugin.cpuprofiler.capture.CpuSamplers;
import dev.coral.agent.plugin.cpuprofiler.capture.RawStack;
import dev.coral.agent.plugin.cpuprofiler.capture.SyscallException;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C++ frames reach flame graphs demangled: in the symbol table, and end to end from a sampled g++ program. */
class DemangledSymbolsTest {
    /** Spends its time in Shop::Cart::total() until stdin closes (or 60 s pass). */
    private static final String SHOP = """
            #include <cstdio>
            #include <unistd.h>
            #include <fcntl.h>
            #include <vector>
            namespace Shop {
            struct Item { long price; long quantity; };
            class Cart {
              public:
                explicit Cart(long n) { for (long i = 0; i < n; i++) items.push_back({i % 97, i % 7}); }
                __attribute__((noinline)) long total() const;
              private:
                std::vector<Item> items;
            };
            long Cart::total() const {
                long sum = 0;
                for (const Item &item : items) sum += item.price * item.quantity;
                return sum;
            }
            }
            volatile long sink;
            int main() {
                alarm(60); // never outlive a broken test
                fcntl(0, F_SETFL, O_NONBLOCK);
                Shop::Cart cart(20000);
                std::printf("ready\\n");
                std::fflush(stdout);
                char c;
                while (read(0, &c, 1) != 0) sink += cart.total(); // -1 (EAGAIN) while stdin stays open
                return 0;
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aSymbolTableDemanglesEachNameOnceAndKeepsTheRawName() {
        SymbolTable table = SymbolTable.of(List.of(
                new SymbolTable.Symbol(0x1000, 0x40, "_ZNK4Shop4Cart5totalEv"),
                new SymbolTable.Symbol(0x1040, 0x10, "hot_a")));

        String first = table.demangledNameAt(0x1010);

        assertThat(first).isEqualTo("Shop::Cart::total");
        assertThat(table.demangledNameAt(0x1000)).isSameAs(first);
        assertThat(table.nameAt(0x1010)).isEqualTo("_ZNK4Shop4Cart5totalEv");
        assertThat(table.demangledNameAt(0x1041)).isEqualTo("hot_a");
        assertThat(table.demangledNameAt(0x2000)).isNull();
    }

    @Test
    void aSampledCppProgramShowsItsHotMethodDemangled() throws Exception {
        NativeTools.assumeAvailable("g++");
        Path source = Files.writeString(dir.resolve("shop.cpp"), SHOP);
        Path program = dir.resolve("shop");
        NativeTools.run("g++", "-O1", "-fno-omit-frame-pointer", "-o", program.toString(), source.toString());
        CpuSampler sampler;
        try {
            sampler = new CpuSamplers(new Syscalls()).open(99).sampler();
        } catch (SyscallException e) {
            System.out.println("SKIP: perf events refused here: " + e.getMessage());
            assumeTrue(false, e.getMessage());
            return;
        }
        Process shop = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
        try (sampler) {
            assertThat(new String(shop.getInputStream().readNBytes(6))).isEqualTo("ready\n");
            int pid = (int) shop.pid();
            Symbolizer symbolizer = new Symbolizer();
            Set<String> names = new HashSet<>();

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (RawStack stack : sampler.drain().stacks()) {
                    if (stack.pid() == pid) {
                        symbolizer.symbolize(pid, stack.userIps(), new long[0]).forEach(frame -> names.add(frame.name()));
                    }
                }
                return names.contains("Shop::Cart::total");
            });

            System.out.println("frames of the C++ program: " + names);
            assertThat(names).noneMatch(name -> name.startsWith("_ZN4Shop"));
        } finally {
            shop.getOutputStream().close();
            shop.destroyForcibly().waitFor();
        }
    }
}
