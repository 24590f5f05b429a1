package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.cuda.CudaRasterizer;
import org.splatforge.render.raster.CpuRasterizer;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.RasterTimings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.scenes.synthetic.SyntheticSplatScene;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench raster}: forward and backward time of the fast rasterizer and of the
 * reference twin on a seeded synthetic scene ({@link SyntheticSplatScene}), per image size
 * and Gaussian count; prints one JSON document. Times are medians over the timed
 * iterations, after warm-up; the split follows {@link RasterTimings}. With {@code --device cuda}
 * each case also reports {@code cuda_resident}: the same step with parameters and gradients kept
 * on the GPU ({@link ResidentCudaRasterizer}), the figure the targets are about.
 */
@Command(name = "raster",
        mixinStandardHelpOptions = true,
        description = "Time the rasterizer (forward, backward, phase split) against the reference; prints JSON.")
public final class RasterBenchCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--sizes", split = ",", paramLabel = "WxH", defaultValue = "400x400,800x800",
            description = "Image sizes, WxH or N for NxN (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--counts", split = ",", paramLabel = "N", defaultValue = "50000,200000,1000000",
            description = "Gaussian counts (default: ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Option(names = "--sh-degree", defaultValue = "3", description = "SH degree (default: ${DEFAULT-VALUE}).")
    int shDegree;

    @Option(names = "--seed", defaultValue = "42", description = "Scene seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "5",
            description = "Timed forward+backward iterations of the fast path (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--reference-max", defaultValue = "200000", paramLabel = "N",
            description = "Largest Gaussian count at which the reference is timed; 0 skips it (default: ${DEFAULT-VALUE}).")
    int referenceMax;

    @Option(names = "--reference-iterations", defaultValue = "1",
            description = "Timed iterations of the reference, no warm-up (default: ${DEFAULT-VALUE}).")
    int referenceIterations;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1 || warmup < 0 || referenceIterations < 1 || shDegree < 0 || shDegree > 3
                || referenceMax < 0) {
            throw new IllegalArgumentException("--iterations and --reference-iterations must be >= 1, --warmup and"
                    + " --reference-max >= 0, --sh-degree 0..3");
        }
        int[][] dims = new int[sizes.size()][];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = parseSize(sizes.get(i));
        }
        for (int n : counts) {
            if (n < 0) {
                throw new IllegalArgumentException("--counts: " + n + " is negative");
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        try (Device device = deviceOptions.open(); Rasterizer fast = Rasterizers.create(device)) {
            root.put("benchmark", "raster");
            root.put("device", device.describe());
            root.put("backend", fast.name());
            root.put("threads", device.parallelism());
            if (fast instanceof CudaRasterizer cuda) {
                root.put("cuda_kernels", cuda.kernelOrigin());
                root.put("cuda_note", "fast: the Rasterizer interface (uploads the cloud and downloads every output"
                        + " each call); cuda_resident: parameters and gradients stay on the GPU (a training step);"
                        + " *_split_ms are GPU event times");
            } else {
                root.put("vector_lanes_forward", CpuRasterizer.lanes());
                root.put("vector_lanes_backward", CpuRasterizer.backwardLanes());
            }
            root.put("java", Runtime.version().toString());
            root.put("sh_degree", shDegree);
            root.put("seed", seed);
            root.put("warmup", warmup);
            root.put("iterations", iterations);
            root.put("reference_iterations", referenceIterations);
            root.put("reference_max", referenceMax);
            root.put("scene", "SyntheticSplatScene: surfaces (floor, 12 spheres, background shell) + 5% floaters");
            root.put("times", "milliseconds, median over iterations; backward includes no forward; *_cpu_ms is"
                    + " process CPU time (all threads), the fair measure on a shared machine");
            ArrayNode cases = root.putArray("cases");
            Rasterizer reference = Rasterizers.reference();
            for (int n : counts) {
                Log.info("bench raster: generating %d Gaussians (SH %d, seed %d)", n, shDegree, seed);
                GaussianCloud cloud = SyntheticSplatScene.generate(n, shDegree, seed);
                for (int[] d : dims) {
                    Camera cam = SyntheticSplatScene.camera(d[0], d[1]);
                    ObjectNode c = cases.addObject();
                    c.put("width", d[0]);
                    c.put("height", d[1]);
                    c.put("gaussians", n);
                    Log.info("bench raster: %dx%d, %d Gaussians, %s", d[0], d[1], n, fast.name());
                    Result f = measure(fast, cloud, cam, warmup, iterations);
                    c.put("visible", f.visible);
                    c.put("tile_entries", f.entries);
                    int tiles = ((d[0] + 15) / 16) * ((d[1] + 15) / 16);
                    c.put("mean_tile_list", round((double) f.entries / tiles));
                    c.put("max_tile_list", f.maxList);
                    c.set("fast", f.toJson(json, n, d[0] * (long) d[1]));
                    if (fast instanceof CudaRasterizer cuda) {
                        // The training-step figure: parameters, loss gradient and gradients stay on the GPU.
                        Log.info("bench raster: %dx%d, %d Gaussians, cuda resident", d[0], d[1], n);
                        try (ResidentCudaRasterizer resident = new ResidentCudaRasterizer(cuda)) {
                            c.set("cuda_resident", measure(resident, cloud, cam, warmup, iterations)
                                    .toJson(json, n, d[0] * (long) d[1]));
                        }
                    }
                    if (referenceMax > 0 && n <= referenceMax) {
                        Log.info("bench raster: %dx%d, %d Gaussians, reference", d[0], d[1], n);
                        Result r = measure(reference, cloud, cam, 0, referenceIterations);
                        c.set("reference", r.toJson(json, n, d[0] * (long) d[1]));
                        ObjectNode sp = c.putObject("speedup");
                        sp.put("forward", round(r.forward / f.forward));
                        sp.put("backward", round(r.backward / f.backward));
                        sp.put("forward_backward", round((r.forward + r.backward) / (f.forward + f.backward)));
                        if (f.forwardCpu + f.backwardCpu > 0) {
                            sp.put("forward_backward_cpu_time", round((r.forwardCpu + r.backwardCpu)
                                    / (f.forwardCpu + f.backwardCpu)));
                        }
                    } else {
                        c.put("reference", "skipped: " + n + " Gaussians > --reference-max " + referenceMax);
                    }
                }
            }
        }
        System.out.println(json.writeValueAsString(root));
        return ExitCodes.OK;
    }

    /** Median times (ms) of one backend on one case. */
    private static final class Result {
        double forward;
        double backward;
        double project;
        double sort;
        double blend;
        double backwardBlend;
        double backwardProject;
        double forwardCpu;
        double backwardCpu;
        double[] forwardAll;
        double[] backwardAll;
        int visible;
        long entries;
        int maxList;

        ObjectNode toJson(ObjectMapper json, int n, long pixels) {
            ObjectNode o = json.createObjectNode();
            o.put("forward_ms", round(forward));
            o.put("backward_ms", round(backward));
            o.put("forward_backward_ms", round(forward + backward));
            o.put("forward_cpu_ms", round(forwardCpu));
            o.put("backward_cpu_ms", round(backwardCpu));
            o.put("forward_backward_cpu_ms", round(forwardCpu + backwardCpu));
            ObjectNode fs = o.putObject("forward_split_ms");
            fs.put("project", round(project));
            fs.put("sort", round(sort));
            fs.put("blend", round(blend));
            ObjectNode bs = o.putObject("backward_split_ms");
            bs.put("blend", round(backwardBlend));
            bs.put("reduce_project", round(backwardProject));
            o.put("forward_gaussians_per_s", Math.round(n / (forward / 1e3)));
            o.put("forward_pixels_per_s", Math.round(pixels / (forward / 1e3)));
            o.put("forward_backward_gaussians_per_s", Math.round(n / ((forward + backward) / 1e3)));
            o.put("forward_backward_pixels_per_s", Math.round(pixels / ((forward + backward) / 1e3)));
            ArrayNode fa = o.putArray("forward_ms_all");
            for (double v : forwardAll) {
                fa.add(round(v));
            }
            ArrayNode ba = o.putArray("backward_ms_all");
            for (double v : backwardAll) {
                ba.add(round(v));
            }
            return o;
        }
    }

    private static Result measure(Rasterizer r, GaussianCloud cloud, Camera cam, int warmup, int iterations) {
        RasterSettings settings = RasterSettings.defaults().withBackground(1f, 1f, 1f);
        RasterFrame frame = new RasterFrame();
        GaussianGradients grads = new GaussianGradients();
        float[] dImage = lossGradient(cam.width() * cam.height() * 3);
        int total = warmup + iterations;
        double[] fwd = new double[iterations], bwd = new double[iterations];
        double[] proj = new double[iterations], sort = new double[iterations], blend = new double[iterations];
        double[] bBlend = new double[iterations], bProj = new double[iterations];
        double[] fCpu = new double[iterations], bCpu = new double[iterations];
        for (int it = 0; it < total; it++) {
            long c0 = processCpuNs();
            long t0 = System.nanoTime();
            r.forward(cloud, cam, settings, frame);
            long t1 = System.nanoTime();
            long c1 = processCpuNs();
            r.backward(frame, dImage, null, null, grads);
            long t2 = System.nanoTime();
            long c2 = processCpuNs();
            int j = it - warmup;
            if (j >= 0) {
                fCpu[j] = (c1 - c0) / 1e6;
                bCpu[j] = (c2 - c1) / 1e6;
                RasterTimings tm = frame.timings();
                fwd[j] = (t1 - t0) / 1e6;
                bwd[j] = (t2 - t1) / 1e6;
                proj[j] = tm.projectNs / 1e6;
                sort[j] = tm.sortNs / 1e6;
                blend[j] = tm.blendNs / 1e6;
                bBlend[j] = tm.backwardBlendNs / 1e6;
                bProj[j] = tm.backwardProjectNs / 1e6;
            }
        }
        Result res = new Result();
        res.forwardAll = fwd.clone();
        res.backwardAll = bwd.clone();
        res.forward = median(fwd);
        res.backward = median(bwd);
        res.project = median(proj);
        res.sort = median(sort);
        res.blend = median(blend);
        res.backwardBlend = median(bBlend);
        res.backwardProject = median(bProj);
        res.forwardCpu = median(fCpu);
        res.backwardCpu = median(bCpu);
        res.visible = frame.visibleCount();
        res.entries = frame.entries();
        res.maxList = frame.maxTileEntries();
        return res;
    }

    /**
     * CPU time of the whole process (all threads, so JIT and GC too; 10 ms resolution on
     * Linux): on a shared machine wall time measures the neighbours as much as the code.
     */
    private static long processCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** A fixed dL/dimage in [-1, 1], like an L1 loss's sign pattern. */
    private static float[] lossGradient(int n) {
        Random rnd = new Random(7);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = 2 * rnd.nextFloat() - 1;
        }
        return g;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static int[] parseSize(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            int x = t.indexOf('x');
            int w = Integer.parseInt(x < 0 ? t : t.substring(0, x));
            int h = x < 0 ? w : Integer.parseInt(t.substring(x + 1));
            if (w < 1 || h < 1 || w > 16384 || h > 16384) {
                throw new NumberFormatException();
            }
            return new int[] {w, h};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sizes: '" + s + "' is not WxH or N with sides in 1..16384");
        }
    }
}
