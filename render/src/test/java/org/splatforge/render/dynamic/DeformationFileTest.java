package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.checkpoint.CheckpointFile;

/** Round trip and corrupt-input errors of the deformation-field file. */
class DeformationFileTest {

    @Test
    void roundTripsEveryParameterAndTheMask(@TempDir Path dir) throws Exception {
        DeformationField f = FieldFixtures.randomField(new FieldConfig(4, 2, 5, 3, 7, 2), 5);
        Path file = dir.resolve(DeformationFile.NAME);
        DeformationFile.write(file, f, false, new int[] {1, 0, 1});
        DeformationFile.Model m = DeformationFile.read(file);
        assertEquals(f.config(), m.field().config());
        assertArrayEquals(f.planes(), m.field().planes());
        assertArrayEquals(f.mlp(), m.field().mlp());
        assertArrayEquals(f.lo(), m.field().lo());
        assertArrayEquals(f.hi(), m.field().hi());
        assertEquals(false, m.deformOpacity());
        assertArrayEquals(new int[] {1, 0, 1}, m.dynamicMask());
    }

    @Test
    void theMaskIsStoredAsBitsAndOldIntegerMasksStillRead(@TempDir Path dir) throws Exception {
        DeformationField f = FieldFixtures.randomField(new FieldConfig(4, 1, 5, 2, 4, 1), 8);
        int[] mask = new int[70]; // crosses two word boundaries
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (i * 7 + i / 3) % 3 == 0 ? 1 : 0;
        }
        Path file = dir.resolve("bits.sfdf");
        DeformationFile.write(file, f, true, mask);
        assertArrayEquals(mask, DeformationFile.read(file).dynamicMask());
        CheckpointData d = CheckpointFile.read(file);
        assertEquals(3, d.ints("dynamicBits", 3).length, "70 flags in three 32-bit words");

        CheckpointData old = new CheckpointData();
        old.putText("meta", d.text("meta"));
        old.put("planes", d.floats("planes", f.planes().length));
        old.put("mlp", d.floats("mlp", f.mlp().length));
        old.put("dynamicMask", mask);
        Path before = dir.resolve("old.sfdf");
        CheckpointFile.write(before, old);
        assertArrayEquals(mask, DeformationFile.read(before).dynamicMask());

        CheckpointData shortBits = new CheckpointData();
        shortBits.putText("meta", d.text("meta"));
        shortBits.put("planes", d.floats("planes", f.planes().length));
        shortBits.put("mlp", d.floats("mlp", f.mlp().length));
        shortBits.put("dynamicCount", new int[] {1000});
        shortBits.put("dynamicBits", d.ints("dynamicBits", 3));
        Path bad = dir.resolve("short.sfdf");
        CheckpointFile.write(bad, shortBits);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> DeformationFile.read(bad));
        assertTrue(e.getMessage().contains("dynamicBits"), e.getMessage());
    }

    @Test
    void corruptFilesNameTheFieldAndWhatWasExpected(@TempDir Path dir) throws Exception {
        DeformationField f = FieldFixtures.randomField(new FieldConfig(4, 1, 5, 2, 4, 1), 6);
        Path good = dir.resolve("good.sfdf");
        DeformationFile.write(good, f, true, null);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.sfdf");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        CorruptDataException e1 = assertThrows(CorruptDataException.class, () -> DeformationFile.read(cut));
        assertTrue(e1.getMessage().contains("cut.sfdf"), e1.getMessage());

        // a NaN parameter, written with valid CRCs
        CheckpointData d = CheckpointFile.read(good);
        float[] planes = d.floats("planes", f.planes().length).clone();
        planes[7] = Float.NaN;
        CheckpointData bad = new CheckpointData();
        bad.putText("meta", d.text("meta"));
        bad.put("planes", planes);
        bad.put("mlp", d.floats("mlp", f.mlp().length));
        Path nan = dir.resolve("nan.sfdf");
        CheckpointFile.write(nan, bad);
        CorruptDataException e2 = assertThrows(CorruptDataException.class, () -> DeformationFile.read(nan));
        assertTrue(e2.getMessage().contains("planes[7]") && e2.getMessage().contains("finite"), e2.getMessage());

        // a shape that does not match the arrays
        CheckpointData wrong = new CheckpointData();
        wrong.putText("meta", d.text("meta").replace("\"spatialRes\":4", "\"spatialRes\":5"));
        wrong.put("planes", d.floats("planes", f.planes().length));
        wrong.put("mlp", d.floats("mlp", f.mlp().length));
        Path shape = dir.resolve("shape.sfdf");
        CheckpointFile.write(shape, wrong);
        CorruptDataException e3 = assertThrows(CorruptDataException.class, () -> DeformationFile.read(shape));
        assertTrue(e3.getMessage().contains("planes"), e3.getMessage());
    }
}
