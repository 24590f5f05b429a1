#version 430 core
// Projects every Gaussian once per frame, exactly as the rasterization contract says
// (DESIGN.md "Rasterization conventions"; EWA splatting, Zwicker et al. 2002, in the
// 3DGS form of Kerbl et al. 2023): t = R*mean + T, near cull at z <= 0.01, the clamped
// pinhole Jacobian, Cov2D = J W Sigma W^T J^T + 0.3 I, the radius and 16x16 tile
// rectangle, colour = max(0, SH(dir) + 0.5). The splat vertex and fragment shaders read
// the result; one invocation per Gaussian.
layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer Means { float means[]; };
layout(std430, binding = 1) readonly buffer LogScales { float logScales[]; };
layout(std430, binding = 2) readonly buffer Quats { float quats[]; };
layout(std430, binding = 3) readonly buffer Opacities { float opacityLogits[]; };
layout(std430, binding = 4) readonly buffer Sh { float sh[]; };

struct Splat {
    vec4 centre;   // u, v (pixels), opacity, valid (1 or 0)
    vec4 conic;    // inverse Cov2D: a, b, c, unused
    vec4 axes;     // quad half-axes in pixels: axis1.xy, axis2.xy
    vec4 colour;   // r, g, b, unused
    vec4 rect;     // pixels covered by the tile rectangle: [x0, x1) x [y0, y1)
};
layout(std430, binding = 5) writeonly buffer Projected { Splat splats[]; };

uniform int count;
uniform int shCoeffs;     // K of the stored SH, (degree+1)^2
uniform int shDegree;     // degree evaluated (<= stored)
uniform mat3 rotation;    // world-to-camera rotation R
uniform vec3 translation; // world-to-camera translation T
uniform vec4 intrinsics;  // fx, fy, cx, cy (pixels)
uniform vec2 imageSize;   // W, H (pixels)
uniform vec3 cameraCentre;
uniform int antialiased;  // 1: Mip-Splatting / gsplat opacity compensation for the +0.3 dilation

const float SH_C0 = 0.28209479177387814;
const float SH_C1 = 0.4886025119029199;
const float SH_C2[5] = float[](1.0925484305920792, -1.0925484305920792, 0.31539156525252005,
                               -1.0925484305920792, 0.5462742152960396);
const float SH_C3[7] = float[](-0.5900435899266435, 2.890611442640554, -0.4570457994644658,
                               0.3731763325901154, -0.4570457994644658, 1.445305721320277,
                               -0.5900435899266435);

vec3 shCoeff(uint i, int k) {
    uint base = (i * uint(shCoeffs) + uint(k)) * 3u;
    return vec3(sh[base], sh[base + 1u], sh[base + 2u]);
}

// Real spherical harmonics up to degree 3 in the 3DGS / gsplat basis and order.
vec3 evalSh(uint i, vec3 d) {
    vec3 c = SH_C0 * shCoeff(i, 0);
    if (shDegree >= 1) {
        float x = d.x, y = d.y, z = d.z;
        c += -SH_C1 * y * shCoeff(i, 1) + SH_C1 * z * shCoeff(i, 2) - SH_C1 * x * shCoeff(i, 3);
        if (shDegree >= 2) {
            float xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
            c += SH_C2[0] * xy * shCoeff(i, 4)
               + SH_C2[1] * yz * shCoeff(i, 5)
               + SH_C2[2] * (2.0 * zz - xx - yy) * shCoeff(i, 6)
               + SH_C2[3] * xz * shCoeff(i, 7)
               + SH_C2[4] * (xx - yy) * shCoeff(i, 8);
            if (shDegree >= 3) {
                c += SH_C3[0] * y * (3.0 * xx - yy) * shCoeff(i, 9)
                   + SH_C3[1] * xy * z * shCoeff(i, 10)
                   + SH_C3[2] * y * (4.0 * zz - xx - yy) * shCoeff(i, 11)
                   + SH_C3[3] * z * (2.0 * zz - 3.0 * xx - 3.0 * yy) * shCoeff(i, 12)
                   + SH_C3[4] * x * (4.0 * zz - xx - yy) * shCoeff(i, 13)
                   + SH_C3[5] * z * (xx - yy) * shCoeff(i, 14)
                   + SH_C3[6] * x * (xx - 3.0 * yy) * shCoeff(i, 15);
            }
        }
    }
    return c;
}

void invalid(uint i) {
    splats[i].centre = vec4(0.0);
    splats[i].axes = vec4(0.0);
}

void main() {
    uint i = gl_GlobalInvocationID.x;
    if (i >= uint(count)) {
        return;
    }
    vec3 mean = vec3(means[3u * i], means[3u * i + 1u], means[3u * i + 2u]);
    vec3 t = rotation * mean + translation;
    if (!(t.z > 0.01)) {
        invalid(i);
        return;
    }
    float opacity = 1.0 / (1.0 + exp(-opacityLogits[i]));
    if (!(opacity >= 1.0 / 255.0)) { // alpha = opacity*exp(power) <= opacity: never drawn
        invalid(i);
        return;
    }

    // Sigma = M M^T with M = R(q) diag(exp(logScale)), q normalised (zero -> identity).
    vec4 q = vec4(quats[4u * i], quats[4u * i + 1u], quats[4u * i + 2u], quats[4u * i + 3u]);
    float qn = length(q);
    q = qn > 0.0 ? q / qn : vec4(1.0, 0.0, 0.0, 0.0);
    float w = q.x, x = q.y, y = q.z, z = q.w;
    mat3 rq = transpose(mat3(
        1.0 - 2.0 * (y * y + z * z), 2.0 * (x * y - w * z), 2.0 * (x * z + w * y),
        2.0 * (x * y + w * z), 1.0 - 2.0 * (x * x + z * z), 2.0 * (y * z - w * x),
        2.0 * (x * z - w * y), 2.0 * (y * z + w * x), 1.0 - 2.0 * (x * x + y * y)));
    vec3 s = exp(vec3(logScales[3u * i], logScales[3u * i + 1u], logScales[3u * i + 2u]));
    mat3 m = rq * mat3(s.x, 0.0, 0.0, 0.0, s.y, 0.0, 0.0, 0.0, s.z);
    mat3 covCam = rotation * (m * transpose(m)) * transpose(rotation);

    float fx = intrinsics.x, fy = intrinsics.y, cx = intrinsics.z, cy = intrinsics.w;
    float W = imageSize.x, H = imageSize.y;
    float tanX = 0.5 * W / fx, tanY = 0.5 * H / fy;
    float txz = clamp(t.x / t.z, -(cx / fx + 0.3 * tanX), (W - cx) / fx + 0.3 * tanX);
    float tyz = clamp(t.y / t.z, -(cy / fy + 0.3 * tanY), (H - cy) / fy + 0.3 * tanY);
    float tx = txz * t.z, ty = tyz * t.z;
    // J is 2x3; written as the first two columns of a mat3x2 product by hand.
    vec3 j0 = vec3(fx / t.z, 0.0, -fx * tx / (t.z * t.z));
    vec3 j1 = vec3(0.0, fy / t.z, -fy * ty / (t.z * t.z));
    vec3 cj0 = covCam * j0, cj1 = covCam * j1; // covCam is symmetric
    float a = dot(j0, cj0) + 0.3;
    float b = dot(j0, cj1);
    float c = dot(j1, cj1) + 0.3;
    float det = a * c - b * b;
    if (!(det > 0.0)) {
        invalid(i);
        return;
    }
    if (antialiased != 0) { // opacity * sqrt(det(Cov2D - 0.3 I) / det(Cov2D)), as the rasterizer's option
        opacity *= sqrt(max(0.0, ((a - 0.3) * (c - 0.3) - b * b) / det));
        if (!(opacity >= 1.0 / 255.0)) {
            invalid(i);
            return;
        }
    }
    float mid = 0.5 * (a + c);
    float lambdaMax = mid + sqrt(max(0.1, mid * mid - det));
    float radius = ceil(3.0 * sqrt(lambdaMax));
    float u = fx * t.x / t.z + cx, v = fy * t.y / t.z + cy;

    int tilesX = (int(W) + 15) / 16, tilesY = (int(H) + 15) / 16;
    int rx0 = clamp(int((u - radius) / 16.0), 0, tilesX), rx1 = clamp(int((u + radius + 15.0) / 16.0), 0, tilesX);
    int ry0 = clamp(int((v - radius) / 16.0), 0, tilesY), ry1 = clamp(int((v + radius + 15.0) / 16.0), 0, tilesY);
    if (rx1 <= rx0 || ry1 <= ry0) {
        invalid(i);
        return;
    }

    // The quad: the ellipse where alpha >= 1/255, i.e. d^T Cov2D^-1 d <= 2 ln(255 opacity),
    // as an oriented box along the eigenvectors of Cov2D. Every pixel centre inside the
    // ellipse is inside the box, so no margin is needed; the fragment shader decides.
    float k = sqrt(max(0.0, 2.0 * log(255.0 * opacity)));
    float disc = sqrt(max(0.0, mid * mid - det));
    float l1 = mid + disc, l2 = max(mid - disc, 0.0);
    vec2 e1 = abs(b) > 1e-9 ? normalize(vec2(b, l1 - a)) : (a >= c ? vec2(1.0, 0.0) : vec2(0.0, 1.0));
    vec2 e2 = vec2(-e1.y, e1.x);
    vec2 ax1 = e1 * (k * sqrt(l1)), ax2 = e2 * (k * sqrt(l2));

    vec3 dir = normalize(mean - cameraCentre);
    vec3 colour = max(evalSh(i, dir) + 0.5, vec3(0.0));

    splats[i].centre = vec4(u, v, opacity, 1.0);
    splats[i].conic = vec4(c / det, -b / det, a / det, 0.0);
    splats[i].axes = vec4(ax1, ax2);
    splats[i].colour = vec4(colour, 0.0);
    splats[i].rect = vec4(float(rx0 * 16), float(ry0 * 16), float(rx1 * 16), float(ry1 * 16));
}
