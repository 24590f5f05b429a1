package org.splatforge.cli.scene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.render.dynamic.DeformationFile;
import org.splatforge.render.dynamic.DeformationField;
import org.splatforge.render.dynamic.FieldConfig;

/**
 * What {@code splat info} says about a dynamic scene's deformation field
 * ({@code deformation.sfdf}): the HexPlane/MLP shape, the box, the parameter count, whether
 * opacity deforms, and how many Gaussians query the field when the file carries a Swift4D mask.
 */
final class DeformationInfo {

    private DeformationInfo() {
    }

    /** True for a file {@code splat info} should describe as a field (by its extension). */
    static boolean isFieldFile(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sfdf");
    }

    /** Reads (and validates) the field file; the summary as ordered key/value pairs. */
    static Map<String, Object> describe(Path file) throws IOException {
        DeformationFile.Model m = DeformationFile.read(file);
        DeformationField f = m.field();
        FieldConfig c = f.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        out.put("format", DeformationFile.FORMAT + " v" + DeformationFile.VERSION);
        out.put("bytes", Files.size(file));
        out.put("field", c.toString());
        out.put("parameters", f.parameterCount());
        out.put("boxMin", List.of(f.lo()[0], f.lo()[1], f.lo()[2]));
        out.put("boxMax", List.of(f.hi()[0], f.hi()[1], f.hi()[2]));
        out.put("deformOpacity", m.deformOpacity());
        int[] mask = m.dynamicMask();
        if (mask != null) {
            int dyn = 0;
            for (int v : mask) {
                dyn += v;
            }
            out.put("maskedGaussians", mask.length);
            out.put("dynamicGaussians", dyn);
            out.put("dynamicFraction", mask.length == 0 ? 0.0 : (double) dyn / mask.length);
        }
        return out;
    }
}
