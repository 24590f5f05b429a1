// Backward rasterization, the CUDA twin of CpuRasterizer's backward (TileBackwardKernel +
// reduce), in the INRIA pattern (Kerbl et al. 2023, renderCUDA backward): the forward kept each
// pixel's final T and contributor count; each pixel walks its tile's list back to front from
// its last contributor, recovering T_i = T_{i+1} / (1 - alpha_i) and the loss-weighted colour
// blended behind. Per pixel, with g_i = dL/dC . c_i + dL/dD z_i and W the weighted colour
// behind plus T_final (dL/dC . bg - dL/dalpha): dL/dalpha_i = T_i g_i - W / (1 - alpha_i).
//
// Determinism instead of atomics: every (tile, Gaussian) entry gets one gradient record
// (REC floats, at its Gaussian-major slot) summed over the tile's pixels by a fixed butterfly
// within each warp and then over the warps in order; reduce_project_backward then sums each
// Gaussian's records in slot order (double) and applies the projection's chain rule. Two runs
// give the same bits, like the CPU backend.
#include "projection.cuh"

#define BWD_SUB 32  // Gaussians per shared-memory reduction round

// records (by slot, REC floats each) must be zeroed before: entries behind every pixel's last
// contributor are not written.
extern "C" __global__ void blend_backward(
        int width, int height, int tilesX, const int2* __restrict__ ranges,
        const unsigned int* __restrict__ sortedSlots, const int* __restrict__ slotGaussian,
        const float4* __restrict__ xyod, const float4* __restrict__ conicPacked,
        const float4* __restrict__ colorPacked, float bgR, float bgG, float bgB,
        const float* __restrict__ finalT, const int* __restrict__ contributors,
        const float* __restrict__ dImage, const float* __restrict__ dAlpha, const float* __restrict__ dDepth,
        float* __restrict__ records) {
    __shared__ float4 sXy[SPLAT_BLOCK];
    __shared__ float4 sCon[SPLAT_BLOCK];
    __shared__ float4 sCol[SPLAT_BLOCK];
    __shared__ unsigned int sSlot[SPLAT_BLOCK];
    __shared__ float sPart[SPLAT_BLOCK / 32][BWD_SUB][REC];
    __shared__ int sMaxLast;
    int tile = blockIdx.y * tilesX + blockIdx.x;
    int tid = threadIdx.y * SPLAT_TILE + threadIdx.x;
    int lane = tid & 31, warp = tid >> 5;
    int col = blockIdx.x * SPLAT_TILE + threadIdx.x, row = blockIdx.y * SPLAT_TILE + threadIdx.y;
    bool inside = col < width && row < height;
    int p = row * width + col;
    float pxc = (float) col + 0.5f, pyc = (float) row + 0.5f;
    float T = 1.f, dR = 0.f, dG = 0.f, dB = 0.f, dA = 0.f, dD = 0.f;
    int last = 0;
    if (inside) {
        T = finalT[p];
        last = contributors[p];
        dR = dImage[3 * p];
        dG = dImage[3 * p + 1];
        dB = dImage[3 * p + 2];
        dA = dAlpha != 0 ? dAlpha[p] : 0.f;
        dD = dDepth != 0 ? dDepth[p] : 0.f;
    }
    float wb = T * (dR * bgR + dG * bgG + dB * bgB - dA);
    if (tid == 0) sMaxLast = 0;
    __syncthreads();
    atomicMax(&sMaxLast, last);
    __syncthreads();
    int maxLast = sMaxLast;
    int2 range = ranges[tile];
    for (int b1 = maxLast; b1 > 0; b1 -= SPLAT_BLOCK) {
        int b0 = max(0, b1 - SPLAT_BLOCK);
        __syncthreads();
        if (b0 + tid < b1) {
            stage_entry(tid, sortedSlots[range.x + b0 + tid], slotGaussian, xyod, conicPacked, colorPacked, sSlot, sXy,
                        sCon, sCol);
        }
        __syncthreads();
        for (int j0 = b1 - 1; j0 >= b0; j0 -= BWD_SUB) {
            int jEnd = max(b0, j0 - BWD_SUB + 1);
            for (int k = j0; k >= jEnd; k--) {
                float a[REC];
                for (int q = 0; q < REC; q++) a[q] = 0.f;
                bool hit = false;
                if (inside && k < last) {
                    int q = k - b0;
                    float4 xy = sXy[q], cn = sCon[q], c = sCol[q];
                    float dx = xy.x - pxc, dy = xy.y - pyc;
                    float power = fmaf(fmaf(dx, cn.x, cn.y * dy), dx, cn.z * dy * dy);
                    if (power <= 0.f) {
                        float gauss = expf(power);
                        float raw = gauss * xy.z;
                        float alpha = fminf(SPLAT_MAX_ALPHA, raw);
                        if (alpha >= SPLAT_MIN_ALPHA) {
                            hit = true;
                            float inv = 1.f / (1.f - alpha);
                            float ti = T * inv;
                            float g = fmaf(dD, xy.w, fmaf(dB, c.z, fmaf(dG, c.y, dR * c.x)));
                            float dAlphaI = ti * g - wb * inv;
                            float w = alpha * ti;
                            a[R_R] = w * dR;
                            a[R_G] = w * dG;
                            a[R_B] = w * dB;
                            a[R_DEPTH] = w * dD;
                            wb = fmaf(w, g, wb);
                            T = ti;
                            if (raw <= SPLAT_MAX_ALPHA) { // the clamp stops the gradient to o and G
                                float dPower = alpha * dAlphaI;
                                a[R_OPACITY] = gauss * dAlphaI;
                                // d power/d dx = -(a dx + b dy), d power/d dy = -(b dx + c dy); d dx/d mean x = 1.
                                float gx = dPower * fmaf(dx, 2.f * cn.x, cn.y * dy);
                                float gy = dPower * fmaf(dx, cn.y, 2.f * cn.z * dy);
                                a[R_MX] = gx;
                                a[R_MY] = gy;
                                a[R_AX] = fabsf(gx);
                                a[R_AY] = fabsf(gy);
                                a[R_DXX] = dPower * dx * dx;
                                a[R_DXY] = dPower * dx * dy;
                                a[R_DYY] = dPower * dy * dy;
                            }
                        }
                    }
                }
                int slotInSub = j0 - k;
                if (__any_sync(FULL_MASK, hit)) {
                    for (int q = 0; q < REC; q++) {
                        float s = warp_sum(a[q]);
                        if (lane == 0) sPart[warp][slotInSub][q] = s;
                    }
                } else if (lane == 0) {
                    for (int q = 0; q < REC; q++) sPart[warp][slotInSub][q] = 0.f;
                }
            }
            __syncthreads();
            int cnt = j0 - jEnd + 1;
            for (int e = tid; e < cnt * REC; e += SPLAT_BLOCK) {
                int kk = e / REC, q = e - kk * REC;
                float s = 0.f;
                for (int w8 = 0; w8 < SPLAT_BLOCK / 32; w8++) s += sPart[w8][kk][q];
                records[(size_t) sSlot[j0 - kk - b0] * REC + q] = s;
            }
            __syncthreads();
        }
    }
}

// One thread per Gaussian: sums its records in slot order (double) and chains through the
// projection. Writes (overwrites) every gradient of every Gaussian, zeros for culled or hidden
// ones, as CpuRasterizer's reduce.
extern "C" __global__ void reduce_project_backward(
        int n, int degree, int coeffs, const double* __restrict__ cam, int tilesX, int tilesY, int antialiased,
        const float* __restrict__ means, const float* __restrict__ logScales, const float* __restrict__ quats,
        const float* __restrict__ opacityLogits, const float* __restrict__ sh, const int* __restrict__ radii,
        const unsigned int* __restrict__ offsets, const unsigned int* __restrict__ touched,
        const float* __restrict__ records,
        float* __restrict__ dMeans, float* __restrict__ dLogScales, float* __restrict__ dQuats,
        float* __restrict__ dOpacityLogits, float* __restrict__ dSh, float* __restrict__ dMeans2d,
        float* __restrict__ dMeans2dAbs) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= n) return;
    double sum[REC];
    for (int q = 0; q < REC; q++) sum[q] = 0;
    bool any = false;
    if (radii[g] > 0) {
        unsigned int o = offsets[g], e = o + touched[g];
        for (unsigned int j = o; j < e; j++) {
            for (int q = 0; q < REC; q++) sum[q] += records[(size_t) j * REC + q];
        }
        for (int q = 0; q < REC; q++) any = any || sum[q] != 0;
    }
    Proj p;
    if (!any || !project_gaussian(p, g, degree, coeffs, cam, tilesX, tilesY, antialiased, means, logScales,
                                  quats, opacityLogits, sh)) {
        // culled, or hidden everywhere: the chain rule of zeros is zero
        for (int a = 0; a < 3; a++) dMeans[3 * g + a] = dLogScales[3 * g + a] = 0.f;
        for (int a = 0; a < 4; a++) dQuats[4 * g + a] = 0.f;
        dOpacityLogits[g] = 0.f;
        for (int a = 0; a < coeffs * 3; a++) dSh[(size_t) g * coeffs * 3 + a] = 0.f;
        dMeans2d[2 * g] = dMeans2d[2 * g + 1] = 0.f;
        dMeans2dAbs[2 * g] = dMeans2dAbs[2 * g + 1] = 0.f;
        return;
    }
    project_backward(p, g, degree, coeffs, antialiased, cam, sh, sum[R_MX], sum[R_MY], -0.5 * sum[R_DXX],
                     -sum[R_DXY], -0.5 * sum[R_DYY], sum[R_OPACITY], sum[R_R], sum[R_G], sum[R_B], sum[R_DEPTH],
                     dMeans, dLogScales, dQuats, dOpacityLogits, dSh);
    dMeans2d[2 * g] = (float) sum[R_MX];
    dMeans2d[2 * g + 1] = (float) sum[R_MY];
    dMeans2dAbs[2 * g] = (float) sum[R_AX];
    dMeans2dAbs[2 * g + 1] = (float) sum[R_AY];
}
