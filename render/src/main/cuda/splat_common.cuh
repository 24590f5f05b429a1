// Shared definitions of the Splatforge CUDA kernels (render/src/main/cuda). Included by every
// .cu here; NVRTC receives it as a named header (see org.splatforge.render.cuda.CudaKernels).
//
// Conventions: DESIGN.md "Rasterization conventions". Layouts mirror the CPU backend
// (org.splatforge.render.raster): SoA parameters as GaussianCloud, per-entry "slots" in
// Gaussian-major order as CpuFrameState, gradient records R_* as CpuFrameState.REC.
#pragma once

#define SPLAT_TILE 16
#define SPLAT_BLOCK (SPLAT_TILE * SPLAT_TILE)
#define SPLAT_MIN_ALPHA (1.0f / 255.0f)
#define SPLAT_MAX_ALPHA 0.99f
#define SPLAT_T_STOP 1e-4f
#define SPLAT_DILATION 0.3
#define FULL_MASK 0xffffffffu

// Camera block (doubles), written by CudaCamera.pack on the host: same values as
// GaussianProjector.setCamera.
#define CAM_V00 0
#define CAM_VT0 9
#define CAM_FX 12
#define CAM_FY 13
#define CAM_CX 14
#define CAM_CY 15
#define CAM_LIMXNEG 16
#define CAM_LIMXPOS 17
#define CAM_LIMYNEG 18
#define CAM_LIMYPOS 19
#define CAM_CENTER 20
#define CAM_NEAR 23
#define CAM_DOUBLES 24

// Gradient record per (tile, Gaussian) entry, as CpuFrameState.R_*.
#define R_MX 0
#define R_MY 1
#define R_AX 2
#define R_AY 3
#define R_DXX 4
#define R_DXY 5
#define R_DYY 6
#define R_OPACITY 7
#define R_R 8
#define R_G 9
#define R_B 10
#define R_DEPTH 11
#define REC 12

// Real SH constants (3DGS computeColorFromSH; org.splatforge.core.scene.SphericalHarmonics).
#define SH_C0 0.28209479177387814
#define SH_C1 0.4886025119029199
#define SH_C2_0 1.0925484305920792
#define SH_C2_1 (-1.0925484305920792)
#define SH_C2_2 0.31539156525252005
#define SH_C2_3 (-1.0925484305920792)
#define SH_C2_4 0.5462742152960396
#define SH_C3_0 (-0.5900435899266435)
#define SH_C3_1 2.890611442640554
#define SH_C3_2 (-0.4570457994644658)
#define SH_C3_3 0.3731763325901154
#define SH_C3_4 (-0.4570457994644658)
#define SH_C3_5 1.445305721320277
#define SH_C3_6 (-0.5900435899266435)

// Deterministic sum of v over the warp (butterfly: the same order every time); all 32 lanes call it.
__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(FULL_MASK, v, o);
    return v;
}

// Stages sorted entry `slot` (its Gaussian's packed blend data) into shared-memory position i:
// the batch loads of blend_forward and blend_backward (INRIA's collected_* arrays).
__device__ __forceinline__ void stage_entry(int i, unsigned int slot, const int* __restrict__ slotGaussian,
                                            const float4* __restrict__ xyod, const float4* __restrict__ conicPacked,
                                            const float4* __restrict__ colorPacked, unsigned int* sSlot, float4* sXy,
                                            float4* sCon, float4* sCol) {
    int g = slotGaussian[slot];
    sSlot[i] = slot;
    sXy[i] = xyod[g];
    sCon[i] = conicPacked[g];
    sCol[i] = colorPacked[g];
}

__device__ __forceinline__ int sh_coeffs(int degree) {
    return (degree + 1) * (degree + 1);
}

// Basis values at unit direction (x, y, z); out has 16 entries.
__device__ __forceinline__ void sh_basis(int degree, double x, double y, double z, double* out) {
    out[0] = SH_C0;
    if (degree < 1) return;
    out[1] = -SH_C1 * y;
    out[2] = SH_C1 * z;
    out[3] = -SH_C1 * x;
    if (degree < 2) return;
    double xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
    out[4] = SH_C2_0 * xy;
    out[5] = SH_C2_1 * yz;
    out[6] = SH_C2_2 * (2 * zz - xx - yy);
    out[7] = SH_C2_3 * xz;
    out[8] = SH_C2_4 * (xx - yy);
    if (degree < 3) return;
    out[9] = SH_C3_0 * y * (3 * xx - yy);
    out[10] = SH_C3_1 * xy * z;
    out[11] = SH_C3_2 * y * (4 * zz - xx - yy);
    out[12] = SH_C3_3 * z * (2 * zz - 3 * xx - 3 * yy);
    out[13] = SH_C3_4 * x * (4 * zz - xx - yy);
    out[14] = SH_C3_5 * z * (xx - yy);
    out[15] = SH_C3_6 * x * (xx - 3 * yy);
}

// d basis_k / d dir (components independent), accumulated as s_k * grad into g[3].
__device__ __forceinline__ void sh_basis_grad_acc(int degree, double x, double y, double z, int k, double s,
                                                  double* g) {
    double xx = x * x, yy = y * y, zz = z * z;
    double gx = 0, gy = 0, gz = 0;
    switch (k) {
        case 1: gy = -SH_C1; break;
        case 2: gz = SH_C1; break;
        case 3: gx = -SH_C1; break;
        case 4: gx = SH_C2_0 * y; gy = SH_C2_0 * x; break;
        case 5: gy = SH_C2_1 * z; gz = SH_C2_1 * y; break;
        case 6: gx = -2 * SH_C2_2 * x; gy = -2 * SH_C2_2 * y; gz = 4 * SH_C2_2 * z; break;
        case 7: gx = SH_C2_3 * z; gz = SH_C2_3 * x; break;
        case 8: gx = 2 * SH_C2_4 * x; gy = -2 * SH_C2_4 * y; break;
        case 9: gx = 6 * SH_C3_0 * x * y; gy = SH_C3_0 * (3 * xx - 3 * yy); break;
        case 10: gx = SH_C3_1 * y * z; gy = SH_C3_1 * x * z; gz = SH_C3_1 * x * y; break;
        case 11: gx = -2 * SH_C3_2 * x * y; gy = SH_C3_2 * (4 * zz - xx - 3 * yy); gz = 8 * SH_C3_2 * y * z; break;
        case 12: gx = -6 * SH_C3_3 * x * z; gy = -6 * SH_C3_3 * y * z; gz = SH_C3_3 * (6 * zz - 3 * xx - 3 * yy); break;
        case 13: gx = SH_C3_4 * (4 * zz - 3 * xx - yy); gy = -2 * SH_C3_4 * x * y; gz = 8 * SH_C3_4 * x * z; break;
        case 14: gx = 2 * SH_C3_5 * x * z; gy = -2 * SH_C3_5 * y * z; gz = SH_C3_5 * (xx - yy); break;
        case 15: gx = SH_C3_6 * (3 * xx - 3 * yy); gy = -6 * SH_C3_6 * x * y; break;
        default: break;
    }
    (void) degree;
    g[0] += s * gx;
    g[1] += s * gy;
    g[2] += s * gz;
}

// Sort key of a (tile, Gaussian) entry: tile id in the top tileBits bits (1 <= tileBits <= 32),
// then the positive double depth's IEEE-754 pattern (bit 63 is 0, so 63 bits that order like the
// depths) shifted right by tileBits - 1: depths that differ in their top 64 - tileBits bits keep
// their order, closer ones tie and keep index order (the sort is stable). Mirrors
// org.splatforge.render.cuda.TileKeys.key.
__device__ __forceinline__ unsigned long long tile_key(unsigned int tile, double depth, int tileBits) {
    unsigned long long bits = (unsigned long long) __double_as_longlong(depth);
    return ((unsigned long long) tile << (64 - tileBits)) | (bits >> (tileBits - 1));
}
