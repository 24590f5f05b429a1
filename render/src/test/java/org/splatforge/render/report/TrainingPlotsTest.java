package org.splatforge.render.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.render.train.TrainHistory;

class TrainingPlotsTest {

    @Test
    void bucketsAverageAndCoverTheRun() {
        float[] v = new float[4000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        double[][] b = TrainingPlots.buckets(v);
        assertEquals(TrainingPlots.MAX_POINTS, b[0].length);
        double mean = 0;
        for (double y : b[1]) {
            mean += y;
        }
        assertEquals(1999.5, mean / b[1].length, 2.0);
        assertEquals(1, TrainingPlots.buckets(new float[] {3f})[0][0], 0);
    }

    @Test
    void writesThreeReadablePngs(@TempDir Path dir) throws Exception {
        TrainHistory h = TrainHistoryAccess.sample(300);
        List<Path> files = TrainingPlots.write(h, "test", dir);
        assertEquals(3, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 1000, f + " has content");
            var img = ImageIO.read(f.toFile());
            assertEquals(900, img.getWidth());
            assertEquals(500, img.getHeight());
        }
    }
}
