package org.splatforge.vision.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.vision.model.SafeTensors;
import org.splatforge.vision.quant.integer.IntVitModel;

/**
 * Integer ViT files: safetensors with int16/int32/int64 arrays named as
 * {@link IntVitModel#tensors()} lists them; metadata {@code format = splatforge-ivit},
 * {@code logit_scale} and the calibration used.
 */
public final class QuantCheckpoint {

    private QuantCheckpoint() {
    }

    public static void write(Path file, QuantizedVit q) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "splatforge-ivit");
        meta.put("logit_scale", Double.toString(q.logitScale()));
        meta.put("calibration", q.calibration());
        SafeTensors.write(file, q.model().tensors(), meta);
    }

    public static QuantizedVit read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        if (!"splatforge-ivit".equals(c.metadata().get("format"))) {
            throw CorruptDataException.field(file, "__metadata__.format", "expected 'splatforge-ivit' (an integer model from "
                    + "`splat vision quantize`), got '" + c.metadata().get("format") + "'");
        }
        double scale;
        try {
            scale = Double.parseDouble(c.metadata().getOrDefault("logit_scale", ""));
        } catch (NumberFormatException e) {
            throw CorruptDataException.field(file, "__metadata__.logit_scale", "expected a number");
        }
        try {
            return new QuantizedVit(IntVitModel.fromTensors(c.tensors()), scale, c.metadata().getOrDefault("calibration", ""));
        } catch (IllegalArgumentException e) {
            throw CorruptDataException.field(file, "tensors", e.getMessage());
        }
    }

    /** True when {@code file} is an integer model (by its metadata), false for an fp32 checkpoint. */
    public static boolean isQuantized(Path file) throws IOException {
        return "splatforge-ivit".equals(org.splatforge.vision.model.VitCheckpoint.metadata(file).get("format"));
    }
}
