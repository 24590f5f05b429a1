package org.splatforge.scenes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import org.splatforge.core.data.View;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.LabelImage;
import org.splatforge.scenes.raytrace.Material;
import org.splatforge.scenes.raytrace.RayTracer;
import org.splatforge.scenes.raytrace.SceneModel;
import org.splatforge.scenes.raytrace.Sphere;

/** The built-in scenes: generated, then read back by the ordinary dataset reader. */
class BuiltinScenesTest {

    @TempDir
    Path tmp;

    @Test
    void staticSceneLoadsAsNerfSyntheticWithTheCamerasItWasRenderedFrom() throws IOException {
        SceneOptions o = SceneOptions.tiny();
        GeneratedScene g = BuiltinScenes.generate("shapes", tmp.resolve("s"), o, false, 2);
        Dataset d = Datasets.load(g.dir(), DatasetOptions.defaults().withRandomPoints(100));
        assertEquals(8, d.train().size());
        assertEquals(2, d.test().size());
        assertFalse(d.dynamic());
        assertEquals(ShapesScene.CLASSES, d.classNames());
        assertTrue(d.hasLabels());
        List<Camera> rig = CameraRig.train(8, 32, 32, 0);
        for (int i = 0; i < 8; i++) {
            Camera c = d.train().get(i).camera();
            assertArrayEquals(rig.get(i).viewmat(), c.viewmat(), 1e-9);
            assertEquals(rig.get(i).fx(), c.fx(), 1e-9);
        }
        // Something is in every view, and the background is transparent.
        for (View v : d.all()) {
            FloatImage a = v.alpha();
            float min = 1, max = 0;
            for (float x : a.data()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            assertEquals(0f, min, 0, v.name());
            assertEquals(1f, max, 0, v.name());
            LabelImage l = v.labels();
            assertTrue(l.max() >= ShapesScene.SPHERE, v.name() + " shows objects");
        }
        // The estimated bounds hold the platform and the objects on it.
        double[] b = d.bounds();
        assertTrue(b[0] <= -1.4 && b[3] >= 1.4 && b[1] <= -1.4 && b[4] >= 1.4 && b[5] >= 0.85, java.util.Arrays.toString(b));
    }

    @Test
    void generationIsDeterministicAndAtomic() throws IOException {
        SceneOptions o = SceneOptions.tiny().withViews(3, 1);
        Path a = BuiltinScenes.generate("shapes-dynamic", tmp.resolve("a"), o, false, 1).dir();
        Path b = BuiltinScenes.generate("shapes-dynamic", tmp.resolve("b"), o, false, 2).dir();
        try (Stream<Path> s = Files.walk(a)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(a.relativize(p))), a.relativize(p).toString());
            }
        }
        // An existing folder is left alone without overwrite...
        Files.writeString(a.resolve("keep.txt"), "mine");
        assertThrows(FileAlreadyExistsException.class, () -> BuiltinScenes.generate("shapes", a, o, false, 1));
        assertEquals("mine", Files.readString(a.resolve("keep.txt")));
        // ...replaced whole with it, and no temporary folders stay behind.
        BuiltinScenes.generate("shapes", a, o, true, 1);
        assertFalse(Files.exists(a.resolve("keep.txt")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("a", "b"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertThrows(IllegalArgumentException.class, () -> BuiltinScenes.generate("nope", tmp.resolve("c"), o, false, 1));
        assertFalse(Files.exists(tmp.resolve("c")));
    }

    @Test
    void dynamicSceneHasTimesAndMovesOnlyTheAnimatedObjects() throws IOException {
        Path dir = BuiltinScenes.generate("shapes-dynamic", tmp.resolve("d"), SceneOptions.tiny(), false, 2).dir();
        Dataset d = Datasets.load(dir, DatasetOptions.defaults().withRandomPoints(10));
        assertTrue(d.dynamic());
        for (int i = 0; i < 8; i++) {
            assertEquals(i / 7.0, d.train().get(i).time(), 1e-12);
        }
        assertEquals(0.25, d.test().get(0).time(), 1e-12);
        // Same camera, two times: pixels change, but only where the animated objects are or were.
        Camera cam = CameraRig.at(Math.toRadians(40), 0.7, 48, 48, "x");
        RayTracer.Frame t0 = new RayTracer(ShapesScene.at(0, true)).render(cam, 1);
        RayTracer.Frame t1 = new RayTracer(ShapesScene.at(0.5, true)).render(cam, 1);
        RayTracer.Frame s0 = new RayTracer(ShapesScene.at(0, false)).render(cam, 1);
        RayTracer.Frame s1 = new RayTracer(ShapesScene.at(0.9, false)).render(cam, 1);
        assertArrayEquals(s0.rgba().data(), s1.rgba().data(), 0f, "the static scene does not depend on t");
        int changed = 0;
        for (int p = 0; p < 48 * 48; p++) {
            if (t0.rgba().data()[p * 4] != t1.rgba().data()[p * 4]) {
                changed++;
            }
        }
        assertTrue(changed > 20 && changed < 48 * 48 / 2, "pixels changed: " + changed);
    }

    /** Rays go through pixel centres (j + 0.5, i + 0.5), as the rasterization contract says. */
    @Test
    void raysFollowThePixelCentreConvention() {
        double r = 0.7;
        SceneModel m = new SceneModel(List.of(new Sphere(0.1, -0.05, 0, r, Material.matte(1, 1, 1), 1)),
                new double[] {0, 0, 1}, 1, 0.2, List.of("background", "ball"));
        Camera cam = Camera.lookAt(new double[] {0, -4, 0.3}, new double[] {0, 0, 0}, new double[] {0, 0, 1}, 37, 29, 0.6);
        RayTracer.Frame f = new RayTracer(m).render(cam, 1);
        double[] o = cam.center();
        double[] v = cam.viewmat();
        int inside = 0;
        for (int i = 0; i < 29; i++) {
            for (int j = 0; j < 37; j++) {
                double x = (j + 0.5 - cam.cx()) / cam.fx(), y = (i + 0.5 - cam.cy()) / cam.fy();
                double[] d = {v[0] * x + v[4] * y + v[8], v[1] * x + v[5] * y + v[9], v[2] * x + v[6] * y + v[10]};
                double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                double[] l = {o[0] - 0.1, o[1] + 0.05, o[2]};
                double b = (l[0] * d[0] + l[1] * d[1] + l[2] * d[2]) / n;
                double c = l[0] * l[0] + l[1] * l[1] + l[2] * l[2] - r * r;
                boolean hit = b * b - c >= 0;
                assertEquals(hit ? 1f : 0f, f.rgba().get(j, i, 3), 0, "pixel (" + j + ", " + i + ")");
                assertEquals(hit ? 1 : 0, f.labels().get(j, i));
                inside += hit ? 1 : 0;
            }
        }
        assertTrue(inside > 50 && inside < 37 * 29 - 50, "the sphere is partly in view: " + inside);
        RayTracer.Frame ss = new RayTracer(m).render(cam, 2);
        for (float a : alphas(ss.rgba())) {
            assertTrue(a == 0f || a == 0.25f || a == 0.5f || a == 0.75f || a == 1f, "alpha " + a);
        }
    }

    private static float[] alphas(FloatImage rgba) {
        float[] a = new float[rgba.width() * rgba.height()];
        for (int p = 0; p < a.length; p++) {
            a[p] = rgba.data()[p * 4 + 3];
        }
        return a;
    }

    @Test
    void ensureReusesAMatchingFolderAndRegeneratesOtherwise() throws IOException {
        SceneOptions o = SceneOptions.tiny().withViews(2, 1);
        GeneratedScene first = BuiltinScenes.ensure("shapes", tmp.resolve("e"), o);
        assertFalse(first.reused());
        GeneratedScene again = BuiltinScenes.ensure("shapes", tmp.resolve("e"), o);
        assertTrue(again.reused());
        GeneratedScene other = BuiltinScenes.ensure("shapes", tmp.resolve("e"), o.withSeed(3));
        assertFalse(other.reused());
        assertEquals(3, Datasets.load(tmp.resolve("e"), DatasetOptions.defaults().withRandomPoints(10)).all().size());
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(0, 10, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(10, 10, 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(10, 10, 1, 1, 17, 0));
        assertEquals(2, BuiltinScenes.list().size());
    }
}
