package org.splatforge.render.viewer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.io.AtomicFiles;

/** Screenshot PNGs: 8-bit RGB from linear floats (no gamma, as everywhere), written atomically. */
public final class Screenshots {

    private Screenshots() {
    }

    /**
     * Writes {@code image} (3 or 4 channels, [0, 1]; alpha ignored) as an 8-bit RGB PNG,
     * rounding to nearest. Atomic: a crash never leaves a half-written file.
     */
    public static void writePng(Path file, FloatImage image) throws IOException {
        int w = image.width(), h = image.height(), ch = image.channels();
        if (ch < 3) {
            throw new IllegalArgumentException("screenshot needs RGB, got " + ch + " channels");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = image.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * ch;
                img.setRGB(x, y, (to8(d[o]) << 16) | (to8(d[o + 1]) << 8) | to8(d[o + 2]));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(w * h);
        if (!ImageIO.write(img, "png", png)) {
            throw new IOException("no PNG writer available in this JDK");
        }
        AtomicFiles.write(file, png.toByteArray());
    }

    static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v)) * 255f);
    }
}
