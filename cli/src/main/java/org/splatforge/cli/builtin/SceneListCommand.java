package org.splatforge.cli.builtin;

import java.util.concurrent.Callable;
import org.splatforge.cli.ExitCodes;
import org.splatforge.scenes.BuiltinScene;
import org.splatforge.scenes.BuiltinScenes;
import org.splatforge.scenes.SceneOptions;
import picocli.CommandLine.Command;

/** {@code splat scene list}: names and one-line descriptions of the built-in scenes. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in scenes.")
public final class SceneListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        SceneOptions d = SceneOptions.defaults();
        for (BuiltinScene s : BuiltinScenes.list()) {
            System.out.printf("%-16s %s%n", s.name(), s.description());
        }
        System.out.printf("%ndefaults: %dx%d, %d train + %d test views, %dx%d rays per pixel, seed %d%n",
                d.width(), d.height(), d.trainViews(), d.testViews(), d.samples(), d.samples(), d.seed());
        return ExitCodes.OK;
    }
}
