package org.splatforge.cli.scene;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.OutputPaths;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.SceneFormat;
import org.splatforge.core.io.SceneFormats;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat convert IN OUT}: any supported format to any other, chosen by OUT's
 * extension. The input is read completely (and refused if corrupt or non-finite) before
 * anything is written; the output is written atomically, never over the input.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a scene between formats: .ply, .splat, .spz, .arrow/.feather (output format from OUT's extension).",
                "The output appears only when complete; the input is never overwritten."})
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input scene (format detected from the content).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output scene; its extension picks the format.")
    Path out;

    @Option(names = "--spz-version", paramLabel = "V", defaultValue = "4",
            description = "SPZ version to write: 4 (zstd, default) or 3/2 (gzip, for older readers).")
    int spzVersion;

    @Option(names = "--sh-degree", paramLabel = "D", description = "Keep SH bands 0..D only (0..3); default: as the input.")
    Integer shDegree;

    @Option(names = {"-w", "--overwrite"}, description = "Replace OUT if it exists.")
    boolean overwrite;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        SceneFormat target = SceneFormats.forWriting(out); // a bad extension is a usage error before any work
        WriteOptions wo = WriteOptions.DEFAULT.withSpzVersion(spzVersion);
        OutputPaths.check(in, out, overwrite);
        if (shDegree != null && (shDegree < 0 || shDegree > 3)) {
            throw new IllegalArgumentException("--sh-degree must be 0..3, got " + shDegree);
        }
        try (Device device = deviceOptions.open()) {
            long t0 = System.nanoTime();
            GaussianCloud c = SceneFiles.read(in, ReadOptions.DEFAULT.withDevice(device));
            long t1 = System.nanoTime();
            Log.info("read %,d Gaussians (SH degree %d) from %s in %.2f s", c.size(), c.shDegree(), in, (t1 - t0) / 1e9);
            if (shDegree != null && shDegree != c.shDegree()) {
                c = c.withShDegree(shDegree);
            }
            target.write(out, c, wo.withDevice(device));
            Log.info("wrote %s (%s, %,d bytes) in %.2f s", out, target.name(), Files.size(out), (System.nanoTime() - t1) / 1e9);
        }
        return ExitCodes.OK;
    }
}
