#!/usr/bin/env bash
# Compiles every .cu kernel source here to PTX at package time (Maven runs it in
# process-resources; see render/pom.xml). Usage: build-ptx.sh SRC_DIR OUT_DIR VIRTUAL_ARCH CHECK_ARCH REQUIRE
#
# - VIRTUAL_ARCH (compute_75): the PTX targets the lowest architecture CUDA 13 still supports
#   (Turing); the driver JIT-compiles it for the GPU it runs on (sm_80 A100, sm_90 H100, ...)
#   and caches the result. The Java loader falls back to NVRTC when a GPU is older than this.
# - CHECK_ARCH (sm_90): each PTX is also assembled by ptxas for H100 and thrown away, so
#   register/shared-memory limits and ptxas errors fail the build here, not on the GPU machine;
#   the register and shared-memory use per kernel is printed.
# - -lineinfo keeps source lines for compute-sanitizer / Nsight on the GPU machine.
# - No nvcc: prints why and exits 0 (the NVRTC path compiles the packaged .cu at run time),
#   unless REQUIRE=true (-Dsplat.ptx.require=true), then it fails.
set -euo pipefail
src="$1"; out="$2"; arch="${3:-compute_75}"; check="${4:-sm_90}"; require="${5:-false}"

nvcc=""
for c in "${NVCC:-}" "$(command -v nvcc 2>/dev/null || true)" "${CUDA_HOME:-/nonexistent}/bin/nvcc" \
         /usr/local/cuda/bin/nvcc /usr/local/bin/nvcc; do
  if [ -n "$c" ] && [ -x "$c" ]; then nvcc="$c"; break; fi
done
if [ -z "$nvcc" ]; then
  msg="PTX: nvcc not found (PATH, \$NVCC, \$CUDA_HOME/bin, /usr/local/cuda/bin): no PTX packaged; the cuda device compiles the kernels with NVRTC at run time"
  if [ "$require" = "true" ]; then echo "ERROR: $msg" >&2; exit 1; fi
  echo "[build-ptx] $msg" >&2
  exit 0
fi
# Up to date: nothing newer than the last build's manifest (keeps incremental builds fast).
if [ -f "$out/ptx.properties" ] && [ -z "$(find "$src" -newer "$out/ptx.properties" \( -name '*.cu' -o -name '*.cuh' -o -name '*.sh' \) -print -quit)" ] \
   && grep -q "^arch=$arch\$" "$out/ptx.properties"; then
  echo "[build-ptx] PTX up to date in $out" >&2
  exit 0
fi
ptxas="$(dirname "$nvcc")/ptxas"
[ -x "$ptxas" ] || ptxas="$(command -v ptxas 2>/dev/null || true)"
version="$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
files=()
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  echo "[build-ptx] nvcc $version: $name.cu -> $name.ptx ($arch, -lineinfo)" >&2
  "$nvcc" -ptx -arch="$arch" -lineinfo -std=c++17 -I"$src" -o "$tmp/$name.ptx" "$cu"
  if [ -n "$ptxas" ]; then
    "$ptxas" -arch="$check" -v -o /dev/null "$tmp/$name.ptx" 2>"$tmp/$name.ptxas" || {
      cat "$tmp/$name.ptxas" >&2; echo "ERROR: ptxas -arch=$check failed on $name.ptx" >&2; exit 1; }
    awk -v n="$name" '/Compiling entry function/ {f=$0; sub(/^[^\047]*\047/, "", f); sub(/\047.*/, "", f)}
        /Used [0-9]+ registers/ {sub(/.*Used /, ""); printf "[build-ptx]   %s.%s (%s): %s\n", n, f, CHECK, $0}' \
        CHECK="$check" "$tmp/$name.ptxas" >&2
  fi
  mv "$tmp/$name.ptx" "$out/$name.ptx"
  echo "[build-ptx]   $name.ptx: $(wc -c < "$out/$name.ptx") bytes" >&2
  files+=("$name")
done
{
  echo "# Written by render/src/main/cuda/build-ptx.sh; read by org.splatforge.render.cuda.CudaKernels."
  echo "nvcc=$version"
  echo "arch=$arch"
  echo "checked=$check"
  echo "modules=$(IFS=,; echo "${files[*]}")"
} > "$out/ptx.properties"
