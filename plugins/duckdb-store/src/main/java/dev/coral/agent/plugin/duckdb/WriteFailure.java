package dev.coral.agent.plugin.duckdb;

/**
 * A group that did not commit: nothing of it is stored and no seq id was used.
 *
 * @see GroupTransaction#write
 */
final class WriteFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where it failed, which tells whether one batch may be to blame. */
    enum Stage {
        /** Turning batches into rows: a single bad batch can cause it. */
        APPEND,
        /** BEGIN or COMMIT: the database or the disk, the same for every batch. */
        COMMIT
    }

    private final Stage stage;

    WriteFailure(Stage stage, Throwable cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        this.stage = stage;
    }

    Stage stage() {
        return stage;
    }

    /**
     * Whether the data itself is to blame, so sending it again cannot help: a conversion the
     * appenders refused, or DuckDB refusing the values. Everything else (the disk, DuckDB's
     * memory, a broken instance) is the store's trouble and passes: the client should retry.
     */
    boolean blamesTheData() {
        if (stage != Stage.APPEND) {
            return false;
        }
        Throwable c = getCause();
        if (c instanceof IllegalArgumentException || c instanceof ClassCastException) {
            return true;
        }
        String m = String.valueOf(getMessage());
        return m.contains("Conversion Error") || m.contains("Invalid Input Error");
    }

    /** DuckDB invalidated the instance: it must be reopened before anything else works. */
    boolean invalidated() {
        return Database.invalidated(getCause());
    }
}
