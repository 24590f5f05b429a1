// Per-Gaussian projection and its chain rule, double precision: a line-by-line twin of
// org.splatforge.render.raster.GaussianProjector (project() and backward()), so that culling,
// radii, tile rectangles and colours agree with the CPU backends. Used by raster_forward.cu
// (project) and raster_backward.cu (reduce_project_backward, which re-projects rather than
// storing ~40 doubles per Gaussian between the passes).
#pragma once
#include "splat_common.cuh"

struct Proj {
    // inputs
    double mx, my, mz, opacityLogit;
    // forward outputs
    double u, v, depth, conA, conB, conC, opacity, colR, colG, colB;
    int radius, tx0, tx1, ty0, ty1;
    // intermediates for backward
    double px, py, pz, rxc, ryc, s0, s1, s2, qn, nw, nx, ny, nz, sig, comp;
    bool clampX, clampY;
    double a00, a01, a02, a10, a11, a12, a20, a21, a22;
    double m00, m01, m02, m10, m11, m12, m20, m21, m22;
    double s00, s01, s02, s11, s12, s22;
    double t00, t01, t02, t10, t11, t12;
    double cA, cB, cC, det;
    double dirX, dirY, dirZ, dirLen, rawR, rawG, rawB;
};

// Projects Gaussian i; false when culled (then the outputs are undefined).
__device__ bool project_gaussian(Proj& p, int i, int degree, int coeffs, const double* __restrict__ cam,
                                 int tilesX, int tilesY, int antialiased,
                                 const float* __restrict__ means, const float* __restrict__ logScales,
                                 const float* __restrict__ quats, const float* __restrict__ opacityLogits,
                                 const float* __restrict__ sh) {
    const double* v = cam + CAM_V00;
    p.mx = means[3 * i];
    p.my = means[3 * i + 1];
    p.mz = means[3 * i + 2];
    p.px = v[0] * p.mx + v[1] * p.my + v[2] * p.mz + cam[CAM_VT0];
    p.py = v[3] * p.mx + v[4] * p.my + v[5] * p.mz + cam[CAM_VT0 + 1];
    p.pz = v[6] * p.mx + v[7] * p.my + v[8] * p.mz + cam[CAM_VT0 + 2];
    if (!(p.pz > cam[CAM_NEAR])) return false;
    double qw = quats[4 * i], qx = quats[4 * i + 1], qy = quats[4 * i + 2], qz = quats[4 * i + 3];
    p.qn = sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
    if (p.qn > 0) {
        p.nw = qw / p.qn; p.nx = qx / p.qn; p.ny = qy / p.qn; p.nz = qz / p.qn;
    } else {
        p.nw = 1; p.nx = p.ny = p.nz = 0;
    }
    double nw = p.nw, nx = p.nx, ny = p.ny, nz = p.nz;
    p.a00 = 1 - 2 * (ny * ny + nz * nz); p.a01 = 2 * (nx * ny - nw * nz); p.a02 = 2 * (nx * nz + nw * ny);
    p.a10 = 2 * (nx * ny + nw * nz); p.a11 = 1 - 2 * (nx * nx + nz * nz); p.a12 = 2 * (ny * nz - nw * nx);
    p.a20 = 2 * (nx * nz - nw * ny); p.a21 = 2 * (ny * nz + nw * nx); p.a22 = 1 - 2 * (nx * nx + ny * ny);
    p.s0 = exp((double) logScales[3 * i]);
    p.s1 = exp((double) logScales[3 * i + 1]);
    p.s2 = exp((double) logScales[3 * i + 2]);
    p.m00 = p.a00 * p.s0; p.m01 = p.a01 * p.s1; p.m02 = p.a02 * p.s2;
    p.m10 = p.a10 * p.s0; p.m11 = p.a11 * p.s1; p.m12 = p.a12 * p.s2;
    p.m20 = p.a20 * p.s0; p.m21 = p.a21 * p.s1; p.m22 = p.a22 * p.s2;
    p.s00 = p.m00 * p.m00 + p.m01 * p.m01 + p.m02 * p.m02;
    p.s01 = p.m00 * p.m10 + p.m01 * p.m11 + p.m02 * p.m12;
    p.s02 = p.m00 * p.m20 + p.m01 * p.m21 + p.m02 * p.m22;
    p.s11 = p.m10 * p.m10 + p.m11 * p.m11 + p.m12 * p.m12;
    p.s12 = p.m10 * p.m20 + p.m11 * p.m21 + p.m12 * p.m22;
    p.s22 = p.m20 * p.m20 + p.m21 * p.m21 + p.m22 * p.m22;

    // Clamped Jacobian (3DGS: keeps splats far outside the view from exploding).
    double fx = cam[CAM_FX], fy = cam[CAM_FY];
    double rx = p.px / p.pz, ry = p.py / p.pz;
    p.clampX = rx < -cam[CAM_LIMXNEG] || rx > cam[CAM_LIMXPOS];
    p.clampY = ry < -cam[CAM_LIMYNEG] || ry > cam[CAM_LIMYPOS];
    p.rxc = fmin(cam[CAM_LIMXPOS], fmax(-cam[CAM_LIMXNEG], rx));
    p.ryc = fmin(cam[CAM_LIMYPOS], fmax(-cam[CAM_LIMYNEG], ry));
    double j00 = fx / p.pz, j02 = -fx * p.rxc / p.pz, j11 = fy / p.pz, j12 = -fy * p.ryc / p.pz;
    p.t00 = j00 * v[0] + j02 * v[6]; p.t01 = j00 * v[1] + j02 * v[7]; p.t02 = j00 * v[2] + j02 * v[8];
    p.t10 = j11 * v[3] + j12 * v[6]; p.t11 = j11 * v[4] + j12 * v[7]; p.t12 = j11 * v[5] + j12 * v[8];
    double q0 = p.s00 * p.t00 + p.s01 * p.t01 + p.s02 * p.t02;
    double q1 = p.s01 * p.t00 + p.s11 * p.t01 + p.s12 * p.t02;
    double q2 = p.s02 * p.t00 + p.s12 * p.t01 + p.s22 * p.t02;
    double covA = p.t00 * q0 + p.t01 * q1 + p.t02 * q2;
    double covB = p.t10 * q0 + p.t11 * q1 + p.t12 * q2;
    double w0 = p.s00 * p.t10 + p.s01 * p.t11 + p.s02 * p.t12;
    double w1 = p.s01 * p.t10 + p.s11 * p.t11 + p.s12 * p.t12;
    double w2 = p.s02 * p.t10 + p.s12 * p.t11 + p.s22 * p.t12;
    double covC = p.t10 * w0 + p.t11 * w1 + p.t12 * w2;
    double detRaw = covA * covC - covB * covB;
    p.cA = covA + SPLAT_DILATION;
    p.cB = covB;
    p.cC = covC + SPLAT_DILATION;
    p.det = p.cA * p.cC - p.cB * p.cB;
    if (!(p.det > 0)) return false;
    p.comp = antialiased ? sqrt(fmax(0.0, detRaw / p.det)) : 1.0;
    p.conA = p.cC / p.det;
    p.conB = -p.cB / p.det;
    p.conC = p.cA / p.det;
    p.u = fx * rx + cam[CAM_CX];
    p.v = fy * ry + cam[CAM_CY];
    double mid = 0.5 * (p.cA + p.cC);
    double lambda = mid + sqrt(fmax(0.1, mid * mid - p.det));
    p.radius = (int) ceil(3 * sqrt(lambda));
    // (int) truncates toward zero, as the contract's trunc.
    p.tx0 = min(tilesX, max(0, (int) ((p.u - p.radius) / SPLAT_TILE)));
    p.tx1 = min(tilesX, max(0, (int) ((p.u + p.radius + SPLAT_TILE - 1) / SPLAT_TILE)));
    p.ty0 = min(tilesY, max(0, (int) ((p.v - p.radius) / SPLAT_TILE)));
    p.ty1 = min(tilesY, max(0, (int) ((p.v + p.radius + SPLAT_TILE - 1) / SPLAT_TILE)));
    if (p.tx1 <= p.tx0 || p.ty1 <= p.ty0) return false;

    // Colour along the viewing ray.
    double dx = p.mx - cam[CAM_CENTER], dy = p.my - cam[CAM_CENTER + 1], dz = p.mz - cam[CAM_CENTER + 2];
    p.dirLen = sqrt(dx * dx + dy * dy + dz * dz);
    p.dirX = dx / p.dirLen;
    p.dirY = dy / p.dirLen;
    p.dirZ = dz / p.dirLen;
    double basis[16];
    sh_basis(degree, p.dirX, p.dirY, p.dirZ, basis);
    int k = sh_coeffs(degree);
    const float* c = sh + (size_t) i * coeffs * 3;
    double r = 0, g = 0, b = 0;
    for (int j = 0; j < k; j++) {
        r += basis[j] * (double) c[3 * j];
        g += basis[j] * (double) c[3 * j + 1];
        b += basis[j] * (double) c[3 * j + 2];
    }
    p.rawR = r + 0.5;
    p.rawG = g + 0.5;
    p.rawB = b + 0.5;
    p.colR = fmax(0.0, p.rawR);
    p.colG = fmax(0.0, p.rawG);
    p.colB = fmax(0.0, p.rawB);
    p.opacityLogit = opacityLogits[i];
    p.sig = 1 / (1 + exp(-p.opacityLogit));
    p.opacity = p.sig * p.comp;
    p.depth = p.pz;
    return true;
}

// Gradients of the raw parameters, written as float to the SoA outputs of Gaussian i.
// Twin of GaussianProjector.backward; the arguments are dL/d of the projected quantities.
__device__ void project_backward(const Proj& p, int i, int degree, int coeffs, int antialiased,
                                 const double* __restrict__ cam, const float* __restrict__ sh,
                                 double gU, double gV, double gConA, double gConB, double gConC, double gOpac,
                                 double gRed, double gGreen, double gBlue, double gDepth,
                                 float* __restrict__ dMeans, float* __restrict__ dLogScales,
                                 float* __restrict__ dQuats, float* __restrict__ dOpacityLogits,
                                 float* __restrict__ dSh) {
    const double* v = cam + CAM_V00;
    double fx = cam[CAM_FX], fy = cam[CAM_FY];
    // Opacity: o = sigmoid(logit) * comp.
    dOpacityLogits[i] = (float) (gOpac * p.comp * p.sig * (1 - p.sig));
    double gComp = gOpac * p.sig;

    // Colour: max(0, raw) passes the gradient only where raw > 0; SH coefficients and direction.
    double dr = p.rawR > 0 ? gRed : 0, dg = p.rawG > 0 ? gGreen : 0, db = p.rawB > 0 ? gBlue : 0;
    double basis[16];
    sh_basis(degree, p.dirX, p.dirY, p.dirZ, basis);
    int k = sh_coeffs(degree);
    const float* c = sh + (size_t) i * coeffs * 3;
    float* o = dSh + (size_t) i * coeffs * 3;
    double dDir[3] = {0, 0, 0};
    for (int j = 0; j < k; j++) {
        o[3 * j] = (float) (basis[j] * dr);
        o[3 * j + 1] = (float) (basis[j] * dg);
        o[3 * j + 2] = (float) (basis[j] * db);
        double s = (double) c[3 * j] * dr + (double) c[3 * j + 1] * dg + (double) c[3 * j + 2] * db;
        sh_basis_grad_acc(degree, p.dirX, p.dirY, p.dirZ, j, s, dDir);
    }
    for (int j = k; j < coeffs; j++) {
        o[3 * j] = o[3 * j + 1] = o[3 * j + 2] = 0.f; // bands above the degree rendered
    }
    // d normalize(d)/d d = (I - n n^T) / |d|
    double dot = p.dirX * dDir[0] + p.dirY * dDir[1] + p.dirZ * dDir[2];
    double gmx = (dDir[0] - p.dirX * dot) / p.dirLen;
    double gmy = (dDir[1] - p.dirY * dot) / p.dirLen;
    double gmz = (dDir[2] - p.dirZ * dot) / p.dirLen;

    // Conic (C, -B, A)/det -> dilated cov2d (A, B, C).
    double cA = p.cA, cB = p.cB, cC = p.cC, det = p.det;
    double id2 = 1 / (det * det);
    double gA = (-cC * cC * gConA + cB * cC * gConB - cB * cB * gConC) * id2;
    double gB = (2 * cB * cC * gConA - (det + 2 * cB * cB) * gConB + 2 * cA * cB * gConC) * id2;
    double gC = (-cB * cB * gConA + cA * cB * gConB - cA * cA * gConC) * id2;
    if (antialiased && p.comp > 0) {
        double gDetRaw = gComp * 0.5 / (p.comp * det);
        double gDet = -gComp * 0.5 * p.comp / det;
        gA += gDetRaw * (cC - SPLAT_DILATION) + gDet * cC;
        gC += gDetRaw * (cA - SPLAT_DILATION) + gDet * cA;
        gB += -2 * cB * (gDetRaw + gDet);
    }

    // cov2d = T Sigma T^T with G = [[gA, gB/2], [gB/2, gC]]: dL/dSigma = T^T G T, dL/dT = 2 G T Sigma.
    double hb = 0.5 * gB;
    double g0x = gA * p.t00 + hb * p.t10, g0y = gA * p.t01 + hb * p.t11, g0z = gA * p.t02 + hb * p.t12;
    double g1x = hb * p.t00 + gC * p.t10, g1y = hb * p.t01 + gC * p.t11, g1z = hb * p.t02 + gC * p.t12;
    double gs00 = p.t00 * g0x + p.t10 * g1x;
    double gs01 = p.t00 * g0y + p.t10 * g1y;
    double gs02 = p.t00 * g0z + p.t10 * g1z;
    double gs11 = p.t01 * g0y + p.t11 * g1y;
    double gs12 = p.t01 * g0z + p.t11 * g1z;
    double gs22 = p.t02 * g0z + p.t12 * g1z;
    double gt00 = 2 * (g0x * p.s00 + g0y * p.s01 + g0z * p.s02);
    double gt01 = 2 * (g0x * p.s01 + g0y * p.s11 + g0z * p.s12);
    double gt02 = 2 * (g0x * p.s02 + g0y * p.s12 + g0z * p.s22);
    double gt10 = 2 * (g1x * p.s00 + g1y * p.s01 + g1z * p.s02);
    double gt11 = 2 * (g1x * p.s01 + g1y * p.s11 + g1z * p.s12);
    double gt12 = 2 * (g1x * p.s02 + g1y * p.s12 + g1z * p.s22);
    // T = J W: dL/dJ = dL/dT W^T (only the four non-zero entries of J matter).
    double gj00 = gt00 * v[0] + gt01 * v[1] + gt02 * v[2];
    double gj02 = gt00 * v[6] + gt01 * v[7] + gt02 * v[8];
    double gj11 = gt10 * v[3] + gt11 * v[4] + gt12 * v[5];
    double gj12 = gt10 * v[6] + gt11 * v[7] + gt12 * v[8];
    double iz = 1 / p.pz, iz2 = iz * iz;
    double gtx = 0, gty = 0, gtz = 0;
    gtz += -fx * iz2 * gj00 - fy * iz2 * gj11;
    if (p.clampX) {
        gtz += fx * p.rxc * iz2 * gj02;
    } else {
        gtx += -fx * iz2 * gj02;
        gtz += 2 * fx * p.px * iz2 * iz * gj02;
    }
    if (p.clampY) {
        gtz += fy * p.ryc * iz2 * gj12;
    } else {
        gty += -fy * iz2 * gj12;
        gtz += 2 * fy * p.py * iz2 * iz * gj12;
    }
    // Projected mean (unclamped) and depth.
    gtx += gU * fx * iz;
    gty += gV * fy * iz;
    gtz += -gU * fx * p.px * iz2 - gV * fy * p.py * iz2 + gDepth;
    dMeans[3 * i] = (float) (gmx + v[0] * gtx + v[3] * gty + v[6] * gtz);
    dMeans[3 * i + 1] = (float) (gmy + v[1] * gtx + v[4] * gty + v[7] * gtz);
    dMeans[3 * i + 2] = (float) (gmz + v[2] * gtx + v[5] * gty + v[8] * gtz);

    // Sigma = M M^T: dL/dM = 2 dL/dSigma M.
    double gm00 = 2 * (gs00 * p.m00 + gs01 * p.m10 + gs02 * p.m20);
    double gm01 = 2 * (gs00 * p.m01 + gs01 * p.m11 + gs02 * p.m21);
    double gm02 = 2 * (gs00 * p.m02 + gs01 * p.m12 + gs02 * p.m22);
    double gm10 = 2 * (gs01 * p.m00 + gs11 * p.m10 + gs12 * p.m20);
    double gm11 = 2 * (gs01 * p.m01 + gs11 * p.m11 + gs12 * p.m21);
    double gm12 = 2 * (gs01 * p.m02 + gs11 * p.m12 + gs12 * p.m22);
    double gm20 = 2 * (gs02 * p.m00 + gs12 * p.m10 + gs22 * p.m20);
    double gm21 = 2 * (gs02 * p.m01 + gs12 * p.m11 + gs22 * p.m21);
    double gm22 = 2 * (gs02 * p.m02 + gs12 * p.m12 + gs22 * p.m22);
    // M = Rq diag(s): dL/ds_j = sum_i dL/dM_ij Rq_ij; log-scale: times s_j.
    dLogScales[3 * i] = (float) ((gm00 * p.a00 + gm10 * p.a10 + gm20 * p.a20) * p.s0);
    dLogScales[3 * i + 1] = (float) ((gm01 * p.a01 + gm11 * p.a11 + gm21 * p.a21) * p.s1);
    dLogScales[3 * i + 2] = (float) ((gm02 * p.a02 + gm12 * p.a12 + gm22 * p.a22) * p.s2);
    double r00 = gm00 * p.s0, r01 = gm01 * p.s1, r02 = gm02 * p.s2;
    double r10 = gm10 * p.s0, r11 = gm11 * p.s1, r12 = gm12 * p.s2;
    double r20 = gm20 * p.s0, r21 = gm21 * p.s1, r22 = gm22 * p.s2;
    double nw = p.nw, nx = p.nx, ny = p.ny, nz = p.nz;
    double gw = 2 * (-nz * r01 + ny * r02 + nz * r10 - nx * r12 - ny * r20 + nx * r21);
    double gx = 2 * (ny * r01 + nz * r02 + ny * r10 - 2 * nx * r11 - nw * r12 + nz * r20 + nw * r21 - 2 * nx * r22);
    double gy = 2 * (-2 * ny * r00 + nx * r01 + nw * r02 + nx * r10 + nz * r12 - nw * r20 + nz * r21 - 2 * ny * r22);
    double gz = 2 * (-2 * nz * r00 - nw * r01 + nx * r02 + nw * r10 - 2 * nz * r11 + ny * r12 + nx * r20 + ny * r21);
    if (p.qn > 0) {
        // Through the normalisation q/|q|: (g - n (n.g)) / |q|.
        double nd = nw * gw + nx * gx + ny * gy + nz * gz;
        dQuats[4 * i] = (float) ((gw - nw * nd) / p.qn);
        dQuats[4 * i + 1] = (float) ((gx - nx * nd) / p.qn);
        dQuats[4 * i + 2] = (float) ((gy - ny * nd) / p.qn);
        dQuats[4 * i + 3] = (float) ((gz - nz * nd) / p.qn);
    } else {
        dQuats[4 * i] = dQuats[4 * i + 1] = dQuats[4 * i + 2] = dQuats[4 * i + 3] = 0.f;
    }
}
