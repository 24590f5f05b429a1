package org.splatforge.cli.builtin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.splatforge.cli.ExitCodes;
import org.splatforge.scenes.BuiltinScenes;
import org.splatforge.scenes.GeneratedScene;
import org.splatforge.scenes.SceneOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat scene generate NAME --out DIR}: ray traces a built-in scene into a dataset
 * folder that {@code splat train} reads like any NeRF-synthetic set. Prints the folder.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a built-in scene as a dataset folder (see 'splat scene list').")
public final class SceneGenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Scene name, e.g. shapes or shapes-dynamic.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created whole, atomically).")
    Path out;

    @Option(names = "--width", paramLabel = "PX", description = "Image width (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int width;

    @Option(names = "--height", paramLabel = "PX", description = "Image height (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int height;

    @Option(names = "--train", paramLabel = "N", description = "Training views / frames (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    int train;

    @Option(names = "--test", paramLabel = "N", description = "Test views (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int test;

    @Option(names = "--samples", paramLabel = "S", description = "S x S rays per pixel (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int samples;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the camera placement (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Render threads, 0 = all processors (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int threads;

    @Option(names = "--force", description = "Replace DIR if it exists (otherwise an existing DIR is an error and is left alone).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        SceneOptions o = new SceneOptions(width, height, train, test, samples, seed);
        GeneratedScene g = BuiltinScenes.generate(name, out, o, force, threads);
        System.out.println(g.dir());
        return ExitCodes.OK;
    }
}
