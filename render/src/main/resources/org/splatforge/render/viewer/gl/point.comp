#version 430 core
// The software-GL path (PointSplats): one point sprite per draw slot, written as vertex
// data in drawing order. Slot k (back to front) shows the Gaussian order[drawCount-1-k]
// (the order is ascending depth from the CPU sort). The sprite is the smallest pixel-aligned
// square that covers every pixel where the Gaussian can reach alpha >= 1/255 inside its
// tile rectangle: the bounding box of that ellipse (project.comp), cut to the rectangle.
// One point instead of a two-triangle quad halves what Mesa's llvmpipe spends per splat
// on vertex processing, triangle setup and binning (measured in issue 7), and all of the
// per-splat work here runs on llvmpipe's compute threads instead of the GL thread.
//
// A square wider than the driver's largest point size cannot be a sprite: its slot is
// listed in Oversize (when there is room) and the renderer draws it as a quad in order.
layout(local_size_x = 256) in;

struct Splat {
    vec4 centre;   // u, v (pixels), opacity, valid (1 or 0)
    vec4 conic;    // a, b, c of inverse Cov2D; half-width of the alpha >= 1/255 bounding box
    vec4 axes;
    vec4 colour;   // r, g, b; half-height of that bounding box
    vec4 rect;     // tile rectangle in pixels: [x0, x1) x [y0, y1)
};
layout(std430, binding = 5) readonly buffer Projected { Splat splats[]; };
layout(std430, binding = 6) readonly buffer Order { uint order[]; };

struct Point {
    vec4 posSize;      // clip-space centre x, y; side (pixels); opacity
    vec4 centreConic;  // u, v (pixels, y down); -0.5*log2(e)*a, -log2(e)*b (conic a, b pre-scaled)
    vec4 conicColour;  // -0.5*log2(e)*c; r, g, b
    vec4 rect;         // tile rectangle in GL window coordinates (y up): x0, y0, x1, y1
};
layout(std430, binding = 7) writeonly buffer Points { Point points[]; };
layout(std430, binding = 8) buffer Oversize { uint oversizeCount; uint oversizeSlots[]; };

uniform int drawCount;
uniform vec2 imageSize;      // W, H (pixels)
uniform float maxPointSize;  // GL_POINT_SIZE_RANGE's upper end
uniform uint oversizeCapacity;

void skip(uint k) {
    points[k].posSize = vec4(-2.0, -2.0, 1.0, 0.0); // outside the clip volume: culled before setup
}

void main() {
    uint k = gl_GlobalInvocationID.x;
    if (k >= uint(drawCount)) {
        return;
    }
    Splat s = splats[order[uint(drawCount) - 1u - k]];
    if (s.centre.w == 0.0) {
        skip(k);
        return;
    }
    vec2 centre = s.centre.xy, halfExt = vec2(s.conic.w, s.colour.w);
    // Pixels (column j, row i) whose centres (j + 0.5, i + 0.5) lie in the bounding box, in the
    // tile rectangle and in the image (GL discards a point whose centre is off screen, so the
    // square must be centred on screen).
    vec2 lo = max(ceil(centre - halfExt - 0.5), max(s.rect.xy, vec2(0.0)));
    vec2 hi = min(floor(centre + halfExt - 0.5), min(s.rect.zw, imageSize) - 1.0);
    vec2 n = hi - lo + 1.0;
    if (!(n.x >= 1.0 && n.y >= 1.0)) {
        skip(k);
        return;
    }
    float side = max(n.x, n.y);
    if (side > maxPointSize) {
        uint slot = atomicAdd(oversizeCount, 1u);
        if (slot < oversizeCapacity) {
            oversizeSlots[slot] = k;
        }
        skip(k);
        return;
    }
    // The square [o, o + side)^2 with integer edges holds the pixel range (its shorter side
    // grows towards the middle of the image, which keeps the centre at least half a pixel
    // inside); pixel centres sit half a pixel from its edges, so rounding in the viewport
    // transform never flips coverage.
    vec2 grow = side - n;
    vec2 o = lo - mix(floor(0.5 * grow), ceil(0.5 * grow), greaterThan(lo + 0.5 * n, 0.5 * imageSize));
    vec2 c = o + 0.5 * side;
    float W = imageSize.x, H = imageSize.y;
    points[k].posSize = vec4(2.0 * c.x / W - 1.0, 1.0 - 2.0 * c.y / H, side, s.centre.z);
    // power*log2(e) = P.x*dx^2 + P.z*dy^2 + P.y*dx*dy, so point.frag needs one exp2 and no
    // other scaling (exp(x) is exp2(x*log2(e)) inside the driver anyway).
    const float LOG2E = 1.4426950408889634;
    vec3 p = s.conic.xyz * vec3(-0.5 * LOG2E, -LOG2E, -0.5 * LOG2E);
    points[k].centreConic = vec4(centre, p.xy);
    points[k].conicColour = vec4(p.z, s.colour.rgb);
    points[k].rect = vec4(s.rect.x, H - s.rect.w, s.rect.z, H - s.rect.y);
}
