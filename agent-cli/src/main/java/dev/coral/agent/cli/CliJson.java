package dev.coral.agent.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * The CLI's {@code --json}: every field, zero values included (a 0 is a measurement, not a
 * missing one), and text as written. protobuf's printer escapes {@code = < > & '} as
 * {@code \u003d} and so on (safe inside HTML, noise in a terminal or for {@code jq}); those
 * escapes are turned back into the characters, other escapes are kept.
 */
final class CliJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private CliJson() {}

    static String print(MessageOrBuilder message) throws InvalidProtocolBufferException {
        return unescapeHtmlSafe(PRINTER.print(message));
    }

    /** Turns {@code \u003d \u003c \u003e \u0026 \u0027} back into characters; an escaped backslash stays one. */
    static String unescapeHtmlSafe(String json) {
        StringBuilder out = new StringBuilder(json.length());
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= json.length()) {
                out.append(c);
                i++;
            } else if (json.charAt(i + 1) == 'u' && i + 6 <= json.length() && isHtmlSafeEscape(json, i + 2)) {
                out.append((char) Integer.parseInt(json, i + 2, i + 6, 16));
                i += 6;
            } else {
                out.append(c).append(json.charAt(i + 1));  // any other escape, \\ included, passes as it is
                i += 2;
            }
        }
        return out.toString();
    }

    private static boolean isHtmlSafeEscape(String json, int hex) {
        String code = json.substring(hex, hex + 4);
        return code.equals("003d") || code.equals("003c") || code.equals("003e") || code.equals("0026")
                || code.equals("0027");
    }
}
