package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * Legacy Rust symbols ({@code _ZN4core3fmt9Formatter3pad17h0123456789abcdefE}): Itanium-shaped
 * paths whose last segment is a hash. Shown as rustc-demangle's alternate form does, without the
 * hash and with Rust's {@code $LT$}-style escapes decoded: {@code core::fmt::Formatter::pad}.
 */
final class RustLegacyNames {
    /** {@code 17h} + 16 hex digits + {@code E}. */
    private static final int HASH_TAIL = 3 + 16 + 1;

    private RustLegacyNames() {
    }

    /** @return the demangled path, or null when the symbol is not a legacy Rust name */
    static String demangle(String symbol) {
        symbol = withoutLlvmSuffix(symbol);
        if (!symbol.startsWith("_ZN") || symbol.length() < 3 + HASH_TAIL || !symbol.endsWith("E")
                || !isHash(symbol, symbol.length() - HASH_TAIL)) {
            return null;
        }
        StringBuilder out = new StringBuilder(symbol.length());
        int pos = 3;
        int end = symbol.length() - HASH_TAIL;
        while (pos < end) {
            int start = pos;
            while (pos < end && Character.isDigit(symbol.charAt(pos))) {
                pos++;
            }
            if (pos == start || pos - start > 6) {
                return null;
            }
            int length = Integer.parseInt(symbol, start, pos, 10);
            if (length == 0 || length > end - pos) {
                return null;
            }
            if (out.length() > 0) {
                out.append("::");
            }
            if (!decodeSegment(symbol.substring(pos, pos + length), out)) {
                return null;
            }
            pos += length;
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** LTO's {@code .llvm.<hex>} suffix: dropped, as rustc-demangle does. */
    private static String withoutLlvmSuffix(String symbol) {
        int suffix = symbol.lastIndexOf(".llvm.");
        if (suffix < 0) {
            return symbol;
        }
        for (int i = suffix + ".llvm.".length(); i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (Character.digit(c, 16) < 0 && c != '@') {
                return symbol;
            }
        }
        return symbol.substring(0, suffix);
    }

    private static boolean isHash(String symbol, int at) {
        if (!symbol.startsWith("17h", at)) {
            return false;
        }
        for (int i = at + 3; i < at + 3 + 16; i++) {
            if (Character.digit(symbol.charAt(i), 16) < 0 || Character.isUpperCase(symbol.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean decodeSegment(String segment, StringBuilder out) {
        int pos = segment.startsWith("_$") ? 1 : 0;
        while (pos < segment.length()) {
            char c = segment.charAt(pos);
            if (c == '$') {
                int close = segment.indexOf('$', pos + 1);
                if (close < 0 || !decodeEscape(segment.substring(pos + 1, close), out)) {
                    return false;
                }
                pos = close + 1;
            } else if (segment.startsWith("..", pos)) {
                out.append("::");
                pos += 2;
            } else if (c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                out.append(c);
                pos++;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean decodeEscape(String escape, StringBuilder out) {
        String decoded = switch (escape) {
            case "SP" -> "@";
            case "BP" -> "*";
            case "RF" -> "&";
            case "LT" -> "<";
            case "GT" -> ">";
            case "LP" -> "(";
            case "RP" -> ")";
            case "C" -> ",";
            default -> null;
        };
        if (decoded == null && escape.length() > 1 && escape.length() <= 7 && escape.charAt(0) == 'u') {
            int codePoint = 0;
            for (int i = 1; i < escape.length(); i++) {
                int digit = Character.digit(escape.charAt(i), 16);
                if (digit < 0 || Character.isUpperCase(escape.charAt(i))) {
                    return false;
                }
                codePoint = codePoint * 16 + digit;
            }
            if (!Character.isValidCodePoint(codePoint) || Character.isISOControl(codePoint)) {
                return false;
            }
            decoded = Character.toString(codePoint);
        }
        if (decoded == null) {
            return false;
        }
        out.append(decoded);
        return true;
    }
}
