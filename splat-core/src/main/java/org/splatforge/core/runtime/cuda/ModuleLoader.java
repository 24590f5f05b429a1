package org.splatforge.core.runtime.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.splatforge.core.runtime.DeviceUnavailableException;
import org.splatforge.core.util.Log;

/**
 * Loads a kernel module from class-path resources, choosing between the PTX built at package
 * time and run-time compilation of the packaged CUDA source:
 *
 * <ul>
 *   <li>{@code <base>/ptx/<name>.ptx}: built by nvcc (render/src/main/cuda/build-ptx.sh); taken
 *       when its target architecture is not newer than the GPU's compute capability (the driver
 *       JIT-compiles it for the GPU);</li>
 *   <li>{@code <base>/src/<name>.cu} plus its headers: compiled by NVRTC for the GPU's own
 *       architecture when there is no PTX, when the PTX targets a newer GPU, or when the driver
 *       rejects the PTX (e.g. {@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION}: the PTX ISA of a newer
 *       nvcc than the driver knows).</li>
 * </ul>
 *
 * {@link #decide} and {@link #ptxTarget} are pure and tested without a GPU.
 */
public final class ModuleLoader {

    /** Which way a module is built. */
    public enum Route { PTX, NVRTC }

    /** The route and a sentence saying why, for the INFO log. */
    public record Decision(Route route, String why) {
    }

    private static final Pattern TARGET = Pattern.compile("^\\s*\\.target\\s+(?:sm|compute)_(\\d+)", Pattern.MULTILINE);

    /** CUresults after which NVRTC may still succeed where the packaged PTX did not. */
    static final List<Integer> RETRY_WITH_NVRTC = List.of(209, 218, 222);

    private ModuleLoader() {
    }

    /**
     * @param ptxArch          the packaged PTX's target (75 for {@code .target sm_75}), or null when none
     * @param deviceCc         the GPU's compute capability as major*10 + minor (H100: 90)
     * @param nvrtcUnavailable why NVRTC cannot be used here, or null when it can
     * @throws DeviceUnavailableException when neither route works, saying why
     */
    public static Decision decide(String name, Integer ptxArch, int deviceCc, String nvrtcUnavailable) {
        if (ptxArch != null && ptxArch <= deviceCc) {
            return new Decision(Route.PTX, "packaged PTX (compute_" + ptxArch + ") JIT-compiled for sm_" + deviceCc);
        }
        String noPtx = ptxArch == null ? "no packaged PTX for " + name + " (nvcc was absent at build time)"
                : "the packaged PTX for " + name + " targets compute_" + ptxArch + ", newer than this GPU (sm_"
                        + deviceCc + ")";
        if (nvrtcUnavailable == null) {
            return new Decision(Route.NVRTC, noPtx + ": compiling the CUDA source with NVRTC for compute_" + deviceCc);
        }
        throw new DeviceUnavailableException("cannot build CUDA module " + name + ": " + noPtx + ", and "
                + nvrtcUnavailable);
    }

    /** The architecture number of a PTX text's {@code .target} line, or null when it has none. */
    public static Integer ptxTarget(String ptx) {
        Matcher m = TARGET.matcher(ptx);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /**
     * Loads module {@code name} for {@code device} from resources under {@code base} (a class-path
     * folder such as {@code /org/splatforge/render/cuda}) next to {@code anchor}.
     *
     * @param headers the headers the source includes, by file name, found in {@code <base>/src}
     */
    static CudaModule load(CudaDevice device, Class<?> anchor, String base, String name, List<String> headers) {
        byte[] ptx = read(anchor, base + "/ptx/" + name + ".ptx");
        Integer arch = ptx == null ? null : ptxTarget(new String(ptx, StandardCharsets.US_ASCII));
        int cc = device.computeCapability();
        Decision d = decide(name, arch, cc, ptx != null && arch != null && arch <= cc ? null
                : CudaDriver.nvrtcUnavailableReason());
        if (d.route() == Route.PTX) {
            try {
                CudaModule m = CudaModule.load(device, name, ptx, "PTX built by nvcc (compute_" + arch + ")");
                Log.info("cuda: module %s: %s", name, d.why());
                return m;
            } catch (CudaException e) {
                String why = CudaDriver.nvrtcUnavailableReason();
                if (!RETRY_WITH_NVRTC.contains(e.code()) || why != null) {
                    throw e;
                }
                Log.warn("cuda: module %s: the driver rejected the packaged PTX (%s); compiling with NVRTC instead",
                        name, e.codeName());
            }
        }
        long t0 = System.nanoTime();
        byte[] compiled = compileSources(anchor, base, name, headers, cc);
        CudaModule m = CudaModule.load(device, name, compiled, "NVRTC (compute_" + cc + ")");
        Log.info("cuda: module %s: %s (%d ms)", name, d.route() == Route.NVRTC ? d.why() : "NVRTC after the PTX was rejected",
                (System.nanoTime() - t0) / 1_000_000);
        return m;
    }

    /**
     * Compiles module {@code name}'s packaged CUDA source ({@code <base>/src/<name>.cu} and its
     * headers) to PTX with NVRTC for compute capability {@code cc}: the NVRTC route of
     * {@link #load}, which needs no GPU (only libnvrtc), so it is tested on its own.
     */
    public static byte[] compileSources(Class<?> anchor, String base, String name, List<String> headers, int cc) {
        byte[] src = read(anchor, base + "/src/" + name + ".cu");
        if (src == null) {
            throw new IllegalStateException("CUDA source " + base + "/src/" + name + ".cu is missing from the class path");
        }
        Map<String, String> hs = new LinkedHashMap<>();
        for (String h : headers) {
            byte[] t = read(anchor, base + "/src/" + h);
            if (t == null) {
                throw new IllegalStateException("CUDA header " + base + "/src/" + h + " is missing from the class path");
            }
            hs.put(h, new String(t, StandardCharsets.UTF_8));
        }
        return NvrtcCompiler.compile(name + ".cu", new String(src, StandardCharsets.UTF_8), hs, NvrtcCompiler.options(cc));
    }

    private static byte[] read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
