package dev.coral.agent.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --chart} and {@code --width}, shared by the metric commands that draw one metric over time. */
final class ChartOptions {
    @Option(names = "--chart", description = "Draw the metric given with --name over time, one sparkline per series "
            + "(service and attributes): a gauge's or sum's values, a histogram's or summary's mean per interval")
    boolean chart;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "60",
            description = "Columns of a --chart (default: ${DEFAULT-VALUE})")
    int width;

    /** Refuses a chart of other than one metric, or a width out of range; {@code example} is a metric name. */
    void check(List<String> names, String example) {
        if (chart && names.size() != 1) {
            throw new IllegalArgumentException("--chart draws one metric: name it with --name, e.g. --name " + example);
        }
        if (width < 1 || width > 1000) {
            throw new IllegalArgumentException("--width must be between 1 and 1000, got " + width);
        }
    }
}
