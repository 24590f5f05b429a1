package org.splatforge.compress.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.io.CorruptDataException;

class SfzContainerTest {

    /** Hands out one byte per read call: the reader must not assume full reads. */
    static final class Trickle extends FilterInputStream {
        Trickle(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(1, len));
        }
    }

    private static List<Section> sample() {
        Random r = new Random(4);
        byte[] big = new byte[3_000_000];
        r.nextBytes(big);
        return List.of(new Section("HEAD", true, new byte[] {1, 2, 3}), new Section("EMPT", true, new byte[0]),
                new Section("BIG_", true, big), new Section("note", false, "hello".getBytes()));
    }

    @Test
    void sectionsRoundTripThroughATricklingStream() throws IOException {
        List<Section> s = sample();
        byte[] file = SfzWriter.toBytes(s);
        SfzReader r = new SfzReader(new Trickle(new ByteArrayInputStream(file)), "t.sfz", Integer.MAX_VALUE);
        assertEquals(SfzFormat.MAJOR, r.majorVersion());
        assertEquals(4, r.sections().size());
        long expectOffset = 20 + 4 * 24 + 4;
        for (Section want : s) {
            SectionInfo info = r.peek();
            assertEquals(want.tag(), info.tag());
            assertEquals(want.critical(), info.critical());
            assertEquals(expectOffset, info.offset());
            expectOffset += want.payload().length;
            assertArrayEquals(want.payload(), r.readNext());
        }
        assertTrue(!r.hasNext());
    }

    @Test
    void everyTruncationAndEveryByteFlipInTheHeaderAndTableIsCaught() throws IOException {
        byte[] file = SfzWriter.toBytes(List.of(new Section("HEAD", true, new byte[] {1, 2, 3, 4, 5}),
                new Section("DATA", true, new byte[] {9, 8, 7})));
        for (int len = 0; len < file.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(file, len);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> readAll(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("f.sfz: at byte "), e.getMessage());
        }
        for (int i = 0; i < file.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = file.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(CorruptDataException.class, () -> readAll(bad), "flip byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void messagesNameTheSectionAndOffset() {
        byte[] file = SfzWriter.toBytes(List.of(new Section("HEAD", true, new byte[] {1, 2, 3, 4, 5}),
                new Section("DATA", true, new byte[] {9, 8, 7})));
        file[file.length - 2] ^= 1;
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("section 'DATA' (#1") && e.getMessage().contains("CRC32C mismatch"),
                e.getMessage());
        assertTrue(e.getMessage().contains("at byte " + (20 + 2 * 24 + 4 + 5)), e.getMessage());
    }

    @Test
    void hugeDeclaredSectionsDoNotAllocateTheClaim() {
        // A valid table declaring a 1 TB section in a tiny file: rejected by the limit...
        byte[] file = SfzWriter.toBytes(List.of(new Section("DATA", true, new byte[10])));
        ByteWriter table = new ByteWriter();
        table.bytes("DATA".getBytes()).u32(1).u64(1L << 40).u32(0).u32(0);
        byte[] t = table.toByteArray();
        System.arraycopy(t, 0, file, 20, 24);
        ByteWriter crc = new ByteWriter().u32(SfzWriter.crc(file, 20, 24));
        System.arraycopy(crc.toByteArray(), 0, file, 44, 4);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("declares 1099511627776 payload bytes"), e.getMessage());
        // ...and within the limit, it fails at the real end of the file, reading only what is there.
        assertThrows(CorruptDataException.class, () -> {
            SfzReader r = new SfzReader(new ByteArrayInputStream(file), "f.sfz", Long.MAX_VALUE);
            r.readNext();
        });
    }

    @Test
    void wrongMagicAndNewerMajorVersionAreRefused() {
        byte[] file = SfzWriter.toBytes(List.of());
        byte[] png = file.clone();
        png[1] = 'P';
        assertTrue(assertThrows(CorruptDataException.class, () -> readAll(png)).getMessage().contains("bad magic"));
        byte[] v2 = file.clone();
        v2[8] = 2;
        ByteWriter crc = new ByteWriter().u32(SfzWriter.crc(v2, 0, 16));
        System.arraycopy(crc.toByteArray(), 0, v2, 16, 4);
        assertTrue(assertThrows(CorruptDataException.class, () -> readAll(v2)).getMessage().contains("major version 2"));
    }

    private static void readAll(byte[] file) throws IOException {
        SfzReader r = new SfzReader(new ByteArrayInputStream(file), "f.sfz", Integer.MAX_VALUE);
        while (r.hasNext()) {
            r.readNext();
        }
    }
}
