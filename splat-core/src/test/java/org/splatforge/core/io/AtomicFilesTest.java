package org.splatforge.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemporaries() throws IOException {
        Path f = dir.resolve("model.ply");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "temporary file left behind");
        }
        AtomicFiles.write(f, new byte[] {9});
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
    }

    @Test
    void newFilesAreWorldReadableAndReplacedFilesKeepTheirMode() throws IOException {
        assumePosix();
        Path f = dir.resolve("out.png");
        AtomicFiles.write(f, new byte[] {1});
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(f, new byte[] {2});
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    private void assumePosix() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "skipped: not a POSIX file system");
    }

    @Test
    void createsMissingParentFolders() throws IOException {
        Path f = dir.resolve("a/b/c.bin");
        AtomicFiles.write(f, new byte[] {7});
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(f));
    }
}
