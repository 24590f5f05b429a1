// Forward rasterization, the CUDA twin of org.splatforge.render.raster.CpuRasterizer's forward,
// following DESIGN.md "Rasterization conventions" (3DGS, Kerbl et al. 2023; EWA splatting,
// Zwicker et al. 2001):
//   project        one thread per Gaussian, double precision as GaussianProjector: culling,
//                  clamped-Jacobian EWA covariance + 0.3 dilation, conic, radius, tile rectangle,
//                  SH colour, opacity (optionally antialiased); tiles touched per Gaussian
//   (scan.cu)      exclusive scan of the touched counts: each Gaussian's first entry slot
//   emit_keys      one (key = tile | depth, value = slot) pair per covered tile; slots are
//                  Gaussian-major (its tiles in row-major order), as CpuFrameState.entrySlot
//   (radix_sort.cu) stable sort by key: per-tile lists in ascending depth, ties by index
//   tile_ranges    [start, end) of each tile's run in the sorted list
//   blend_forward  one 16x16 block per tile, one thread per pixel, Gaussians staged in shared
//                  memory 256 at a time (the INRIA pattern): front-to-back blending with the
//                  1/255 and 1e-4 rules; keeps final T and the contributor count for backward
//   reduce_weights per-Gaussian sum of its entries' blend weights (contributions), slot order
#include "projection.cuh"

// Packed per-Gaussian blend data (float4 x 3): (x, y, opacity, depth), (-a/2, -b, -c/2, 0), (r, g, b, 0).
extern "C" __global__ void project(
        int n, int degree, int coeffs, const double* __restrict__ cam, int tilesX,
        int tilesY, int antialiased,
        const float* __restrict__ means, const float* __restrict__ logScales, const float* __restrict__ quats,
        const float* __restrict__ opacityLogits, const float* __restrict__ sh,
        float* __restrict__ means2d, float* __restrict__ conics, int* __restrict__ radii,
        float* __restrict__ depths, float* __restrict__ colors, float* __restrict__ opacities,
        int4* __restrict__ rects, unsigned int* __restrict__ touched, double* __restrict__ depth64,
        float4* __restrict__ xyod, float4* __restrict__ conicPacked, float4* __restrict__ colorPacked) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    // Culled unless we reach the end.
    radii[i] = 0;
    touched[i] = 0u;
    means2d[2 * i] = means2d[2 * i + 1] = 0.f;
    conics[3 * i] = conics[3 * i + 1] = conics[3 * i + 2] = 0.f;
    depths[i] = 0.f;
    colors[3 * i] = colors[3 * i + 1] = colors[3 * i + 2] = 0.f;
    opacities[i] = 0.f;
    rects[i] = make_int4(0, 0, 0, 0);
    depth64[i] = 0.0;
    xyod[i] = make_float4(0.f, 0.f, 0.f, 0.f);
    conicPacked[i] = make_float4(0.f, 0.f, 0.f, 0.f);
    colorPacked[i] = make_float4(0.f, 0.f, 0.f, 0.f);

    Proj p;
    if (!project_gaussian(p, i, degree, coeffs, cam, tilesX, tilesY, antialiased, means, logScales, quats,
                          opacityLogits, sh)) {
        return;
    }
    radii[i] = p.radius;
    touched[i] = (unsigned int) ((p.tx1 - p.tx0) * (p.ty1 - p.ty0));
    means2d[2 * i] = (float) p.u;
    means2d[2 * i + 1] = (float) p.v;
    conics[3 * i] = (float) p.conA;
    conics[3 * i + 1] = (float) p.conB;
    conics[3 * i + 2] = (float) p.conC;
    depths[i] = (float) p.pz;
    depth64[i] = p.pz;
    colors[3 * i] = (float) p.colR;
    colors[3 * i + 1] = (float) p.colG;
    colors[3 * i + 2] = (float) p.colB;
    opacities[i] = (float) p.opacity;
    rects[i] = make_int4(p.tx0, p.tx1, p.ty0, p.ty1);
    xyod[i] = make_float4((float) p.u, (float) p.v, (float) p.opacity, (float) p.pz);
    conicPacked[i] = make_float4((float) (-0.5 * p.conA), (float) (-p.conB), (float) (-0.5 * p.conC), 0.f);
    colorPacked[i] = make_float4((float) p.colR, (float) p.colG, (float) p.colB, 0.f);
}

// One thread per Gaussian: its entries at slots [offsets[g], offsets[g] + touched[g]).
extern "C" __global__ void emit_keys(int n, int tilesX, int tileBits, const int4* __restrict__ rects,
                                     const unsigned int* __restrict__ offsets, const unsigned int* __restrict__ touched,
                                     const double* __restrict__ depth64, unsigned long long* __restrict__ keys,
                                     unsigned int* __restrict__ vals, int* __restrict__ slotGaussian) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= n || touched[g] == 0u) return;
    int4 r = rects[g];
    unsigned int slot = offsets[g];
    double z = depth64[g];
    for (int ty = r.z; ty < r.w; ty++) {
        for (int tx = r.x; tx < r.y; tx++) {
            keys[slot] = tile_key((unsigned int) (ty * tilesX + tx), z, tileBits);
            vals[slot] = slot;
            slotGaussian[slot] = g;
            slot++;
        }
    }
}

// ranges[t] = (start, end) of tile t in the sorted keys; ranges must be zeroed before.
extern "C" __global__ void tile_ranges(unsigned int entries, int tileBits, const unsigned long long* __restrict__ keys,
                                       int2* __restrict__ ranges) {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= entries) return;
    int shift = 64 - tileBits;
    unsigned int tile = (unsigned int) (keys[i] >> shift);
    if (i == 0 || (unsigned int) (keys[i - 1] >> shift) != tile) ranges[tile].x = (int) i;
    if (i == entries - 1 || (unsigned int) (keys[i + 1] >> shift) != tile) ranges[tile].y = (int) (i + 1);
}

// entryWeights (nullable, by slot, zeroed before): per (tile, Gaussian) sum over the tile's
// pixels of alpha * T, for RasterSettings.computeContributions.
extern "C" __global__ void blend_forward(
        int width, int height, int tilesX, const int2* __restrict__ ranges,
        const unsigned int* __restrict__ sortedSlots, const int* __restrict__ slotGaussian,
        const float4* __restrict__ xyod, const float4* __restrict__ conicPacked,
        const float4* __restrict__ colorPacked, float bgR, float bgG, float bgB, int depthOn,
        float* __restrict__ image, float* __restrict__ alphaOut, float* __restrict__ finalT,
        int* __restrict__ contributors, float* __restrict__ depthOut, float* __restrict__ entryWeights) {
    __shared__ float4 sXy[SPLAT_BLOCK];
    __shared__ float4 sCon[SPLAT_BLOCK];
    __shared__ float4 sCol[SPLAT_BLOCK];
    __shared__ unsigned int sSlot[SPLAT_BLOCK];
    __shared__ float sW[SPLAT_BLOCK / 32][SPLAT_BLOCK];
    int tile = blockIdx.y * tilesX + blockIdx.x;
    int tid = threadIdx.y * SPLAT_TILE + threadIdx.x;
    int lane = tid & 31, warp = tid >> 5;
    int col = blockIdx.x * SPLAT_TILE + threadIdx.x, row = blockIdx.y * SPLAT_TILE + threadIdx.y;
    bool inside = col < width && row < height;
    float pxc = (float) col + 0.5f, pyc = (float) row + 0.5f;
    int2 range = ranges[tile];
    int count = range.y - range.x;
    bool wantWeights = entryWeights != 0;
    bool done = !inside;
    float T = 1.f, cr = 0.f, cg = 0.f, cb = 0.f, cd = 0.f;
    int last = 0;
    for (int b0 = 0; b0 < count; b0 += SPLAT_BLOCK) {
        // Without weights the block stops once every pixel is done (INRIA); with weights every
        // thread walks on (contributing zero) so the warp sums stay collective.
        if (!wantWeights && __syncthreads_count(done) == SPLAT_BLOCK) break;
        __syncthreads();
        if (b0 + tid < count) {
            stage_entry(tid, sortedSlots[range.x + b0 + tid], slotGaussian, xyod, conicPacked, colorPacked, sSlot, sXy,
                        sCon, sCol);
        }
        __syncthreads();
        int batch = min(SPLAT_BLOCK, count - b0);
        for (int j = 0; j < batch; j++) {
            float w = 0.f;
            if (!done) {
                float4 xy = sXy[j], cn = sCon[j];
                float dx = xy.x - pxc, dy = xy.y - pyc;
                float power = fmaf(fmaf(dx, cn.x, cn.y * dy), dx, cn.z * dy * dy);
                if (power <= 0.f) {
                    float alpha = fminf(SPLAT_MAX_ALPHA, xy.z * expf(power));
                    if (alpha >= SPLAT_MIN_ALPHA) {
                        float next = T * (1.f - alpha);
                        if (next < SPLAT_T_STOP) {
                            done = true;
                        } else {
                            w = alpha * T;
                            float4 c = sCol[j];
                            cr = fmaf(w, c.x, cr);
                            cg = fmaf(w, c.y, cg);
                            cb = fmaf(w, c.z, cb);
                            cd = fmaf(w, xy.w, cd);
                            T = next;
                            last = b0 + j + 1;
                        }
                    }
                }
            }
            if (wantWeights) {
                float s = warp_sum(w);
                if (lane == 0) sW[warp][j] = s;
            } else if (done && __all_sync(FULL_MASK, done)) {
                // nothing left for this warp in this batch; the block-wide test above ends the tile
                break;
            }
        }
        if (wantWeights) {
            __syncthreads();
            if (tid < batch) {
                float s = 0.f;
                for (int w8 = 0; w8 < SPLAT_BLOCK / 32; w8++) s += sW[w8][tid];
                entryWeights[sSlot[tid]] = s;
            }
        }
    }
    if (inside) {
        int p = row * width + col;
        image[3 * p] = cr + T * bgR;
        image[3 * p + 1] = cg + T * bgG;
        image[3 * p + 2] = cb + T * bgB;
        alphaOut[p] = 1.f - T;
        finalT[p] = T;
        contributors[p] = last;
        if (depthOn) depthOut[p] = cd;
    }
}

// contributions[g] = sum of its entries' weights, in slot order (double, as the CPU backend).
extern "C" __global__ void reduce_weights(int n, const unsigned int* __restrict__ offsets,
                                          const unsigned int* __restrict__ touched,
                                          const float* __restrict__ entryWeights, float* __restrict__ contributions) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= n) return;
    double s = 0;
    unsigned int o = offsets[g], e = o + touched[g];
    for (unsigned int j = o; j < e; j++) s += entryWeights[j];
    contributions[g] = (float) s;
}
