package org.splatforge.render.viewer.hud;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * A monospaced bitmap font for the HUD: printable ASCII (32..126) drawn with java.awt
 * (headless-safe: only a BufferedImage, no toolkit) into one 8-bit coverage atlas of 16
 * columns by 6 rows of equal cells. No GL here; {@link TextRenderer} uploads the atlas.
 *
 * <p>{@code pixels: byte[atlasHeight*atlasWidth]}, row 0 at the top, coverage 0..255.
 */
public final class BitmapFont {

    public static final char FIRST = 32;
    public static final char LAST = 126;
    static final int COLUMNS = 16;
    static final int ROWS = 6;

    private final int cellWidth;
    private final int cellHeight;
    private final int atlasWidth;
    private final int atlasHeight;
    private final byte[] pixels;

    /** @param pixelSize font size in pixels (13 on an ordinary screen; times the content scale on HiDPI) */
    public BitmapFont(int pixelSize) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // the viewer never needs an AWT window
        }
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, Math.max(6, pixelSize));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        cellWidth = Math.max(1, fm.charWidth('M'));
        cellHeight = Math.max(1, fm.getAscent() + fm.getDescent());
        int ascent = fm.getAscent();
        pg.dispose();
        atlasWidth = cellWidth * COLUMNS;
        atlasHeight = cellHeight * ROWS;
        BufferedImage img = new BufferedImage(atlasWidth, atlasHeight, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(font);
        for (char ch = FIRST; ch <= LAST; ch++) {
            int cell = ch - FIRST;
            int x = (cell % COLUMNS) * cellWidth, y = (cell / COLUMNS) * cellHeight;
            g.setClip(x, y, cellWidth, cellHeight);
            g.drawString(String.valueOf(ch), x, y + ascent);
        }
        g.dispose();
        pixels = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    public int cellWidth() {
        return cellWidth;
    }

    public int cellHeight() {
        return cellHeight;
    }

    public int atlasWidth() {
        return atlasWidth;
    }

    public int atlasHeight() {
        return atlasHeight;
    }

    /** Coverage atlas, {@code byte[atlasHeight*atlasWidth]}, top row first. */
    public byte[] pixels() {
        return pixels;
    }

    /** Atlas cell of a character; characters outside printable ASCII show as '?'. */
    public static int cell(char ch) {
        return (ch < FIRST || ch > LAST) ? '?' - FIRST : ch - FIRST;
    }
}
