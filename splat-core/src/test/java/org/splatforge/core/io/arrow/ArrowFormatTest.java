package org.splatforge.core.io.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;
import org.splatforge.core.scene.SplatColumns;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;
import org.splatforge.core.testing.SharedData;

/** The Arrow splat table: exact round trips, others' tables (float64, extra columns), nulls. */
class ArrowFormatTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "degree {0}, {1} Gaussians")
    @CsvSource({"0,0", "1,17", "3,1000", "2,65553"})
    void roundTripIsExact(int degree, int n) throws IOException {
        GaussianCloud c = SyntheticClouds.random(n, degree, SharedData.seed("arrow " + degree + "/" + n, 7 + n));
        Path f = dir.resolve("c.arrow");
        SceneFiles.write(f, c);
        Clouds.assertIdentical(c, SceneFiles.read(f));
        assertEquals(n, SceneFiles.probe(f).count());
        assertEquals(degree, SceneFiles.probe(f).shDegree());
    }

    /** A table as pandas might write it: float64 columns in another order, plus an int column; optionally a null. */
    private Path othersTable(GaussianCloud c, boolean withNull) throws IOException {
        List<SplatColumn> cols = new ArrayList<>(SplatColumns.forDegree(c.shDegree()));
        java.util.Collections.reverse(cols);
        List<Field> fields = new ArrayList<>();
        for (SplatColumn col : cols) {
            fields.add(new Field(col.name(), FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
        }
        fields.add(new Field("cluster", FieldType.nullable(new ArrowType.Int(32, true)), null));
        Path f = dir.resolve(withNull ? "nulls.feather" : "pandas.feather");
        try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), a);
             FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            for (int first = 0; first < c.size(); first += 7) { // small, uneven batches
                int rows = Math.min(7, c.size() - first);
                root.allocateNew();
                for (int j = 0; j < cols.size(); j++) {
                    Float8Vector v = (Float8Vector) root.getVector(j);
                    for (int r = 0; r < rows; r++) {
                        if (withNull && first + r == 11 && j == 3) {
                            v.setNull(r);
                        } else {
                            v.set(r, cols.get(j).get(c, first + r));
                        }
                    }
                    v.setValueCount(rows);
                }
                IntVector id = (IntVector) root.getVector("cluster");
                for (int r = 0; r < rows; r++) {
                    id.set(r, first + r);
                }
                id.setValueCount(rows);
                root.setRowCount(rows);
                w.writeBatch();
            }
            w.end();
        }
        return f;
    }

    @Test
    void readsOthersTablesByName() throws IOException {
        GaussianCloud c = SyntheticClouds.random(30, 1, SharedData.seed("arrow others", 5));
        Path f = othersTable(c, false);
        Clouds.assertIdentical(c, SceneFiles.read(f));
        assertTrue(SceneFiles.probe(f).details().get("ignored columns").contains("cluster"));
    }

    @Test
    void nullsAreRejectedWithTheirRow() throws IOException {
        GaussianCloud c = SyntheticClouds.random(30, 1, 6);
        Path f = othersTable(c, true);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> SceneFiles.read(f));
        assertTrue(e.getMessage().contains("null in row 11"), e.getMessage());
    }

    @Test
    void truncatedFileIsCorrupt() throws IOException {
        Path f = dir.resolve("t.arrow");
        SceneFiles.write(f, SyntheticClouds.random(500, 3, 8));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> SceneFiles.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
