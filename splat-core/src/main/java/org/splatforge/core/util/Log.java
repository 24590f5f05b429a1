package org.splatforge.core.util;

import java.io.PrintStream;

/**
 * The project's one logger: short leveled lines on stderr, so stdout stays clean for JSON
 * and data. Deliberately tiny; a CLI tool needs levels and a quiet switch, not appenders.
 */
public final class Log {

    /** Severity, lowest first. */
    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;

    private Log() {
    }

    public static void setLevel(Level level) {
        threshold = level;
    }

    public static Level level() {
        return threshold;
    }

    /** Redirects log lines (tests capture them). */
    public static void setStream(PrintStream stream) {
        out = stream;
    }

    public static boolean enabled(Level level) {
        return level.ordinal() >= threshold.ordinal() && level != Level.OFF;
    }

    public static void debug(String fmt, Object... args) {
        emit(Level.DEBUG, fmt, args);
    }

    public static void info(String fmt, Object... args) {
        emit(Level.INFO, fmt, args);
    }

    public static void warn(String fmt, Object... args) {
        emit(Level.WARN, fmt, args);
    }

    public static void error(String fmt, Object... args) {
        emit(Level.ERROR, fmt, args);
    }

    private static void emit(Level level, String fmt, Object... args) {
        if (!enabled(level)) {
            return;
        }
        String msg = args.length == 0 ? fmt : String.format(java.util.Locale.ROOT, fmt, args);
        out.println(level.name() + ": " + msg);
    }
}
