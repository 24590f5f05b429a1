package org.splatforge.cli;

import org.splatforge.core.util.Log;
import picocli.CommandLine.Option;

/** Shared {@code --quiet} / {@code --verbose} options (a picocli mixin on the top command). */
public final class LogOptions {

    @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors on stderr.", scope = picocli.CommandLine.ScopeType.INHERIT)
    void quiet(boolean q) {
        if (q) {
            Log.setLevel(Log.Level.WARN);
        }
    }

    @Option(names = {"-v", "--verbose"}, description = "Debug output on stderr.", scope = picocli.CommandLine.ScopeType.INHERIT)
    void verbose(boolean v) {
        if (v) {
            Log.setLevel(Log.Level.DEBUG);
        }
    }
}
