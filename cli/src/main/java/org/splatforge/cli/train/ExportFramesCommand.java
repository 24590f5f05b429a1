package org.splatforge.cli.train;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.dynamic.DeformationFile;
import org.splatforge.render.dynamic.DynamicModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat export-frames MODEL --times 0,0.5,1 --out DIR}: one deformed PLY per time
 * ({@code DIR/frame_KKKK_tT.TTTT.ply}, INRIA layout, atomic writes), each the canonical cloud
 * plus the field's deltas at that time, deformed opacity included, so tools without a
 * deformation field can show the scene at those instants.
 */
@Command(name = "export-frames", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write one deformed PLY per time of a dynamic scene (canonical PLY + deformation.sfdf),",
                "positions, scales, rotations and opacity deformed."})
public final class ExportFramesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Canonical scene file (point_cloud.ply of splat train --dynamic).")
    Path model;

    @Option(names = "--times", required = true, paramLabel = "T,T,...", split = ",", description = "Times in [0, 1].")
    List<Double> times = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--field", paramLabel = "FILE", description = "Deformation field (default: deformation.sfdf next to MODEL).")
    Path field;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(model)) {
            throw new NoSuchFileException(model.toString());
        }
        for (double t : times) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("--times must be in [0, 1], got " + t);
            }
        }
        Path f = field != null ? field : DynamicModel.fieldNextTo(model);
        if (f == null || !Files.exists(f)) {
            throw new NoSuchFileException(field != null ? field.toString() : model.toAbsolutePath().resolveSibling(DeformationFile.NAME).toString(),
                    null, "no deformation field: export-frames needs a dynamic scene (pass --field FILE)");
        }
        try (Device device = deviceOptions.open()) {
            GaussianCloud cloud = SceneFiles.read(model, ReadOptions.DEFAULT.withDevice(device));
            DynamicModel dm = DynamicModel.load(cloud, f);
            Files.createDirectories(out);
            for (int k = 0; k < times.size(); k++) {
                double t = times.get(k);
                Path file = out.resolve(String.format(Locale.ROOT, "frame_%04d_t%.4f.ply", k, t));
                SceneFiles.write(file, dm.at(t, device));
                System.out.println(file);
            }
            Log.info("wrote %d deformed frames (%,d Gaussians, %,d deforming) to %s", times.size(), cloud.size(),
                    dm.dynamicCount(), out);
        }
        return ExitCodes.OK;
    }
}
