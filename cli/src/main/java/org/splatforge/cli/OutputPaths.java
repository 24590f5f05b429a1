package org.splatforge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The checks every command that turns one file into another makes before any work. */
public final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * @throws NoSuchFileException      if {@code in} does not exist
     * @throws IllegalArgumentException if {@code out} is {@code in}, or exists and {@code overwrite} is off
     */
    public static void check(Path in, Path out, boolean overwrite) throws IOException {
        if (!Files.exists(in)) {
            throw new NoSuchFileException(in.toString());
        }
        if (Files.exists(out) && Files.isSameFile(in, out)
                || in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("OUT " + out + " is the input file; refusing to overwrite the input");
        }
        if (Files.exists(out) && !overwrite) {
            throw new IllegalArgumentException("OUT " + out + " exists; pass --overwrite to replace it");
        }
    }
}
