package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import org.splatforge.core.data.View;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat bench data DIR...}: loads each dataset and prints, as JSON, how long loading
 * took, how much heap it keeps (measured after a full GC, and as the views' own count of
 * pixel bytes), and how long turning one view into floats takes (what a trainer pays per
 * iteration).
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Dataset load time and memory, as JSON.")
public final class DataBenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Dataset folders.")
    List<Path> dirs;

    @Option(names = "--resolution", paramLabel = "N", defaultValue = "1", description = "Downscale factor (default: ${DEFAULT-VALUE}).")
    double resolution;

    @Option(names = "--lazy", description = "Lazy image loading (decode on access).")
    boolean lazy;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Loader threads, 0 = all (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("processors", Runtime.getRuntime().availableProcessors());
        root.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
        ArrayNode runs = root.putArray("datasets");
        DatasetOptions opts = DatasetOptions.defaults().withResolution(resolution).withLazyImages(lazy).withThreads(threads);
        for (Path dir : dirs) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            Dataset d = Datasets.load(dir, opts);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long after = usedAfterGc();
            View v = d.train().get(0);
            float[] buf = new float[v.width() * v.height() * 3];
            float[] bg = d.background();
            for (int i = 0; i < 20; i++) { // warm up
                d.train().get(i % d.train().size()).image(bg, buf, 0);
            }
            long t1 = System.nanoTime();
            int reps = 200;
            for (int i = 0; i < reps; i++) {
                d.train().get(i % d.train().size()).image(bg, buf, 0);
            }
            double perView = (System.nanoTime() - t1) / 1e6 / reps;
            ObjectNode r = runs.addObject();
            r.put("dir", dir.toString());
            r.put("format", d.format().name());
            r.put("train_views", d.train().size());
            r.put("test_views", d.test().size());
            r.put("width", v.width());
            r.put("height", v.height());
            r.put("dynamic", d.dynamic());
            r.put("labels", d.hasLabels());
            r.put("initial_points", d.initialPoints().count());
            r.put("resolution", resolution);
            r.put("lazy", lazy);
            r.put("load_seconds", seconds);
            r.put("retained_image_mib", d.retainedImageBytes() / 1048576.0);
            r.put("heap_growth_mib", (after - before) / 1048576.0);
            r.put("view_to_float_ms", perView);
            d = null; // let the next dataset's measurement start clean
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return ExitCodes.OK;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
