// Per-element training-step kernels: the Adam update and the densification statistics.
#include "splat_common.cuh"

// Adam (Kingma and Ba 2015, Algorithm 1, as PyTorch writes it and as
// org.splatforge.render.optim.Adam does): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
// p -= lr * (m / bc1) / (sqrt(v / bc2) + eps), with bc1 = 1 - b1^t and bc2 = 1 - b2^t computed
// on the host in double. Elements [0, n) of one parameter group; moments in float. Rows of
// `row` elements take lrA for their first `split` columns and lrB for the rest (SH: the DC band
// of each Gaussian's [K][3] row at the DC rate, the higher bands at the 3DGS rate / 20); plain
// groups pass row = split = 1.
extern "C" __global__ void adam_step(float* __restrict__ param, const float* __restrict__ grad,
                                     float* __restrict__ m, float* __restrict__ v, unsigned int n,
                                     unsigned int row, unsigned int split, float lrA, float lrB,
                                     float beta1, float beta2, float eps, float bc1, float bc2) {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float lr = (i % row) < split ? lrA : lrB;
    float g = grad[i];
    float mi = fmaf(beta1, m[i], (1.f - beta1) * g);
    float vi = fmaf(beta2, v[i], (1.f - beta2) * g * g);
    m[i] = mi;
    v[i] = vi;
    param[i] -= lr * (mi / bc1) / (sqrtf(vi / bc2) + eps);
}

// Densification statistics of one view (3DGS xyz_gradient_accum / denom / max_radii2D;
// gsplat's absgrad): for each Gaussian seen (radius > 0), add the norm of its screen-space mean
// gradient in NDC units (pixel gradient times (W/2, H/2), see DESIGN.md) to gradSum, the same of
// the absolute-value accumulation to absSum, count the view, and keep the largest radius as a
// fraction of max(W, H).
extern "C" __global__ void densify_accumulate(unsigned int n, const float* __restrict__ dMeans2d,
                                              const float* __restrict__ dMeans2dAbs, const int* __restrict__ radii,
                                              float halfW, float halfH, float invMaxSide,
                                              float* __restrict__ gradSum, float* __restrict__ absSum,
                                              int* __restrict__ views, float* __restrict__ maxRadius) {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n || radii[i] <= 0) return;
    float gx = dMeans2d[2 * i] * halfW, gy = dMeans2d[2 * i + 1] * halfH;
    float ax = dMeans2dAbs[2 * i] * halfW, ay = dMeans2dAbs[2 * i + 1] * halfH;
    gradSum[i] += sqrtf(gx * gx + gy * gy);
    absSum[i] += sqrtf(ax * ax + ay * ay);
    views[i] += 1;
    maxRadius[i] = fmaxf(maxRadius[i], (float) radii[i] * invMaxSide);
}
