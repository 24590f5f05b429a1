package org.splatforge.render.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.cuda.ModuleLoader;
import org.splatforge.core.runtime.cuda.PtxEntries;

/**
 * The kernels travel with the classes: the CUDA sources and headers always (the NVRTC route),
 * and, where the build had nvcc, PTX for every module defining every kernel the Java side
 * launches. (The packaged-jar check is in the tests module, which sees the built jar.)
 */
class CudaKernelResourcesTest {

    static String read(String resource) throws IOException {
        try (InputStream in = CudaKernels.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static boolean nvccPresent() {
        List<String> c = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                c.add(d + "/nvcc");
            }
        }
        c.add("/usr/local/cuda/bin/nvcc");
        c.add("/usr/local/bin/nvcc");
        return c.stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
    }

    @Test
    void sourcesForNvrtcArePackaged() throws IOException {
        for (String m : CudaKernels.MODULES) {
            String src = read(CudaKernels.BASE + "/src/" + m + ".cu");
            assertNotNull(src, m + ".cu missing from the class path");
            for (String k : CudaKernels.KERNELS.get(m)) {
                assertTrue(src.contains("__global__ void " + k + "("), m + ".cu does not define kernel " + k);
            }
        }
        for (String h : CudaKernels.HEADERS) {
            assertNotNull(read(CudaKernels.BASE + "/src/" + h), h + " missing from the class path");
        }
    }

    @Test
    void ptxBuiltWhereNvccExists() throws IOException {
        String manifest = read(CudaKernels.BASE + "/ptx/ptx.properties");
        if (manifest == null) {
            assertTrue(!nvccPresent(), "nvcc is on this machine but the build packaged no PTX: the render pom's"
                    + " cuda-ptx step did not run");
            assumeTrue(false, "no nvcc on this machine: no PTX packaged, the NVRTC route is used at run time");
        }
        Properties p = new Properties();
        p.load(new java.io.StringReader(manifest));
        System.out.println("PTX manifest: " + p);
        assertEquals(String.join(",", CudaKernels.MODULES.stream().sorted().toList()), p.getProperty("modules"));
        int arch = Integer.parseInt(p.getProperty("arch").replace("compute_", ""));
        for (String m : CudaKernels.MODULES) {
            String ptx = read(CudaKernels.BASE + "/ptx/" + m + ".ptx");
            assertNotNull(ptx, m + ".ptx missing");
            assertEquals(arch, ModuleLoader.ptxTarget(ptx), m + ".ptx target");
            assertTrue(ptx.contains(".loc"), m + ".ptx has no line info (-lineinfo)");
            Map<String, Integer> entries = PtxEntries.parameterCounts(ptx);
            for (String k : CudaKernels.KERNELS.get(m)) {
                assertTrue(entries.containsKey(k), m + ".ptx has no entry " + k + ": " + entries.keySet());
                assertTrue(entries.get(k) > 0, k + " parameters");
            }
            System.out.println(m + ".ptx: " + ptx.length() + " bytes, entries " + entries);
        }
    }
}
