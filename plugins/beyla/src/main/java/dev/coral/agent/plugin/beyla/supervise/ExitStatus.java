package dev.coral.agent.plugin.beyla.supervise;

/** How Beyla ended, in words: Java reports death by signal N as exit code 128 + N. */
final class ExitStatus {
    private ExitStatus() {}

    static String describe(int code) {
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = switch (signal) {
                case 1 -> "HUP";
                case 2 -> "INT";
                case 6 -> "ABRT";
                case 9 -> "KILL";
                case 11 -> "SEGV";
                case 15 -> "TERM";
                default -> Integer.toString(signal);
            };
            return "signal " + name;
        }
        return "code " + code;
    }
}
