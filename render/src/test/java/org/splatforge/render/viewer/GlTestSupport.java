package org.splatforge.render.viewer;

import org.junit.jupiter.api.Assumptions;

/** Opens a real viewer window for a test, or skips it with the reason when this machine has no OpenGL 4.3 display. */
public final class GlTestSupport {

    private GlTestSupport() {
    }

    public static Viewer openOrSkip(ViewerOptions options) {
        String display = System.getenv("DISPLAY");
        Assumptions.assumeTrue(display != null && !display.isBlank(),
                "SKIPPED: no DISPLAY, so no OpenGL window; run the tests with scripts/test (it wraps Maven in xvfb-run)");
        try {
            return Viewer.open(options);
        } catch (ViewerUnavailableException e) {
            Assumptions.abort("SKIPPED: no OpenGL 4.3 core context on DISPLAY=" + display + ": " + e.getMessage());
            throw e; // not reached
        }
    }
}
