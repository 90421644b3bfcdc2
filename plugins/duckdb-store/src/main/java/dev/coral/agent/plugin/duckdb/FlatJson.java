package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.AttributeJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the attribute objects {@link Json} writes back into key -> string: scalar values as
 * their text, bytes as their base64 and NaN or an infinity as its name (as the colony's map had
 * them before types were kept), nested arrays and objects as their JSON text. Only for our own,
 * well-formed output.
 */
final class FlatJson {
    private final String s;
    private int i;

    FlatJson(String s) {
        this.s = s;
    }

    void readObjectInto(Map<String, String> out) {
        skipWs();
        expect('{');
        skipWs();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            skipWs();
            String key = readString();
            skipWs();
            expect(':');
            skipWs();
            out.put(key, unmarked(readValueText()));
            skipWs();
            char c = s.charAt(i++);
            if (c == '}') {
                return;
            }
        }
    }

    /** A bytes or double marker's text; a wrapped kvlist's object; any other value as it is. */
    private static String unmarked(String value) {
        if (!value.startsWith("{\"$")) {
            return value;
        }
        for (String marker : new String[] {AttributeJson.BYTES_MARKER, AttributeJson.DOUBLE_MARKER}) {
            String prefix = "{\"" + marker + "\":";
            if (value.startsWith(prefix) && value.indexOf('"', prefix.length() + 1) == value.length() - 2) {
                Map<String, String> one = new LinkedHashMap<>();
                new FlatJson(value).readObjectInto(one);
                return one.get(marker);
            }
        }
        String kvlist = "{\"" + AttributeJson.KVLIST_MARKER + "\":";
        return value.startsWith(kvlist) ? value.substring(kvlist.length(), value.length() - 1) : value;
    }

    private String readValueText() {
        char c = peek();
        if (c == '"') {
            return readString();
        }
        int start = i;
        if (c == '{' || c == '[') {
            int depth = 0;
            boolean inString = false;
            for (; i < s.length(); i++) {
                char d = s.charAt(i);
                if (inString) {
                    if (d == '\\') {
                        i++;
                    } else if (d == '"') {
                        inString = false;
                    }
                } else if (d == '"') {
                    inString = true;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        i++;
                        break;
                    }
                }
            }
            return s.substring(start, i);
        }
        while (i < s.length() && ",}] \n\t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return s.substring(start, i);
    }

    private String readString() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
        }
        i++;
    }

    private char peek() {
        return s.charAt(i);
    }

    private void skipWs() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
