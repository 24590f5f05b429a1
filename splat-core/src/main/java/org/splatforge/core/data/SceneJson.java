package org.splatforge.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.io.CorruptDataException;

/**
 * The optional {@code scene.json} beside a dataset: {@code classes} (names of the label
 * indices, index 0 first). The shared tabletop sets and the built-in scenes write it.
 */
final class SceneJson {

    private SceneJson() {
    }

    static List<String> classNames(Path root) throws IOException {
        Path f = root.resolve("scene.json");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        JsonNode j = Json.read(f);
        JsonNode c = j.get("classes");
        if (c == null || c.isNull()) {
            return List.of();
        }
        if (!c.isArray()) {
            throw CorruptDataException.field(f, "classes", "expected an array of class names");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            if (!c.get(i).isTextual()) {
                throw CorruptDataException.field(f, "classes[" + i + "]", "expected a string");
            }
            out.add(c.get(i).asText());
        }
        return List.copyOf(out);
    }
}
