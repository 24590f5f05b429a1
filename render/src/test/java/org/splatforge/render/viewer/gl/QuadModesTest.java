package org.splatforge.render.viewer.gl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.viewer.GlTestSupport;
import org.splatforge.render.viewer.Viewer;
import org.splatforge.render.viewer.ViewerOptions;
import org.splatforge.render.viewer.scene.StaticSceneSource;

/** Instanced quads (the GPU path) and pulled quads (the software-GL path) draw the same picture. */
class QuadModesTest {

    private static FloatImage render(ViewerOptions.QuadMode mode, GaussianCloud cloud, Camera cam) {
        try (Viewer v = GlTestSupport.openOrSkip(new ViewerOptions().size(cam.width(), cam.height()).visible(false)
                .quadMode(mode))) {
            v.setScene(new StaticSceneSource("random", cloud));
            return v.render(cam, 0);
        }
    }

    @Test
    void instancedAndPulledQuadsAgree() {
        GaussianCloud cloud = ViewerRasterComparisonTest.randomScene(2000, 21);
        Camera cam = Camera.lookAt(new double[] {0.3, -4.2, 1.1}, new double[] {0, 0, 0}, new double[] {0, 0, 1}, 147, 93,
                Math.toRadians(60));
        FloatImage a = render(ViewerOptions.QuadMode.INSTANCED, cloud, cam);
        FloatImage b = render(ViewerOptions.QuadMode.PULLED, cloud, cam);
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        System.out.printf("instanced vs pulled quads: max |diff| %.2e%n", max);
        assertTrue(max < 1e-5, "the two ways of issuing quads give the same picture: " + max);
    }
}
