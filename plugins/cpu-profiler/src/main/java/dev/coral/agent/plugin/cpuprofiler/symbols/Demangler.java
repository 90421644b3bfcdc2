package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * Turns mangled native symbol names into the names flame graphs show (as perf, pprof and Parca
 * do): Itanium C++ names ({@code _ZN8GraphKit14null_check_oopEP4NodePS1_bbb} →
 * {@code GraphKit::null_check_oop}), the qualified name without parameters, as
 * {@code c++filt -p} prints it, plus GCC clone suffixes ({@code  [clone .isra.0]}); Rust names
 * (legacy and v0) as rustc-demangle's alternate form, without hash and crate disambiguators. Anything not understood in full comes back unchanged: a mangled
 * name is better than a wrong one. Pure function, never throws.
 */
public final class Demangler {
    private Demangler() {
    }

    /** @return the demangled name, or {@code symbol} itself when it is not a name this understands */
    public static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_Z") && !symbol.startsWith("_R")) {
            return symbol;
        }
        try {
            if (symbol.startsWith("_R")) {
                return RustV0Names.demangle(symbol);
            }
            String rust = RustLegacyNames.demangle(symbol);
            if (rust != null) {
                return rust;
            }
            ItaniumParser.Result parsed = ItaniumParser.parse(symbol);
            String suffixes = cloneSuffixes(symbol, parsed.end());
            if (suffixes == null) {
                return symbol;
            }
            StringBuilder out = new StringBuilder(symbol.length() * 2);
            parsed.name().print(out);
            if (out.length() > CxxNode.MAX_LENGTH) {
                return symbol;
            }
            return out.append(suffixes).toString();
        } catch (RuntimeException | StackOverflowError e) {
            // CxxNode.Unsupported for what we do not understand; anything else would be our bug:
            // either way the mangled name is the honest answer.
            return symbol;
        }
    }

    /**
     * GCC's clones of a function ({@code .isra.0}, {@code .part.1}, {@code .constprop.0},
     * {@code .cold}): c++filt's {@code  [clone .isra.0]} for each.
     *
     * @return the suffixes as shown, empty when there are none, null when the rest is not clone suffixes
     */
    private static String cloneSuffixes(String symbol, int from) {
        StringBuilder out = new StringBuilder();
        int pos = from;
        while (pos < symbol.length()) {
            if (symbol.charAt(pos) != '.' || pos + 1 >= symbol.length() || !isCloneChar(symbol.charAt(pos + 1))) {
                return null;
            }
            int start = pos;
            pos += 2;
            while (pos < symbol.length() && isCloneChar(symbol.charAt(pos))) {
                pos++;
            }
            while (pos + 1 < symbol.length() && symbol.charAt(pos) == '.' && Character.isDigit(symbol.charAt(pos + 1))) {
                pos += 2;
                while (pos < symbol.length() && Character.isDigit(symbol.charAt(pos))) {
                    pos++;
                }
            }
            out.append(" [clone ").append(symbol, start, pos).append(']');
        }
        return out.toString();
    }

    private static boolean isCloneChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
    }
}
