package dev.coral.agent.cli;

import java.util.Locale;

/** OTLP severity numbers and the names people use for them (the log data model's ranges of four). */
final class Severities {
    private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private Severities() {}

    /**
     * The lowest severity number of a name ({@code WARN} is 13), or a number from 1 to 24 as it is.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    static int parse(String level) {
        String s = level.strip().toUpperCase(Locale.ROOT);
        if (s.equals("WARNING")) {
            s = "WARN";
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(s)) {
                return 1 + 4 * i;
            }
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 24) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--severity: expected TRACE, DEBUG, INFO, WARN, ERROR, FATAL or a number "
                + "from 1 to 24, got '" + level + "'");
    }

    /** The name of a severity number: {@code WARN} for 13, {@code WARN2} for 14; empty for 0 or unknown. */
    static String name(int number) {
        if (number < 1 || number > 24) {
            return "";
        }
        int step = (number - 1) % 4;
        return NAMES[(number - 1) / 4] + (step == 0 ? "" : Integer.toString(step + 1));
    }
}
