#!/usr/bin/env bash
# CUDA validation for a lent GPU machine (issue 9). The GPU machines have the NVIDIA driver and
# nvcc but no Java, and at most 64 MiB travels to them, so:
#
#   scripts/cuda-check.sh bundle      here: build the jars, jlink a JDK 25 runtime, and put both,
#                                     the test classes, JUnit's console launcher and the raster
#                                     fixtures into .device/cuda-bundle (git-ignored); prints its size
#   bash .device/cuda-bundle/run.sh   there (the device tool's `carry: [".device/cuda-bundle"]`):
#                                     driver/GPU facts, the CUDA test classes, then the benchmarks
#                                     of the issue's targets; results land in $OUT (or ./cuda-results)
#
# What run.sh runs, in order (each step's output in $OUT/<step>.txt|json, a summary at the end):
#   1. nvidia-smi; `splat` probe of the cuda device (INFO line names GPU, compute capability, driver)
#   2. JUnit: CudaDeviceProviderTest, CudaTrainingKernelsTest (scan, radix sort, Adam, densify
#      statistics), CudaRasterizerFixtureTest, CudaRasterizerConsistencyTest, CudaCpuParityTest,
#      DeviceCudaExitCodeTest; the tree of results in $OUT/2-tests.txt
#   3. compute-sanitizer memcheck of a small forward+backward, when compute-sanitizer exists
#   4. splat bench raster --device cuda --sizes 800x800 --counts 500000 (target: fwd+bwd < 10 ms,
#      read cases[0].cuda_resident.forward_backward_ms)
#   5. splat bench raster --device cuda --sizes 1920x1080 --counts 1000000 (target: > 200 fps
#      rendering, i.e. cases[0].cuda_resident.forward_ms < 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmd="${1:-}"
[ "$cmd" = "bundle" ] || { sed -n '2,24p' "$0"; exit 2; }

. "$root/scripts/jdk.sh"
splat_find_jdk || exit 1
J="$SPLAT_JAVA_HOME"
out="$root/.device/cuda-bundle"
cd "$root"

echo "== building the jars and test classes (./mvnw package -DskipTests)"
JAVA_HOME="$J" ./mvnw -B -ntp -q package -DskipTests -pl cli -am

rm -rf "$out"
mkdir -p "$out/lib" "$out/test" "$out/shared/fixtures"
# The CLI's runtime class path minus what CUDA tests and benches never load (checked by running
# the bundle here): OpenCV (its jar bundles natives for every platform, ~100 MB), XChart's PDF/SVG
# back ends, Apache Arrow and its Netty/FlatBuffers, ONNX Runtime.
for jar in cli/target/splat-cli.jar cli/target/lib/*.jar; do
  case "$(basename "$jar")" in
    opencv-*|pdfbox-*|fontbox-*|graphics2d-*|VectorGraphics2D-*|onnxruntime-*|arrow-*|netty-*|flatbuffers-*|commons-codec-*|commons-logging-*) ;;
    *) cp "$jar" "$out/lib/" ;;
  esac
done
cp splat-core/target/splat-core-*-tests.jar render/target/splat-render-*-tests.jar "$out/test/"
(cd cli/target/test-classes && jar --create --file "$out/test/splat-cli-tests.jar" .) 2>/dev/null \
  || "$J/bin/jar" --create --file "$out/test/splat-cli-tests.jar" -C cli/target/test-classes .
junit_version="$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:1.\1:p' pom.xml)"
echo "== JUnit console launcher $junit_version"
JAVA_HOME="$J" ./mvnw -B -ntp -q dependency:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" -DoutputDirectory="$out/test"
if [ -d "$root/../shared/fixtures/raster" ]; then
  cp -r "$root/../shared/fixtures/raster" "$out/shared/fixtures/"
fi

echo "== jlink: a JDK 25 runtime with the modules the CLI and tests use"
"$J/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$out/jre"

cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs on the GPU machine from the bundle made by scripts/cuda-check.sh bundle.
set -uo pipefail
b="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
o="${OUT:-$PWD/cuda-results}"
mkdir -p "$o"
java="$b/jre/bin/java"
flags=(--add-modules=jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED
       --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx24g)
cp="$b/lib/*"
splat() { "$java" "${flags[@]}" -cp "$cp" org.splatforge.cli.Splat "$@"; }
status=0
step() { echo "== $1"; }

step "1. machine"
{ nvidia-smi || true; nvcc --version || true; } > "$o/1-machine.txt" 2>&1
cat "$o/1-machine.txt" | head -20
splat bench raster --device cuda --sizes 32 --counts 100 --iterations 1 --warmup 0 --reference-max 0 \
  > "$o/1-probe.json" 2> "$o/1-probe.txt" || status=1
grep -E "device:|cuda:|error" "$o/1-probe.txt"

step "2. CUDA tests (JUnit)"
"$java" "${flags[@]}" -Dsplat.shared.dir="$b/shared" -Djava.awt.headless=true \
  -jar "$b"/test/junit-platform-console-standalone-*.jar execute \
  --class-path "$b/test/splat-core-0.1.0-SNAPSHOT-tests.jar:$b/test/splat-render-0.1.0-SNAPSHOT-tests.jar:$b/test/splat-cli-tests.jar:$(ls "$b"/lib/*.jar | tr '\n' ':')" \
  --select-class org.splatforge.core.runtime.cuda.CudaDeviceProviderTest \
  --select-class org.splatforge.core.runtime.cuda.CudaHostLogicTest \
  --select-class org.splatforge.render.cuda.CudaTrainingKernelsTest \
  --select-class org.splatforge.render.raster.CudaRasterizerFixtureTest \
  --select-class org.splatforge.render.raster.CudaRasterizerConsistencyTest \
  --select-class org.splatforge.render.raster.CudaCpuParityTest \
  --select-class org.splatforge.cli.DeviceCudaExitCodeTest \
  --details=tree --disable-ansi-colors > "$o/2-tests.txt" 2>&1 || status=1
tail -40 "$o/2-tests.txt"

step "3. compute-sanitizer memcheck (small case)"
if command -v compute-sanitizer >/dev/null 2>&1; then
  compute-sanitizer --tool memcheck --leak-check no "$java" "${flags[@]}" -cp "$cp" org.splatforge.cli.Splat \
    bench raster --device cuda --sizes 97x61 --counts 3000 --iterations 1 --warmup 0 --reference-max 0 \
    > "$o/3-memcheck.txt" 2>&1 || status=1
  grep -E "ERROR SUMMARY|Invalid|error" "$o/3-memcheck.txt" | head -20
else
  echo "compute-sanitizer not found: skipped" | tee "$o/3-memcheck.txt"
fi

step "4. bench: 800x800, 500k Gaussians SH3, forward+backward (target < 10 ms)"
splat bench raster --device cuda --sizes 800x800 --counts 500000 --iterations 20 --warmup 3 --reference-max 0 \
  > "$o/4-bench-800.json" 2> "$o/4-bench-800.txt" || status=1
grep -E '"(forward|backward|forward_backward)_ms"' "$o/4-bench-800.json" | head -12

step "5. bench: 1920x1080, 1M Gaussians SH3, render (target > 200 fps: forward < 5 ms)"
splat bench raster --device cuda --sizes 1920x1080 --counts 1000000 --iterations 20 --warmup 3 --reference-max 0 \
  > "$o/5-bench-1080p.json" 2> "$o/5-bench-1080p.txt" || status=1
grep -E '"forward_ms"' "$o/5-bench-1080p.json" | head -4

echo "== done (status $status); results in $o"
exit $status
RUN
chmod +x "$out/run.sh"
echo "== bundle: $out"
du -sh "$out"/* | sort -h
total=$(du -sm "$out" | cut -f1)
echo "total ${total} MiB (the device tool carries at most 64 MiB)"
[ "$total" -le 64 ] || { echo "ERROR: bundle too large" >&2; exit 1; }
