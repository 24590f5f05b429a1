package org.splatforge.render.cuda;

import java.util.List;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.CudaKernel;
import org.splatforge.core.runtime.cuda.CudaModule;

/**
 * The render kernels of one {@link CudaDevice}: the modules built from render/src/main/cuda
 * (packaged as PTX under {@value #BASE}/ptx, sources under {@value #BASE}/src), loaded through
 * {@link CudaDevice#module} (PTX, else NVRTC) and their functions looked up once.
 */
final class CudaKernels {

    static final String BASE = "/org/splatforge/render/cuda";
    /** The modules, as the .cu files are named. */
    static final List<String> MODULES = List.of("scan", "radix_sort", "raster_forward", "raster_backward", "optim");
    /** The kernels each module defines that the Java side launches. */
    static final java.util.Map<String, List<String>> KERNELS = java.util.Map.of(
            "scan", List.of("scan_blocks", "scan_add"),
            "radix_sort", List.of("radix_histogram", "radix_scatter"),
            "raster_forward", List.of("project", "emit_keys", "tile_ranges", "blend_forward", "reduce_weights"),
            "raster_backward", List.of("blend_backward", "reduce_project_backward"),
            "optim", List.of("adam_step", "densify_accumulate"));
    /** Headers the sources include, passed to NVRTC by name. */
    static final List<String> HEADERS = List.of("splat_common.cuh", "projection.cuh");

    final CudaKernel scanBlocks;
    final CudaKernel scanAdd;
    final CudaKernel radixHistogram;
    final CudaKernel radixScatter;
    final CudaKernel project;
    final CudaKernel emitKeys;
    final CudaKernel tileRanges;
    final CudaKernel blendForward;
    final CudaKernel reduceWeights;
    final CudaKernel blendBackward;
    final CudaKernel reduceProjectBackward;
    final CudaKernel adamStep;
    final CudaKernel densifyAccumulate;
    final String origins;

    CudaKernels(CudaDevice device) {
        CudaModule scan = module(device, "scan");
        CudaModule sort = module(device, "radix_sort");
        CudaModule fwd = module(device, "raster_forward");
        CudaModule bwd = module(device, "raster_backward");
        CudaModule optim = module(device, "optim");
        scanBlocks = scan.kernel("scan_blocks");
        scanAdd = scan.kernel("scan_add");
        radixHistogram = sort.kernel("radix_histogram");
        radixScatter = sort.kernel("radix_scatter");
        project = fwd.kernel("project");
        emitKeys = fwd.kernel("emit_keys");
        tileRanges = fwd.kernel("tile_ranges");
        blendForward = fwd.kernel("blend_forward");
        reduceWeights = fwd.kernel("reduce_weights");
        blendBackward = bwd.kernel("blend_backward");
        reduceProjectBackward = bwd.kernel("reduce_project_backward");
        adamStep = optim.kernel("adam_step");
        densifyAccumulate = optim.kernel("densify_accumulate");
        origins = fwd.origin();
    }

    private static CudaModule module(CudaDevice device, String name) {
        return device.module(CudaKernels.class, BASE, name, HEADERS);
    }
}
