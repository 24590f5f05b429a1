package org.splatforge.cli.compress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.OutputPaths;
import org.splatforge.compress.codec.DecodeOptions;
import org.splatforge.compress.codec.SceneCodec;
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
 * {@code splat decompress IN.sfz [OUT.ply]}: an archive back to the INRIA PLY (or any
 * format OUT's extension names), so any viewer can open the result. The archive is decoded
 * completely, every CRC and range checked, before anything is written; a corrupt or
 * truncated archive exits with code 3 and writes nothing.
 */
@Command(name = "decompress", mixinStandardHelpOptions = true,
        description = {"Decode a .sfz archive to a PLY (INRIA layout) or another format chosen by OUT's extension.",
                "A corrupt or truncated archive is refused (exit code 3) and nothing is written."})
public final class DecompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The .sfz archive.")
    Path in;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT",
            description = "The scene to write (default: IN with .sfz replaced by .ply).")
    Path out;

    @Option(names = "--curve-order",
            description = "Return Gaussians in the archive's space-filling-curve order even when it stores the input order.")
    boolean curveOrder;

    @Option(names = {"-w", "--overwrite"}, description = "Replace OUT if it exists.")
    boolean overwrite;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        Path target = out != null ? out : defaultOutput(in);
        SceneFormat format = SceneFormats.forWriting(target); // a bad extension is a usage error before any work
        OutputPaths.check(in, target, overwrite);
        try (Device device = deviceOptions.open()) {
            long t0 = System.nanoTime();
            GaussianCloud c = new SceneCodec(device).read(in, DecodeOptions.defaults().withRestoreOrder(!curveOrder));
            long t1 = System.nanoTime();
            format.write(target, c, WriteOptions.DEFAULT.withDevice(device));
            Log.info("%s: %,d Gaussians (SH degree %d) decoded in %.2f s; wrote %s (%s, %,d bytes) in %.2f s", in,
                    c.size(), c.shDegree(), (t1 - t0) / 1e9, target, format.name(), Files.size(target),
                    (System.nanoTime() - t1) / 1e9);
        }
        return ExitCodes.OK;
    }

    static Path defaultOutput(Path in) {
        String n = in.getFileName().toString();
        String stem = n.toLowerCase(Locale.ROOT).endsWith(".sfz") ? n.substring(0, n.length() - 4) : n;
        return in.resolveSibling(stem + ".ply");
    }
}
