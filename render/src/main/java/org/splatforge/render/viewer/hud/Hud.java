package org.splatforge.render.viewer.hud;

import java.util.List;
import org.splatforge.render.viewer.input.InputHandler;

/**
 * The on-screen overlay: a status panel in the top-left corner (FPS, splat count, time,
 * camera) and the key help (H) in the middle. Sizes in framebuffer pixels; text scales
 * with the font the {@link TextRenderer} was made with.
 */
public final class Hud {

    private final TextRenderer text;

    public Hud(TextRenderer text) {
        this.text = text;
    }

    /** Queues and draws the overlay over the bound window framebuffer. */
    public void draw(List<String> status, boolean showStatus, boolean showHelp, int width, int height) {
        int lh = text.lineHeight(), pad = Math.max(4, lh / 3);
        if (showStatus && !status.isEmpty()) {
            int w = 0;
            for (String s : status) {
                w = Math.max(w, text.width(s));
            }
            text.panel(pad, pad, w + 2 * pad, status.size() * lh + 2 * pad, 0f, 0f, 0f, 0.55f);
            for (int i = 0; i < status.size(); i++) {
                text.text(status.get(i), 2 * pad, 2 * pad + i * lh, 1f, 1f, 1f, 1f);
            }
        }
        if (showHelp) {
            List<String[]> b = InputHandler.BINDINGS;
            int keyCol = 0, descCol = 0;
            for (String[] kv : b) {
                keyCol = Math.max(keyCol, text.width(kv[0]));
                descCol = Math.max(descCol, text.width(kv[1]));
            }
            int gap = text.width("   ");
            int w = keyCol + gap + descCol + 4 * pad, h = (b.size() + 2) * lh + 2 * pad;
            float x = Math.max(0, (width - w) / 2f), y = Math.max(0, (height - h) / 2f);
            text.panel(x, y, w, h, 0f, 0f, 0f, 0.75f);
            text.text("Splatforge viewer: controls (H to close)", x + 2 * pad, y + pad, 1f, 0.85f, 0.3f, 1f);
            for (int i = 0; i < b.size(); i++) {
                float ty = y + pad + (i + 2) * lh;
                text.text(b.get(i)[0], x + 2 * pad, ty, 0.6f, 0.85f, 1f, 1f);
                text.text(b.get(i)[1], x + 2 * pad + keyCol + gap, ty, 1f, 1f, 1f, 1f);
            }
        }
        text.flush(width, height);
    }
}
