package org.splatforge.tests.cuda;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.splatforge.render.cuda.CudaRasterizer;

/**
 * The built splat-render jar (what the CLI and the GPU-machine bundle ship) carries the CUDA
 * kernel sources and headers (NVRTC route), the ServiceLoader registrations, and, where the build
 * machine had nvcc, PTX for every module. Runs against the jar in a reactor {@code verify};
 * from an IDE (classes folder) it skips.
 */
class CudaJarPackagingTest {

    static final List<String> MODULES = List.of("scan", "radix_sort", "raster_forward", "raster_backward", "optim");

    @Test
    void jarCarriesKernels() throws IOException, URISyntaxException {
        Path where = Path.of(CudaRasterizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isRegularFile(where) && where.toString().endsWith(".jar"),
                "splat-render is a classes folder here (" + where + "), not a jar");
        try (JarFile jar = new JarFile(where.toFile())) {
            for (String m : MODULES) {
                assertNotNull(jar.getEntry("org/splatforge/render/cuda/src/" + m + ".cu"), m + ".cu in " + where);
            }
            assertNotNull(jar.getEntry("org/splatforge/render/cuda/src/splat_common.cuh"));
            assertNotNull(jar.getEntry("org/splatforge/render/cuda/src/projection.cuh"));
            assertNotNull(jar.getEntry("META-INF/services/org.splatforge.render.raster.RasterizerProvider"));
            boolean nvcc = Files.isExecutable(Path.of("/usr/local/bin/nvcc"))
                    || Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"));
            if (nvcc) {
                for (String m : MODULES) {
                    var e = jar.getEntry("org/splatforge/render/cuda/ptx/" + m + ".ptx");
                    assertNotNull(e, "nvcc is here but " + m + ".ptx is not in " + where);
                    assertTrue(e.getSize() > 1000, m + ".ptx is " + e.getSize() + " bytes");
                }
                assertNotNull(jar.getEntry("org/splatforge/render/cuda/ptx/ptx.properties"));
            }
        }
    }
}
