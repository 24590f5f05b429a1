package org.splatforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders cleanly: picocli formats descriptions with
 * {@code String.format}, so a stray {@code %} (e.g. "7-17% more") makes it print a warning
 * and the raw text instead. Walks the whole command tree.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new Splat()), all);
        assertTrue(all.size() > 20, "command tree has " + all.size() + " commands");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> empty = new ArrayList<>();
        try {
            for (CommandLine c : all) {
                if (c.getUsageMessage().isBlank()) {
                    empty.add(c.getCommandName());
                }
            }
        } finally {
            System.setErr(old);
        }
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), "help text warnings:\n" + warnings);
        assertEquals(List.of(), empty, "commands with an empty help text");
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!out.contains(sub)) {
                collect(sub, out);
            }
        }
    }
}
