package org.splatforge.core.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwjgl.system.MemoryUtil;
import org.splatforge.core.runtime.DeviceUnavailableException;

/** Host-side pieces of the cuda device that need no GPU: geometry, growth, routing, library search, argument packing. */
class CudaHostLogicTest {

    @Test
    void launchGeometry() {
        LaunchGeometry g = LaunchGeometry.linear(1000, 256);
        assertEquals(4, g.gridX());
        assertEquals(1024, g.threads());
        assertEquals(1, LaunchGeometry.linear(0, 128).gridX(), "an empty launch still has one block (kernels check n)");
        assertEquals(1, LaunchGeometry.linear(128, 128).gridX());
        assertEquals(2, LaunchGeometry.linear(129, 128).gridX());
        assertEquals("grid 50x34x1, block 16x16x1", LaunchGeometry.grid2d(50, 34, 16, 16).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.grid2d(1, 1, 64, 32));
        assertTrue(e.getMessage().contains("1024 threads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.grid2d(1, 70000, 16, 16));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.blocks(1L << 45, 1));
    }

    @Test
    void bufferGrowth() {
        assertEquals(100, BufferGrowth.capacity(0, 100));
        assertEquals(100, BufferGrowth.capacity(100, 60), "never shrinks");
        assertEquals(150, BufferGrowth.capacity(100, 101), "grows by half at least");
        assertEquals(400, BufferGrowth.capacity(100, 400));
        long c = 1000;
        int reallocations = 0;
        for (long need = 1000; need <= 1_000_000; need += need / 50) { // densification: +2% a step
            long n = BufferGrowth.capacity(c, need);
            if (n != c) {
                reallocations++;
                c = n;
            }
            assertTrue(c >= need);
        }
        assertTrue(reallocations < 20, "reallocations: " + reallocations);
        assertThrows(IllegalArgumentException.class, () -> BufferGrowth.bytes(Long.MAX_VALUE / 2, 8, "keys"));
    }

    @Test
    void routeBetweenPackagedPtxAndNvrtc() {
        ModuleLoader.Decision d = ModuleLoader.decide("raster_forward", 75, 90, "no nvrtc");
        assertEquals(ModuleLoader.Route.PTX, d.route());
        assertTrue(d.why().contains("compute_75") && d.why().contains("sm_90"), d.why());
        d = ModuleLoader.decide("raster_forward", null, 90, null);
        assertEquals(ModuleLoader.Route.NVRTC, d.route());
        assertTrue(d.why().contains("nvcc was absent"), d.why());
        d = ModuleLoader.decide("raster_forward", 90, 86, null);
        assertEquals(ModuleLoader.Route.NVRTC, d.route(), "PTX for a newer GPU: compile for this one");
        assertTrue(d.why().contains("newer than this GPU (sm_86)"), d.why());
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> ModuleLoader.decide("scan", null, 90, "NVRTC (libnvrtc.so) could not be loaded: x"));
        assertTrue(e.getMessage().contains("scan") && e.getMessage().contains("libnvrtc"), e.getMessage());
    }

    @Test
    void ptxTargetParsed() {
        assertEquals(75, ModuleLoader.ptxTarget("//\n.version 9.0\n.target sm_75\n.address_size 64\n"));
        assertEquals(90, ModuleLoader.ptxTarget(".version 8.0\n  .target compute_90\n"));
        assertNull(ModuleLoader.ptxTarget("no target here"));
    }

    @Test
    void driverSearchPrefersUnversionedAndSkipsStubs(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
        Path stubs = Files.createDirectories(tmp.resolve("cuda/lib64/stubs"));
        Files.writeString(stubs.resolve("libcuda.so"), "stub");
        List<String> dirs = List.of(a.toString(), b.toString(), stubs.toString());
        assertEquals(stubs.resolve("libcuda.so"), CudaLibraries.findDriver(Map.of(), dirs), "only the stub: named so cuInit says STUB_LIBRARY");
        Files.writeString(b.resolve("libcuda.so.1"), "x");
        assertEquals(b.resolve("libcuda.so.1"), CudaLibraries.findDriver(Map.of(), dirs));
        Files.writeString(a.resolve("libcuda.so"), "x");
        assertEquals(a.resolve("libcuda.so"), CudaLibraries.findDriver(Map.of(), dirs));
        Path env = Files.createDirectories(tmp.resolve("env"));
        Files.writeString(env.resolve("libcuda.so.1"), "x");
        assertEquals(a.resolve("libcuda.so"), CudaLibraries.findDriver(Map.of("LD_LIBRARY_PATH", env.toString()), dirs),
                "an unversioned name anywhere beats a versioned one");
        assertNull(CudaLibraries.findDriver(Map.of(), List.of(tmp.resolve("none").toString())));
    }

    @Test
    void nvrtcSearchNeverPicksTheBuiltins(@TempDir Path tmp) throws IOException {
        Path lib12 = Files.createDirectories(tmp.resolve("cuda-12.4/lib64"));
        Path lib13 = Files.createDirectories(tmp.resolve("cuda-13.0/lib"));
        Files.writeString(lib12.resolve("libnvrtc.so.12"), "x");
        Files.writeString(lib13.resolve("libnvrtc-builtins.so.13.0"), "x");
        Files.writeString(lib13.resolve("libnvrtc.so.13.0.88"), "x");
        Files.writeString(lib13.resolve("libnvrtc.so.13"), "x");
        assertEquals(lib13.resolve("libnvrtc.so.13.0.88"), CudaLibraries.findNvrtc(Map.of(), tmp), "newest toolkit, highest version");
        Files.writeString(lib13.resolve("libnvrtc-builtins.alt.so.13.0"), "x");
        assertEquals(lib13.resolve("libnvrtc-builtins.so.13.0"), CudaLibraries.nvrtcBuiltinsFor(lib13.resolve("libnvrtc.so.13")),
                "LWJGL loads the builtins itself: the one next to NVRTC, never the .alt variant");
        Path home = Files.createDirectories(tmp.resolve("home/lib64"));
        Files.writeString(home.resolve("libnvrtc.so"), "x");
        assertEquals(home.resolve("libnvrtc.so"),
                CudaLibraries.findNvrtc(Map.of("CUDA_HOME", tmp.resolve("home").toString()), tmp), "CUDA_HOME first");
        assertNull(CudaLibraries.findNvrtc(Map.of(), tmp.resolve("nothing")));
        assertTrue(CudaLibraries.version("13.0") > CudaLibraries.version("12.9"));
    }

    @Test
    void linkerCacheLookup(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("ld.so.cache");
        Files.write(cache, "glibc-ld.so.cache1.1\0libcudart.so.13\0/usr/lib/libcuda.so.1\0libfoo.so\0"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(CudaLibraries.inLinkerCache(cache, "libcuda.so.1"));
        assertFalse(CudaLibraries.inLinkerCache(cache, "libcuda.so"), "libcuda.so.1 is not libcuda.so");
        assertFalse(CudaLibraries.inLinkerCache(cache, "cudart.so.13"), "whole names only");
        assertFalse(CudaLibraries.inLinkerCache(tmp.resolve("missing"), "libcuda.so"));
    }

    @Test
    void kernelArgumentsArePackedInOrder() {
        try (KernelArgs a = new KernelArgs()) {
            a.i32(7).ptr(0x1234_5678_9abcL).f32(0.5f).f64(-2.25).ptr((DeviceBuffer) null).i32(-1);
            assertEquals(6, a.count());
            assertEquals(6, a.pointers().remaining());
            assertEquals(7, MemoryUtil.memGetInt(a.slot(0)));
            assertEquals(0x1234_5678_9abcL, MemoryUtil.memGetLong(a.slot(1)));
            assertEquals(0.5f, MemoryUtil.memGetFloat(a.slot(2)));
            assertEquals(-2.25, MemoryUtil.memGetDouble(a.slot(3)));
            assertEquals(0L, MemoryUtil.memGetLong(a.slot(4)), "a null buffer is a C null pointer");
            assertEquals(-1, MemoryUtil.memGetInt(a.slot(5)));
            for (int i = 0; i < 6; i++) {
                assertEquals(a.slot(i), a.pointers().get(i), "kernelParams[i] points at argument i");
                if (i > 0) {
                    assertEquals(8, a.slot(i) - a.slot(i - 1), "8-byte slots");
                }
            }
            a.clear().i32(3);
            assertEquals(1, a.count());
            assertEquals(3, MemoryUtil.memGetInt(a.slot(0)));
            assertThrows(IndexOutOfBoundsException.class, () -> a.slot(1));
            a.clear();
            for (int i = 0; i < KernelArgs.MAX_ARGS; i++) {
                a.i32(i);
            }
            assertThrows(IllegalStateException.class, () -> a.i32(0));
        }
    }

    @Test
    void ptxEntryParameterCounts() {
        String ptx = """
                .version 9.0
                .target sm_75
                .visible .entry scan_add(
                	.param .u64 .ptr .align 1 scan_add_param_0,
                	.param .u64 .ptr .align 1 scan_add_param_1,
                	.param .u32 scan_add_param_2
                )
                { ret; }
                .visible .entry empty()
                { ret; }
                """;
        assertEquals(Map.of("scan_add", 3, "empty", 0), PtxEntries.parameterCounts(ptx));
    }
}
