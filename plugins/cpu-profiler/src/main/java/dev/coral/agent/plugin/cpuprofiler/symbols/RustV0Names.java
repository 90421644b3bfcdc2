package dev.coral.agent.plugin.cpuprofiler.symbols;

import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Unsupported;

/**
 * Rust v0 symbols ({@code _RNvMNtCs1234_1m4shopNtB2_4Cart5total}, RFC 2603) as rustc-demangle's
 * alternate form shows them, without crate disambiguators: {@code <m::shop::Cart>::total}.
 * Prints while it parses; what it does not know (lifetimes, {@code dyn}, function pointer types,
 * punycode, most constants) throws {@link Unsupported} and the caller keeps the mangled name.
 * One instance per symbol.
 */
final class RustV0Names {
    private static final int MAX_DEPTH = 64;
    private static final String BASIC_TYPE_CODES = "abcdefhijlmnopstuvxyz";
    private static final String[] BASIC_TYPES = {"i8", "bool", "char", "f64", "str", "f32", "u8", "isize", "usize",
        "i32", "u32", "i128", "u128", "_", "i16", "u16", "()", "...", "i64", "u64", "!"};

    private final String in;
    private int pos;
    private int depth;
    private final StringBuilder out = new StringBuilder();
    /** The disambiguator of the last identifier: the number of a closure ({@code {closure#1}}). */
    private long lastDisambiguator;

    private RustV0Names(String in) {
        this.in = in;
        this.pos = 2;
    }

    /** @return the demangled path, or null when the symbol is not a v0 Rust name */
    static String demangle(String symbol) {
        if (!symbol.startsWith("_R")) {
            return null;
        }
        int suffix = symbol.indexOf('.');
        RustV0Names parser = new RustV0Names(suffix < 0 ? symbol : symbol.substring(0, suffix)); // vendor suffix: dropped
        parser.path(true);
        if (parser.pos < parser.in.length()) {
            int printed = parser.out.length();
            parser.path(false); // the instantiating crate: not shown
            parser.out.setLength(printed);
        }
        if (parser.pos != parser.in.length() || parser.out.length() > CxxNode.MAX_LENGTH) {
            throw new Unsupported("rust v0 trailing data");
        }
        return parser.out.toString();
    }

    private void path(boolean inValue) {
        enter();
        char tag = next();
        switch (tag) {
            case 'C' -> out.append(identifier());
            case 'N' -> {
                char namespace = next();
                path(inValue);
                String name = identifier();
                if (Character.isUpperCase(namespace)) {
                    out.append("::{").append(namespace == 'C' ? "closure" : namespace == 'S' ? "shim" : String.valueOf(namespace));
                    if (!name.isEmpty()) {
                        out.append(':').append(name);
                    }
                    if (lastDisambiguator < 0 || lastDisambiguator > 1_000_000) {
                        throw new Unsupported("closure number");
                    }
                    out.append('#').append(lastDisambiguator).append('}');
                } else if (Character.isLowerCase(namespace) && !name.isEmpty()) {
                    out.append("::").append(name);
                } else {
                    throw new Unsupported("namespace");
                }
            }
            case 'M' -> {
                implPath();
                out.append('<');
                type();
                out.append('>');
            }
            case 'X' -> {
                implPath();
                out.append('<');
                type();
                out.append(" as ");
                path(false);
                out.append('>');
            }
            case 'Y' -> {
                out.append('<');
                type();
                out.append(" as ");
                path(false);
                out.append('>');
            }
            case 'I' -> {
                path(inValue);
                out.append(inValue ? "::<" : "<");
                genericArgs();
                out.append('>');
            }
            case 'B' -> backref(() -> path(inValue));
            default -> throw new Unsupported("rust path " + tag);
        }
        depth--;
    }

    /** An impl's own path is not shown: rustc-demangle prints {@code <Type>} or {@code <Type as Trait>}. */
    private void implPath() {
        int printed = out.length();
        disambiguator();
        path(false);
        out.setLength(printed);
    }

    private void genericArgs() {
        boolean first = true;
        while (!consume('E')) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            if (peek() == 'L') {
                throw new Unsupported("lifetime");
            } else if (consume('K')) {
                constant();
            } else {
                type();
            }
        }
    }

    private void type() {
        enter();
        char tag = next();
        int basic = BASIC_TYPE_CODES.indexOf(tag);
        if (basic >= 0) {
            out.append(BASIC_TYPES[basic]);
            depth--;
            return;
        }
        switch (tag) {
            case 'R', 'Q' -> {
                if (peek() == 'L') {
                    throw new Unsupported("lifetime");
                }
                out.append(tag == 'R' ? "&" : "&mut ");
                type();
            }
            case 'P', 'O' -> {
                out.append(tag == 'P' ? "*const " : "*mut ");
                type();
            }
            case 'A' -> {
                out.append('[');
                type();
                out.append("; ");
                constant();
                out.append(']');
            }
            case 'S' -> {
                out.append('[');
                type();
                out.append(']');
            }
            case 'T' -> {
                out.append('(');
                int count = 0;
                while (!consume('E')) {
                    if (count++ > 0) {
                        out.append(", ");
                    }
                    type();
                }
                out.append(count == 1 ? ",)" : ")");
            }
            case 'B' -> backref(this::type);
            default -> {
                pos--;
                path(false);
            }
        }
        depth--;
    }

    /** Unsigned and signed integers and bools; anything else is not shown by us. */
    private void constant() {
        if (consume('B')) {
            backref(this::constant);
            return;
        }
        char type = next();
        if (type == 'p') {
            out.append('_');
            return;
        }
        boolean negative = "lxnais".indexOf(type) >= 0 && consume('n');
        int start = pos;
        while (Character.digit(peek(), 16) >= 0 && !Character.isUpperCase(peek())) {
            pos++;
        }
        String hex = in.substring(start, pos);
        expect('_');
        if (hex.length() > 16 || "hjmtybaslxi".indexOf(type) < 0) {
            throw new Unsupported("rust constant " + type);
        }
        long value = hex.isEmpty() ? 0 : Long.parseUnsignedLong(hex, 16);
        if (type == 'b') {
            if (value > 1) {
                throw new Unsupported("bool constant");
            }
            out.append(value == 1 ? "true" : "false");
            return;
        }
        out.append(negative ? "-" : "").append(Long.toUnsignedString(value));
    }

    private interface Part {
        void parse();
    }

    /** {@code B<base62>}: the same production again, at an earlier offset of the symbol. */
    private void backref(Part part) {
        long offset = base62();
        if (offset < 0 || offset > in.length()) {
            throw new Unsupported("backref");
        }
        int target = (int) offset + 2;
        if (target >= pos - 1) {
            throw new Unsupported("forward backref");
        }
        int resume = pos;
        pos = target;
        part.parse();
        pos = resume;
    }

    private void disambiguator() {
        lastDisambiguator = consume('s') ? base62() + 1 : 0;
    }

    private String identifier() {
        disambiguator();
        if (consume('u')) {
            throw new Unsupported("punycode identifier");
        }
        int start = pos;
        int length = 0;
        while (Character.isDigit(peek())) {
            length = Math.addExact(Math.multiplyExact(length, 10), next() - '0');
        }
        if (pos == start || (in.charAt(start) == '0' && pos - start > 1)) {
            throw new Unsupported("identifier length");
        }
        consume('_');
        if (length > in.length() - pos) {
            throw new Unsupported("identifier length");
        }
        String identifier = in.substring(pos, pos + length);
        pos += length;
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                throw new Unsupported("identifier character");
            }
        }
        return identifier;
    }

    /** {@code _} is 0; otherwise digits 0-9a-zA-Z then {@code _}, plus one. */
    private long base62() {
        if (consume('_')) {
            return 0;
        }
        long value = 0;
        int start = pos;
        while (!consume('_')) {
            char c = next();
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10
                    : c >= 'A' && c <= 'Z' ? c - 'A' + 36 : -1;
            if (digit < 0 || pos - start > 12) {
                throw new Unsupported("base62");
            }
            value = value * 62 + digit; // crate hashes wrap around: only small values are used
        }
        return value + 1;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new Unsupported("nested too deeply");
        }
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= in.length()) {
            throw new Unsupported("truncated");
        }
        return in.charAt(pos++);
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new Unsupported("expected " + c);
        }
    }
}
