package org.splatforge.render.raster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.SharedData;

/**
 * One scene of {@code ../shared/fixtures/raster/*.json} (see its README): parameters,
 * camera, loss weights, and the float64 autograd reference outputs and gradients, all
 * flattened to the SoA layouts the rasterizers use.
 */
public final class RasterFixture {

    public final String name;
    public final int shDegree;
    public final float[] background;
    public final Camera camera;
    /** Parameters exactly as stored (float64). */
    public final DoubleGaussians params;
    /** Parameters rounded to float32, as a float backend sees them. */
    public final GaussianCloud cloud;
    public final double[] lossWeightImage;
    public final double[] lossWeightAlpha;
    public final double[] image;
    public final double[] alpha;
    public final double loss;
    public final double[] means2d;
    public final double[] conics;
    public final double[] radii;
    public final double[] depths;
    public final double[] colors;
    public final boolean[] valid;
    public final double[] gMeans;
    public final double[] gLogScales;
    public final double[] gQuats;
    public final double[] gOpacityLogits;
    public final double[] gSh;
    public final double[] gMeans2d;

    private RasterFixture(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        name = root.path("name").asText(file.getFileName().toString());
        shDegree = root.get("sh_degree").asInt();
        double[] bg = flat(root.get("background"));
        background = new float[] {(float) bg[0], (float) bg[1], (float) bg[2]};
        JsonNode cam = root.get("camera");
        camera = new Camera(cam.get("width").asInt(), cam.get("height").asInt(), cam.get("fx").asDouble(),
                cam.get("fy").asDouble(), cam.get("cx").asDouble(), cam.get("cy").asDouble(),
                flat(cam.get("viewmat")), 0, name);
        JsonNode p = root.get("params");
        int n = p.get("opacity_logits").size();
        params = new DoubleGaussians(n, shDegree);
        copy(flat(p.get("means")), params.means);
        copy(flat(p.get("log_scales")), params.logScales);
        copy(flat(p.get("quats")), params.quats);
        copy(flat(p.get("opacity_logits")), params.opacityLogits);
        copy(flat(p.get("sh")), params.sh);
        cloud = GaussianCloud.create(n, shDegree);
        narrow(params.means, cloud.means());
        narrow(params.logScales, cloud.logScales());
        narrow(params.quats, cloud.quats());
        narrow(params.opacityLogits, cloud.opacityLogits());
        narrow(params.sh, cloud.sh());
        lossWeightImage = flat(root.get("loss_weight_image"));
        lossWeightAlpha = flat(root.get("loss_weight_alpha"));
        JsonNode e = root.get("expected");
        image = flat(e.get("image"));
        alpha = flat(e.get("alpha"));
        loss = e.get("loss").asDouble();
        means2d = flat(e.get("means2d"));
        conics = flat(e.get("conics"));
        radii = flat(e.get("radii"));
        depths = flat(e.get("depths"));
        colors = flat(e.get("colors"));
        valid = new boolean[n];
        for (int i = 0; i < n; i++) {
            valid[i] = e.get("valid").get(i).asBoolean();
        }
        JsonNode g = root.get("grads");
        gMeans = flat(g.get("means"));
        gLogScales = flat(g.get("log_scales"));
        gQuats = flat(g.get("quats"));
        gOpacityLogits = flat(g.get("opacity_logits"));
        gSh = flat(g.get("sh"));
        gMeans2d = flat(g.get("means2d"));
    }

    /** The fixture files found under the shared folder (the calling test is skipped when absent). */
    public static List<Path> files() throws IOException {
        Path dir = SharedData.require("fixtures/raster");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(out::add);
        }
        return out;
    }

    public static RasterFixture load(Path file) throws IOException {
        return new RasterFixture(file);
    }

    public RasterSettings settings() {
        return RasterSettings.defaults().withBackground(background[0], background[1], background[2]);
    }

    /** The fixtures' loss: sum(image * w_image) + sum(alpha * w_alpha). */
    public double loss(double[] img, double[] alp) {
        double l = 0;
        for (int i = 0; i < lossWeightImage.length; i++) {
            l += img[i] * lossWeightImage[i];
        }
        for (int i = 0; i < lossWeightAlpha.length; i++) {
            l += alp[i] * lossWeightAlpha[i];
        }
        return l;
    }

    public float[] lossWeightImageF() {
        return toFloat(lossWeightImage);
    }

    public float[] lossWeightAlphaF() {
        return toFloat(lossWeightAlpha);
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        narrow(a, f);
        return f;
    }

    private static void narrow(double[] src, float[] dst) {
        for (int i = 0; i < src.length; i++) {
            dst[i] = (float) src[i];
        }
    }

    private static void copy(double[] src, double[] dst) {
        if (src.length != dst.length) {
            throw new IllegalStateException("fixture array has " + src.length + " values, expected " + dst.length);
        }
        System.arraycopy(src, 0, dst, 0, src.length);
    }

    /** Flattens nested JSON arrays of numbers, row-major. */
    static double[] flat(JsonNode node) {
        List<Double> out = new ArrayList<>();
        flatten(node, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.get(i);
        }
        return d;
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            for (JsonNode c : n) {
                flatten(c, out);
            }
        } else if (n.isBoolean()) {
            out.add(n.asBoolean() ? 1.0 : 0.0);
        } else {
            out.add(n.asDouble());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
