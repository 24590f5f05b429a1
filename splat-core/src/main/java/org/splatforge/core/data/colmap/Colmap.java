package org.splatforge.core.data.colmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;

/**
 * Reads COLMAP sparse models, binary or text. A model folder holds {@code cameras},
 * {@code images} and {@code points3D}, all {@code .bin} or all {@code .txt}; binary wins when
 * both are present. Images must refer to cameras of the model.
 */
public final class Colmap {

    private Colmap() {
    }

    /** Whether {@code dir} holds a COLMAP model (binary or text). */
    public static boolean isModelDir(Path dir) {
        return Files.isRegularFile(dir.resolve("cameras.bin")) || Files.isRegularFile(dir.resolve("cameras.txt"));
    }

    public static ColmapModel read(Path dir) throws IOException {
        boolean bin = Files.isRegularFile(dir.resolve("cameras.bin"));
        String ext = bin ? ".bin" : ".txt";
        Path cams = dir.resolve("cameras" + ext), imgs = dir.resolve("images" + ext), pts = dir.resolve("points3D" + ext);
        for (Path p : new Path[] {cams, imgs, pts}) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, "COLMAP model in " + dir + " lacks this file");
            }
        }
        Map<Integer, ColmapCamera> cameras = bin ? ColmapBinaryReader.cameras(cams) : ColmapText.cameras(cams);
        List<ColmapImage> images = bin ? ColmapBinaryReader.images(imgs) : ColmapText.images(imgs);
        Points points = bin ? ColmapBinaryReader.points(pts) : ColmapText.points(pts);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (ColmapImage im : images) {
            if (!cameras.containsKey(im.cameraId())) {
                throw CorruptDataException.field(imgs, "image " + im.id() + " ('" + im.name() + "') camera_id",
                        "is " + im.cameraId() + ", which " + cams.getFileName() + " does not define (it has " + cameras.keySet() + ")");
            }
            if (!seen.add(im.id())) {
                throw CorruptDataException.field(imgs, "image_id", im.id() + " appears twice");
            }
        }
        return new ColmapModel(dir, bin, cameras, images, points.positions(), points.colors(), points.ids(), points.errors());
    }
}
