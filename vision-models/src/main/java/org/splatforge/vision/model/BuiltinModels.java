package org.splatforge.vision.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Models shipped inside the jar, so eval, classify and bench work on a fresh clone without a
 * training run. {@code builtin:fashion} is the tiny ViT trained by {@code splat vision train}
 * on Fashion-MNIST (patch 4, dim 64, 6 blocks, 4 heads, MLP 128, 206k parameters; the README
 * gives its accuracy and the commands that made it).
 */
public final class BuiltinModels {

    public static final String FASHION = "builtin:fashion";
    private static final String FASHION_RESOURCE = "/org/splatforge/vision/models/fmnist-vit.safetensors";

    private BuiltinModels() {
    }

    /** True for names of the form {@code builtin:...}. */
    public static boolean isBuiltin(String spec) {
        return spec.startsWith("builtin:");
    }

    /** The fp32 weights of a built-in model. */
    public static VitWeights load(String spec) throws IOException {
        if (!spec.equals(FASHION)) {
            throw new IllegalArgumentException("unknown built-in model '" + spec + "': the only one is " + FASHION);
        }
        try (InputStream in = BuiltinModels.class.getResourceAsStream(FASHION_RESOURCE)) {
            if (in == null) {
                throw new NoSuchFileException(FASHION_RESOURCE + " (built-in model missing from the jar)");
            }
            Path tmp = Files.createTempFile("splat-builtin-", ".safetensors");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return VitCheckpoint.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
