package org.splatforge.render.dynamic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A trained dynamic scene ready to render at any time: the canonical cloud (the PLY) plus
 * its {@link DeformationFile}. Only Gaussians marked dynamic query the field when the file
 * carries a Swift4D mask. {@link #at} reuses one buffer set: a returned cloud is valid until
 * the next call ({@code copy()} it to keep it). Not thread-safe.
 */
public final class DynamicModel {

    private final GaussianCloud canonical;
    private final DeformationFile.Model file;
    private final int[] idx;
    private final int count;
    private final DeformedCloud buffers = new DeformedCloud();

    public DynamicModel(GaussianCloud canonical, DeformationFile.Model file) {
        this.canonical = canonical;
        this.file = file;
        int[] mask = file.dynamicMask();
        if (mask != null && mask.length != canonical.size()) {
            throw new IllegalArgumentException("the deformation file's dynamicMask has " + mask.length
                    + " entries, the cloud has " + canonical.size() + " Gaussians (not trained together?)");
        }
        if (mask == null) {
            idx = null;
            count = canonical.size();
        } else {
            int c = 0;
            for (int v : mask) {
                c += v;
            }
            idx = new int[c];
            c = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] != 0) {
                    idx[c++] = i;
                }
            }
            count = c;
        }
    }

    /** The field file conventionally next to a canonical PLY ({@code dir/deformation.sfdf}), or null when absent. */
    public static Path fieldNextTo(Path ply) {
        Path dir = ply.toAbsolutePath().getParent();
        Path f = dir == null ? null : dir.resolve(DeformationFile.NAME);
        return f != null && Files.isRegularFile(f) ? f : null;
    }

    /** Reads the field file and pairs it with {@code canonical}. */
    public static DynamicModel load(GaussianCloud canonical, Path fieldFile) throws IOException {
        return new DynamicModel(canonical, DeformationFile.read(fieldFile));
    }

    public GaussianCloud canonical() {
        return canonical;
    }

    public DeformationField field() {
        return file.field();
    }

    /** Gaussians that query the field. */
    public int dynamicCount() {
        return count;
    }

    /** The cloud at time {@code t} (clamped to [0, 1]), with deformed opacity when the model deforms it. */
    public GaussianCloud at(double t, Device device) {
        float tt = (float) Math.min(1, Math.max(0, t));
        return buffers.at(file.field(), canonical, tt, idx, count, file.deformOpacity(), device);
    }
}
