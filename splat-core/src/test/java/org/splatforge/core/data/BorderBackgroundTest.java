package org.splatforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.image.PackedImage;

/**
 * The backdrop colour of opaque images ({@link BorderBackground}) and its use as the dataset
 * background by {@link Datasets#load}: tabletop-multiview's sky-grey frames were trained on
 * white, so the Gaussians had to paint the sky.
 */
class BorderBackgroundTest {

    /** Sizes straddle the 16-pixel tile and the 16-lane vectors. */
    static final int W = 33, H = 17;
    static final int[] SKY = {162, 164, 173};
    static final long SEED = 7;

    @TempDir
    Path root;

    /**
     * Frame {@code f} of a moving scene: the sky colour, with a random-coloured block over the
     * middle half of the columns that reaches the bottom border and, every third frame, the
     * top border too.
     */
    static byte[] frame(int f, int channels, int alpha, SplittableRandom r) {
        byte[] b = new byte[W * H * channels];
        int top = (f % 3 == 0) ? 0 : H / 3;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean block = y >= top && x >= W / 4 + f % 5 && x < 3 * W / 4;
                int o = (y * W + x) * channels;
                for (int c = 0; c < 3; c++) {
                    b[o + c] = (byte) (block ? r.nextInt(256) : SKY[c]);
                }
                if (channels == 4) {
                    b[o + 3] = (byte) (block ? 255 : alpha);
                }
            }
        }
        return b;
    }

    static List<View> views(int n, int channels, int alpha) {
        SplittableRandom r = new SplittableRandom(SEED);
        List<View> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Camera cam = TestData.orbit(i, n, W, H, 1.0, 3.5);
            out.add(View.of(cam, PackedImage.of8(W, H, channels, frame(i, channels, alpha, r), false).dropOpaqueAlpha(),
                    null, DatasetOptions.WHITE));
        }
        return out;
    }

    @Test
    void opaqueImagesSharingABackdropGiveItsColour() {
        System.out.println("seed " + SEED);
        for (int n : new int[] {5, 70, 200}) { // below, around and above the sample of 64 views
            float[] bg = BorderBackground.estimate(views(n, 3, 255));
            assertArrayEquals(new float[] {SKY[0] / 255f, SKY[1] / 255f, SKY[2] / 255f}, bg, 1e-6f, n + " views");
            // Opaque RGBA (as N3V frames are): the alpha channel is dropped, same answer.
            assertArrayEquals(bg, BorderBackground.estimate(views(n, 4, 255)), 0f);
        }
    }

    @Test
    void transparentPixelsOrNoSharedColourGiveNone() {
        // With alpha, the images say where the background is: nothing to estimate.
        assertNull(BorderBackground.estimate(views(12, 4, 0)));
        // Borders of random colours (a photograph): no colour dominates.
        SplittableRandom r = new SplittableRandom(SEED);
        List<View> noisy = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] b = new byte[W * H * 3];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) r.nextInt(256);
            }
            noisy.add(View.of(TestData.orbit(i, 12, W, H, 1.0, 3.5), PackedImage.of8(W, H, 3, b, false), null,
                    DatasetOptions.WHITE));
        }
        assertNull(BorderBackground.estimate(noisy));
        // A shared colour in fewer than 80% of the views is no backdrop.
        List<View> mixed = new ArrayList<>(views(6, 3, 255));
        mixed.addAll(noisy.subList(0, 6));
        assertNull(BorderBackground.estimate(mixed));
        assertNull(BorderBackground.estimate(List.of()));
    }

    /** An N3V folder of sky-grey frames loads with the sky as its background unless one is given. */
    @Test
    void n3vDatasetUsesTheBackdropUnlessABackgroundIsGiven() throws IOException {
        int n = 4, frames = 3;
        double[] rows = new double[n * 17];
        SplittableRandom r = new SplittableRandom(SEED);
        for (int k = 0; k < n; k++) {
            Camera c = TestData.orbit(k, n, W, H, 1.0, 3.5);
            System.arraycopy(TestData.llffRow(c, 0.5, 12), 0, rows, k * 17, 17);
            Path dir = root.resolve(String.format("cam%02d/images", k));
            Files.createDirectories(dir);
            for (int f = 0; f < frames; f++) {
                byte[] b = frame(k * frames + f, 4, 255, r);
                FloatImage img = new FloatImage(W, H, 4);
                for (int p = 0; p < b.length; p++) {
                    img.data()[p] = (b[p] & 0xFF) / 255f;
                }
                Images.writePng(dir.resolve(String.format("%04d.png", f)), img);
            }
        }
        Files.write(root.resolve("poses_bounds.npy"), TestData.npy(rows, n, 17));
        float[] sky = {SKY[0] / 255f, SKY[1] / 255f, SKY[2] / 255f};
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(10));
        assertEquals(DatasetFormat.N3V, d.format());
        assertArrayEquals(sky, d.background(), 1e-6f);
        for (View v : d.all()) {
            assertArrayEquals(sky, v.background(), 1e-6f, v.name());
        }
        Dataset white = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(10).withBackground(DatasetOptions.WHITE));
        assertArrayEquals(DatasetOptions.WHITE, white.background(), 0f);
        assertArrayEquals(DatasetOptions.WHITE, white.test().get(0).background(), 0f);
    }
}
