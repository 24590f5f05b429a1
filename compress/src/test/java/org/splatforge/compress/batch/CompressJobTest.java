package org.splatforge.compress.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.ArchiveInfo;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.compress.eval.RenderedViews;
import org.splatforge.core.data.View;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/** One file with views: view-based significance in the archive, PSNR/SSIM of input and output. */
class CompressJobTest {

    @TempDir
    Path dir;

    @Test
    void withViewsTheArchiveUsesViewSignificanceAndTheRowHasQuality() throws IOException {
        System.out.println("synthetic cloud n=900 degree 2 seed 6");
        GaussianCloud c = SyntheticCloud.scene(900, 2, 6);
        Path in = dir.resolve("s.ply");
        SceneFiles.write(in, c);
        try (CpuDevice dev = new CpuDevice(2)) {
            List<View> views = RenderedViews.of(c, dev, 4);
            SceneViews sv = new SceneViews(views.subList(0, 3), views.subList(3, 4), new float[] {1, 1, 1});
            CompressSettings s = new CompressSettings(CodecOptions.preset(Quality.SMALL), sv, null, true);
            FileResult r;
            try (ViewEvaluator e = new ViewEvaluator(sv.evalViews(), dev)) {
                r = CompressJob.run(in, dir.resolve("s.sfz"), "s.ply", "s.sfz", s, dev, e);
            }
            assertEquals(FileStatus.DONE, r.status());
            assertTrue(r.psnrIn() > 40, "the input made the test view: " + r.psnrIn());
            assertTrue(r.psnrOut() > 25 && r.psnrOut() <= r.psnrIn() + 0.5, r.toString());
            assertTrue(r.ssimOut() > 0.8 && r.ssimOut() <= 1, r.toString());
            assertTrue(r.evalSeconds() >= 0);
            String meta = ArchiveInfo.read(dir.resolve("s.sfz")).meta();
            assertTrue(meta.contains("significance=view(views=3"), meta);
            assertEquals(Files.size(dir.resolve("s.sfz")), r.bytesOut());
        }
    }
}
