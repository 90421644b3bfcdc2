package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DemanglerTest {
    /** Real shapes of mangled names and what c++filt -p shows for them (checked against c++filt below). */
    private static final Map<String, String> TABLE = table(
            "_ZN8GraphKit14null_check_oopEP4NodePS1_bbb", "GraphKit::null_check_oop",
            "_ZN13CompileBroker20compiler_thread_loopEv", "CompileBroker::compiler_thread_loop",
            "_ZNK4Type4hashEv", "Type::hash",
            "_ZNSt6vectorIiSaIiEE9push_backEOi", "std::vector<int, std::allocator<int> >::push_back",
            "_ZN1AD0Ev", "A::~A",
            "_ZN1AIiEC2Ev", "A<int>::A",
            "_ZNSaIcEC1Ev", "std::allocator<char>::allocator",
            "_ZNSsC1Ev", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string",
            "_ZNSt8ios_base4InitC1Ev", "std::ios_base::Init::Init",
            "_ZN1AaSERKS_", "A::operator=",
            "_ZN1AeqERKS_", "A::operator==",
            "_ZN1AltIiEEvv", "A::operator< <int>",
            "_ZN1AnwEm", "A::operator new",
            "_ZN1AdaEPv", "A::operator delete[]",
            "_ZN1AclEv", "A::operator()",
            "_ZN1AcviEv", "A::operator int",
            "_ZN3FoocvPFviEEv", "Foo::operator void (*)(int)",
            "_ZL3foov", "foo",
            "_ZZ4mainE1x", "main::x",
            "_ZZN1A1fEvE1x", "A::f()::x",
            "_ZZ4mainENKUliE0_clEi", "main::{lambda(int)#2}::operator()",
            "_ZZ1fIiEvvENKUlvE_clEv", "f<int>()::{lambda()#1}::operator()",
            "_ZN1AUt_E", "A::{unnamed type#1}",
            "_ZN12_GLOBAL__N_13fooEv", "(anonymous namespace)::foo",
            "_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE5c_strEv",
            "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::c_str",
            "_ZN1A1fB5cxx11Ev", "A::f[abi:cxx11]",
            "_Z1fIPVKcEvv", "f<char const volatile*>",
            "_Z1fIPKPiEvv", "f<int* const*>",
            "_Z1fIOiEvv", "f<int&&>",
            "_Z1fIPFviEEvv", "f<void (*)(int)>",
            "_Z1fIFviEEvv", "f<void (int)>",
            "_Z1fIM1AKFvvEEvv", "f<void (A::*)() const>",
            "_Z1fIM1AiEvv", "f<int A::*>",
            "_Z1fIRA3_iEvv", "f<int (&) [3]>",
            "_Z1fIPA3_iEvv", "f<int (*) [3]>",
            "_Z1fIA2_A3_iEvv", "f<int [2][3]>",
            "_Z1fILc97ELb1ELj5ELm5ELx5ELs5EEvv", "f<(char)97, true, 5u, 5ul, 5ll, (short)5>",
            "_Z1fILin5EEvv", "f<-5>",
            "_Z1fIL1E3EEvv", "f<(E)3>",
            "_Z1fIDnEvv", "f<decltype(nullptr)>",
            "_Z1fIXadL_Z3foovEEEvv", "f<&(foo())>",
            "_Z1fIiXadL_ZN1A1fEvEEEvv", "f<int, &A::f>",
            "_Z1fIXadL_Z1xEEEvv", "f<&x>",
            "_Z1gIL_Z1fIiEvvEEvv", "g<void f<int>()>",
            "_Z1fIJidEEvv", "f<int, double>",
            "_Z1fIiJEEvv", "f<int>",
            "_ZN1AIiE1fIJidEEEvDpT_", "A<int>::f<int, double>",
            "_ZN1AIiE1fIcEEvT_", "A<int>::f<char>",
            "_Z3fooIiEvT_", "foo<int>",
            "_ZThn8_N3Foo3barEv", "non-virtual thunk to Foo::bar()",
            "_ZTv0_n24_N1A1fEv", "virtual thunk to A::f()",
            "_ZTV10StoreDNode", "vtable for StoreDNode",
            "_ZTI1A", "typeinfo for A",
            "_ZTC1A0_1B", "construction vtable for B-in-A",
            "_ZGVZ4mainE1x", "guard variable for main::x",
            "_ZGR1x_", "reference temporary #0 for x",
            "_ZNK1A1fEv.isra.0.cold", "A::f [clone .isra.0] [clone .cold]",
            "_Z3foov.constprop.0.isra.0", "foo [clone .constprop.0] [clone .isra.0]",
            "_ZN1A1fEv.part.0", "A::f [clone .part.0]");

    @Test
    void showsQualifiedNamesWithoutParameterLists() {
        TABLE.forEach((mangled, shown) -> assertThat(Demangler.demangle(mangled)).as(mangled).isEqualTo(shown));
    }

    @Test
    void theTableIsWhatCxxFiltShows() throws Exception {
        assumeCxxFilt();
        Map<String, String> expected = CxxFilt.expectations(List.copyOf(TABLE.keySet()));
        TABLE.forEach((mangled, shown) -> assertThat(shown).as(mangled).isEqualTo(expected.get(mangled)));
    }

    @Test
    void legacyRustNamesLoseTheirHash() {
        assertThat(Demangler.demangle("_ZN4core3fmt9Formatter3pad17h0123456789abcdefE")).isEqualTo("core::fmt::Formatter::pad");
        assertThat(Demangler.demangle(
                "_ZN66_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17h9a6d2d5e8c1b3f47E"))
                .isEqualTo("<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop");
        assertThat(Demangler.demangle("_ZN4core3fmt9Formatter3pad17h0123456789abcdefE.llvm.1A2B"))
                .isEqualTo("core::fmt::Formatter::pad");
        // Not a hash (upper case, too short): an ordinary C++ name.
        assertThat(Demangler.demangle("_ZN3app4main17H0123456789ABCDEFE")).isEqualTo("app::main::H0123456789ABCDEF");
    }

    @Test
    void keepsWhatItDoesNotUnderstandUnchanged() {
        for (String name : List.of("main", "", "_Z", "_ZN", "_ZN1A", "_ZN1A1fEv$x", "_Z3foov.", "_Z3foov.Cold",
                "_ZN1AliIcEEvv", "_Z1fIXplT_Li1EEEvv", "_ZNK1AIiEcvT_IcEEv", "_Z1fIiXT_EEvv", "_ZN1AC1Ev_", "_Z99fv")) {
            assertThat(Demangler.demangle(name)).as(name).isEqualTo(name);
        }
        assertThat(Demangler.demangle(null)).isNull();
    }

    /**
     * Thousands of real names: at least 98 % exactly as c++filt shows them, and none shown
     * differently: where we do not agree with c++filt we must have kept the mangled name.
     */
    @Test
    void agreesWithCxxFiltOnLibjvmAndLibstdcxx() throws Exception {
        assumeCxxFilt();
        NativeTools.assumeAvailable("nm", "gcc");
        List<String> names = MangledCorpus.names();
        if (names.size() < 5000) {
            System.out.println("SKIP: fewer than 5000 mangled names in libjvm.so and libstdc++ here: " + names.size());
        }
        assumeTrue(names.size() >= 5000, "too few mangled names on this machine");
        Map<String, String> expected = CxxFilt.expectations(names);

        int exact = 0;
        int compared = 0;
        List<String> kept = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String name : names) {
            String oracle = expected.get(name);
            if (oracle == null) {
                continue;
            }
            compared++;
            String ours = Demangler.demangle(name);
            if (ours.equals(oracle)) {
                exact++;
            } else if (ours.equals(name)) {
                kept.add(name);
            } else {
                wrong.add(name + "\n  c++filt: " + oracle + "\n  ours:    " + ours);
            }
        }
        System.out.printf("demangler vs c++filt -p: %d names, %d exact (%.3f %%), %d kept mangled, %d different%n",
                compared, exact, 100.0 * exact / compared, kept.size(), wrong.size());
        kept.stream().limit(5).forEach(name -> System.out.println("  kept: " + name));

        assertThat(wrong).isEmpty();
        assertThat(exact).isGreaterThanOrEqualTo((int) Math.ceil(0.98 * compared));
    }

    /** Truncated and corrupted names neither throw nor hang, and are never shown differently from c++filt. */
    @Test
    void truncatedAndCorruptedNamesAreKeptOrRight() throws Exception {
        List<String> seeds = new ArrayList<>(TABLE.keySet());
        if (CxxFilt.installed()) {
            List<String> corpus = MangledCorpus.names();
            Random pick = new Random(7);
            for (int i = 0; i < 300 && !corpus.isEmpty(); i++) {
                seeds.add(corpus.get(pick.nextInt(corpus.size())));
            }
        }
        Random random = new Random(42);
        String alphabet = "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.";
        List<String> variants = new ArrayList<>();
        for (String seed : seeds) {
            for (int i = 0; i < 6; i++) {
                variants.add(seed.substring(0, random.nextInt(seed.length() + 1)));
                char[] chars = seed.toCharArray();
                chars[2 + random.nextInt(chars.length - 2)] = alphabet.charAt(random.nextInt(alphabet.length()));
                variants.add(new String(chars));
            }
        }
        Map<String, String> shown = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (String variant : variants) {
            shown.put(variant, Demangler.demangle(variant)); // would throw or hang here
        }
        System.out.printf("fuzz: %d variants in %d ms%n", variants.size(), (System.nanoTime() - start) / 1_000_000);
        assertThat(shown.values()).doesNotContainNull();
        if (!CxxFilt.installed()) {
            System.out.println("SKIP (in part): c++filt is not installed, fuzzed names not compared");
            return;
        }
        Map<String, String> expected = CxxFilt.expectations(List.copyOf(shown.keySet()));
        List<String> wrong = new ArrayList<>();
        shown.forEach((variant, ours) -> {
            String oracle = expected.get(variant);
            if (!ours.equals(variant) && oracle != null && !ours.equals(oracle)) {
                wrong.add(variant + "\n  c++filt: " + oracle + "\n  ours:    " + ours);
            }
        });
        assertThat(wrong).isEmpty();
    }

    private static void assumeCxxFilt() {
        if (!CxxFilt.installed()) {
            System.out.println("SKIP: c++filt (binutils) is not installed: no oracle for demangled names");
        }
        assumeTrue(CxxFilt.installed(), "c++filt is not installed");
    }

    private static Map<String, String> table(String... pairs) {
        Map<String, String> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            table.put(pairs[i], pairs[i + 1]);
        }
        return table;
    }
}
