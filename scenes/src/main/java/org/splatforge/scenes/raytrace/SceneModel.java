package org.splatforge.scenes.raytrace;

import java.util.List;

/**
 * What the ray tracer draws: shapes, one directional light (unit vector towards the light,
 * world), its intensity, an ambient term, and the class names of the label maps (index 0 is
 * the background).
 */
public record SceneModel(List<Shape> shapes, double[] lightDir, double lightIntensity, double ambient,
                         List<String> classes) {

    public SceneModel {
        double n = Math.sqrt(lightDir[0] * lightDir[0] + lightDir[1] * lightDir[1] + lightDir[2] * lightDir[2]);
        lightDir = new double[] {lightDir[0] / n, lightDir[1] / n, lightDir[2] / n};
        shapes = List.copyOf(shapes);
        classes = List.copyOf(classes);
    }
}
