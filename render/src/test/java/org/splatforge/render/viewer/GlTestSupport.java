package org.splatforge.render.viewer;

import org.junit.jupiter.api.Assumptions;

/** Opens a real viewer window for a test, or skips it with the reason when this machine has no OpenGL 4.3 display. */
public final class GlTestSupport {

    private GlTestSupport() {
    }

    public static Viewer openOrSkip(ViewerOptions options) {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            skip("no DISPLAY, so no OpenGL window; run the tests with scripts/test (it wraps Maven in xvfb-run)");
        }
        try {
            return Viewer.open(options);
        } catch (ViewerUnavailableException e) {
            skip("no OpenGL 4.3 core context on DISPLAY=" + display + ": " + e.getMessage());
            throw e; // not reached
        }
    }

    /** Aborts the test (or the class, from @BeforeAll) and prints why, so the skip is visible in the build log. */
    static void skip(String why) {
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.map(f -> f.getDeclaringClass().getSimpleName())
                        .filter(n -> !n.equals("GlTestSupport")).findFirst().orElse("?"));
        System.out.println("SKIPPED " + caller + ": " + why);
        Assumptions.abort(why);
    }
}
