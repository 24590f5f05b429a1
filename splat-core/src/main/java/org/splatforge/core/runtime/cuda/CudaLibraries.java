package org.splatforge.core.runtime.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the native CUDA libraries before LWJGL loads them, because LWJGL's defaults miss two
 * common layouts: a driver that installs only {@code libcuda.so.1} (no unversioned link; LWJGL
 * asks for {@code libcuda.so}), and a toolkit whose {@code lib} folder also holds
 * {@code libnvrtc-builtins.so}, which LWJGL's prefix match may pick instead of
 * {@code libnvrtc.so}. When a user set LWJGL's {@code Configuration.CUDA_LIBRARY_NAME} /
 * {@code CUDA_NVRTC_LIBRARY_NAME} themselves (system properties), that wins.
 *
 * <p>The search functions are pure (folders and environment in, path out) so they are tested
 * without a GPU.
 */
public final class CudaLibraries {

    /** Where Linux distributions and the NVIDIA installers put the driver's libcuda. */
    static final List<String> DRIVER_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
            "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib", "/usr/local/cuda/compat", "/usr/local/cuda/lib64/stubs");

    private CudaLibraries() {
    }

    /**
     * The driver library to load: the first {@code libcuda.so}, else {@code libcuda.so.1}, found in
     * {@code LD_LIBRARY_PATH} then {@link #DRIVER_DIRS}; the stub library that toolkits ship for
     * linking (…/stubs) is taken last, and only so that the error names it. Null when none.
     */
    public static Path findDriver(Map<String, String> env, List<String> defaultDirs) {
        List<Path> dirs = searchDirs(env.get("LD_LIBRARY_PATH"), defaultDirs);
        for (String name : List.of("libcuda.so", "libcuda.so.1")) {
            for (Path d : dirs) {
                Path p = d.resolve(name);
                if (Files.isReadable(p) && !d.toString().contains("stubs")) {
                    return p;
                }
            }
        }
        for (Path d : dirs) {
            Path p = d.resolve("libcuda.so");
            if (Files.isReadable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Whether the dynamic linker's cache ({@code /etc/ld.so.cache}) names a library called
     * {@code name}: the places {@code dlopen} finds beyond {@code LD_LIBRARY_PATH} and the default
     * folders. False when the cache cannot be read.
     */
    public static boolean inLinkerCache(Path cache, String name) {
        try {
            byte[] b = Files.readAllBytes(cache);
            byte[] n = (name + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + n.length <= b.length; i++) {
                for (int j = 0; j < n.length; j++) {
                    if (b[i + j] != n[j]) {
                        continue outer;
                    }
                }
                return i == 0 || b[i - 1] == 0 || b[i - 1] == '/';
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The NVRTC library: {@code libnvrtc.so} or the highest {@code libnvrtc.so.N[.M]} (never
     * {@code libnvrtc-builtins}) in {@code $CUDA_HOME/lib64}, {@code $CUDA_HOME/lib},
     * {@code LD_LIBRARY_PATH}, {@code /usr/local/cuda/lib64}, then the newest
     * {@code /usr/local/cuda-X.Y/lib64|lib}. Null when none.
     */
    public static Path findNvrtc(Map<String, String> env, Path toolkitRoot) {
        List<Path> dirs = new ArrayList<>();
        String home = env.getOrDefault("CUDA_HOME", env.get("CUDA_PATH"));
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "lib64"));
            dirs.add(Path.of(home, "lib"));
        }
        dirs.addAll(searchDirs(env.get("LD_LIBRARY_PATH"), List.of()));
        dirs.add(toolkitRoot.resolve("cuda/lib64"));
        dirs.add(toolkitRoot.resolve("cuda/lib"));
        if (Files.isDirectory(toolkitRoot)) {
            try (Stream<Path> s = Files.list(toolkitRoot)) {
                s.filter(p -> p.getFileName().toString().matches("cuda-\\d+\\.\\d+"))
                        .sorted(Comparator.comparing((Path p) -> version(p.getFileName().toString().substring(5)))
                                .reversed())
                        .forEach(p -> {
                            dirs.add(p.resolve("lib64"));
                            dirs.add(p.resolve("lib"));
                        });
            } catch (java.io.IOException e) {
                // unreadable root: only the other folders
            }
        }
        for (Path d : dirs) {
            Path p = nvrtcIn(d);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** {@code libnvrtc.so}, else the highest-versioned {@code libnvrtc.so.*} in a folder, or null. */
    static Path nvrtcIn(Path dir) {
        return libraryIn(dir, "libnvrtc");
    }

    /**
     * NVRTC's companion {@code libnvrtc-builtins} next to the NVRTC library {@code nvrtc} (LWJGL
     * loads it explicitly), or null.
     */
    public static Path nvrtcBuiltinsFor(Path nvrtc) {
        return nvrtc == null ? null : libraryIn(nvrtc.getParent(), "libnvrtc-builtins");
    }

    /** {@code <base>.so}, else the highest-versioned {@code <base>.so.N[.M]} in a folder, or null. */
    private static Path libraryIn(Path dir, String base) {
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        Path plain = dir.resolve(base + ".so");
        if (Files.isReadable(plain)) {
            return plain;
        }
        String prefix = base + ".so.";
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().substring(prefix.length()).matches("[0-9.]+"))
                    .max(Comparator.comparing(p -> version(p.getFileName().toString().substring(prefix.length()))))
                    .orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static List<Path> searchDirs(String ldLibraryPath, List<String> defaults) {
        List<Path> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String s : ldLibraryPath.split(":")) {
                if (!s.isBlank()) {
                    dirs.add(Path.of(s));
                }
            }
        }
        for (String s : defaults) {
            dirs.add(Path.of(s));
        }
        return dirs;
    }

    /** "12.4" -> comparable 12004000; "13" -> 13000000. */
    static long version(String v) {
        long r = 0;
        String[] parts = v.split("\\.");
        for (int i = 0; i < 3; i++) {
            long x = 0;
            if (i < parts.length) {
                try {
                    x = Long.parseLong(parts[i]);
                } catch (NumberFormatException e) {
                    x = 0;
                }
            }
            r = r * 1000 + Math.min(999, x);
        }
        return r;
    }

    /**
     * Points LWJGL at the libraries found here (unless the user configured them): called once
     * before the first {@code CU}/{@code NVRTC} class use.
     */
    static void configureLwjgl() {
        Map<String, String> env = System.getenv();
        if (org.lwjgl.system.Configuration.CUDA_LIBRARY_NAME.get() == null) {
            Path driver = findDriver(env, DRIVER_DIRS);
            if (driver != null && !driver.getFileName().toString().equals("libcuda.so")) {
                org.lwjgl.system.Configuration.CUDA_LIBRARY_NAME.set(driver.toString());
            }
        }
        if (org.lwjgl.system.Configuration.CUDA_NVRTC_LIBRARY_NAME.get() == null) {
            Path nvrtc = findNvrtc(env, Path.of("/usr/local"));
            if (nvrtc != null) {
                org.lwjgl.system.Configuration.CUDA_NVRTC_LIBRARY_NAME.set(nvrtc.toString());
                Path builtins = nvrtcBuiltinsFor(nvrtc);
                if (builtins != null && org.lwjgl.system.Configuration.CUDA_NVRTC_BUILTINS_LIBRARY_NAME.get() == null) {
                    org.lwjgl.system.Configuration.CUDA_NVRTC_BUILTINS_LIBRARY_NAME.set(builtins.toString());
                }
            }
        }
    }
}
