package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rust v0 names of a program rustc compiles here, against c++filt (which reads v0 too). */
class RustDemanglingTest {
    private static final String PROGRAM = """
            mod shop {
                pub struct Cart { pub items: Vec<(u64, u64)> }
                impl Cart {
                    #[inline(never)]
                    pub fn total(&self) -> u64 { self.items.iter().map(|(p, q)| p * q).sum() }
                }
            }
            trait Speak { fn speak(&self) -> String; }
            impl Speak for shop::Cart { fn speak(&self) -> String { format!("{}", self.items.len()) } }
            #[inline(never)]
            fn generic<T: std::fmt::Debug>(t: T) -> String { format!("{:?}", t) }
            fn main() {
                let cart = shop::Cart { items: vec![(1, 2); 10] };
                let add = |x: u64| x + cart.total();
                println!("{} {} {} {}", cart.total(), cart.speak(), generic([1u8; 3]), add(2));
            }
            """;

    @TempDir
    Path dir;

    @Test
    void v0NamesAreShownAsRustcDemangleShowsThemOrKept() throws Exception {
        NativeTools.assumeAvailable("rustc", "nm");
        assumeCxxFiltReadsRust();
        Path source = Files.writeString(dir.resolve("shop.rs"), PROGRAM);
        Path program = dir.resolve("shop");
        NativeTools.run("rustc", "-O", "-C", "symbol-mangling-version=v0", "-o", program.toString(), source.toString());
        List<String> names = Arrays.stream(NativeTools.run("nm", "--defined-only", program.toString()).split("\n"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(name -> name.startsWith("_R"))
                .distinct()
                .toList();
        List<String> wrong = new ArrayList<>();
        int exact = compare(names, wrong);
        System.out.printf("rust v0: %d names, %d exact, %d kept mangled%n", names.size(), exact, names.size() - exact - wrong.size());

        // Corrupted names: kept mangled, or shown as c++filt shows them; never anything else.
        Random random = new Random(11);
        String alphabet = "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        List<String> corrupted = new ArrayList<>();
        for (String name : names) {
            for (int i = 0; i < 4; i++) {
                StringBuilder variant = new StringBuilder(name);
                int at = 2 + random.nextInt(name.length() - 2);
                switch (i) {
                    case 0 -> variant.setLength(at);
                    case 1 -> variant.deleteCharAt(at);
                    case 2 -> variant.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> variant.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
                corrupted.add(variant.toString());
            }
        }
        compare(corrupted.stream().distinct().toList(), wrong);

        assertThat(wrong).isEmpty();
        assertThat(exact).isGreaterThanOrEqualTo((int) (0.9 * names.size()));
        assertThat(names.stream().map(Demangler::demangle))
                .contains("<shop::shop::Cart>::total", "shop::generic::<[u8; 3]>", "shop::main");
    }

    /** @return how many names we show exactly as c++filt; adds to {@code wrong} those shown otherwise and not kept */
    private static int compare(List<String> names, List<String> wrong) throws Exception {
        Map<String, String> cxxFilt = CxxFilt.expectations(names);
        int exact = 0;
        for (String name : names) {
            String ours = Demangler.demangle(name);
            if (cxxFilt.get(name) == null) {
                continue;
            }
            // c++filt is verbose: crate disambiguators (std[1a2b...]) and typed constants (3: usize),
            // which rustc-demangle's alternate form, shown by profilers, leaves out.
            String expected = cxxFilt.get(name).replaceAll("\\[[0-9a-f]+\\]", "")
                    .replaceAll("(\\d+|true|false): (?:[ui](?:8|16|32|64|128|size)|bool)", "$1");
            if (ours.equals(expected)) {
                exact++;
            } else if (!ours.equals(name)) {
                wrong.add(name + "\n  c++filt: " + expected + "\n  ours:    " + ours);
            }
        }
        return exact;
    }

    private static void assumeCxxFiltReadsRust() throws Exception {
        boolean reads = CxxFilt.installed()
                && CxxFilt.expectations(List.of("_RNvCs1234_4main4test")).get("_RNvCs1234_4main4test").matches("main(\\[[0-9a-f]+\\])?::test");
        if (!reads) {
            System.out.println("SKIP: no c++filt that demangles Rust v0 names (binutils >= 2.36)");
        }
        assumeTrue(reads, "c++filt does not read Rust v0 names");
    }
}
