package org.splatforge.render.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.CorruptDataException;

class CheckpointFileTest {

    private static final long SEED = 99L;

    private static CheckpointData sample() {
        Random r = new Random(SEED);
        float[] f = new float[37];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        f[3] = -0f;
        f[4] = Float.MIN_VALUE;
        return new CheckpointData()
                .putText("meta", "{\"iteration\": 7, \"name\": \"\u00e9t\u00e9\"}")
                .put("cloud/means", f)
                .put("ints", new int[] {1, -2, Integer.MAX_VALUE})
                .put("longs", new long[] {Long.MIN_VALUE, 42})
                .put("doubles", new double[] {Math.PI, -0.0})
                .put("empty", new float[0]);
    }

    @Test
    void roundTripsEveryTypeBitForBit(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.sfck");
        CheckpointData d = sample();
        CheckpointFile.write(f, d);
        CheckpointData back = CheckpointFile.read(f);
        assertEquals(d.text("meta"), back.text("meta"));
        assertArrayEquals(d.floats("cloud/means", 37), back.floats("cloud/means", 37));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.floats("cloud/means", 37)[3]));
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, back.ints("ints", 3));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, back.longs("longs", 2));
        assertArrayEquals(new double[] {Math.PI, -0.0}, back.doubles("doubles", 2));
        assertEquals(0, back.floats("empty", 0).length);
        CorruptDataException missing = assertThrows(CorruptDataException.class, () -> back.floats("nope", -1));
        assertTrue(missing.getMessage().contains("'nope'") && missing.getMessage().contains(f.toString()), missing.getMessage());
        CorruptDataException length = assertThrows(CorruptDataException.class, () -> back.floats("cloud/means", 36));
        assertTrue(length.getMessage().contains("expected 36 values, found 37"), length.getMessage());
        assertThrows(CorruptDataException.class, () -> back.ints("cloud/means", -1), "wrong type");
    }

    @Test
    void everyTruncationIsACorruptDataException(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.sfck");
        CheckpointFile.write(f, sample());
        byte[] all = Files.readAllBytes(f);
        for (int len = 0; len < all.length; len++) {
            int cut = len;
            CorruptDataException e = assertThrows(CorruptDataException.class,
                    () -> CheckpointFile.parse(f, ByteBuffer.wrap(java.util.Arrays.copyOf(all, cut)).order(java.nio.ByteOrder.LITTLE_ENDIAN)),
                    "truncated to " + len);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
    }

    @Test
    void everyFlippedByteIsDetected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.sfck");
        CheckpointFile.write(f, sample());
        byte[] all = Files.readAllBytes(f);
        for (int i = 0; i < all.length; i++) {
            byte[] bad = all.clone();
            bad[i] ^= 0x10;
            assertThrows(CorruptDataException.class,
                    () -> CheckpointFile.parse(f, ByteBuffer.wrap(bad).order(java.nio.ByteOrder.LITTLE_ENDIAN)),
                    "flipped byte " + i);
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousCheckpoint(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.sfck");
        CheckpointFile.write(f, sample());
        byte[] before = Files.readAllBytes(f);
        CheckpointData bad = new CheckpointData().put("x", new float[1]);
        bad.putText("y", "z");
        // An entry type the writer refuses makes the write fail midway.
        java.lang.reflect.Method m = CheckpointData.class.getDeclaredMethod("putRaw", String.class, Object.class);
        m.setAccessible(true);
        m.invoke(bad, "bad", new Object());
        assertThrows(IllegalArgumentException.class, () -> CheckpointFile.write(f, bad));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }
}
