#version 430 core
// One screen-space quad per visible Gaussian (from project.comp), drawn back to front:
// quad k takes the Gaussian order[drawCount-1-k], the order being ascending depth from the
// CPU sort. Two ways to issue the quads, the same shader for both:
//  - instanced (instancing = 1): instance k, four vertices as a triangle strip;
//  - pulled (instancing = 0): one indexed, non-instanced draw of 4 vertices per quad
//    (two triangles through a static index buffer), k = gl_VertexID / 4. Mesa's
//    llvmpipe runs the vertex shader about a third cheaper this way.
struct Splat {
    vec4 centre;
    vec4 conic;
    vec4 axes;
    vec4 colour;
    vec4 rect;
};
layout(std430, binding = 5) readonly buffer Projected { Splat splats[]; };
layout(std430, binding = 6) readonly buffer Order { uint order[]; };

uniform int drawCount;
uniform int instancing;
uniform vec2 imageSize;

out float gl_ClipDistance[4];

// Few varyings on purpose: a software rasterizer interpolates every component of every
// varying for every pixel, so the offset from the centre is interpolated (it is linear
// across the quad, so exact at pixel centres) and the tile rectangle becomes four clip
// distances (GL clips the quad to it) instead of four flat values tested per pixel.
noperspective out vec2 vOffset;   // mean2d - position, pixels
flat out vec3 vConic;
flat out vec4 vColourOpacity;

void main() {
    int k = instancing != 0 ? gl_InstanceID : gl_VertexID / 4;
    int v = instancing != 0 ? gl_VertexID : gl_VertexID % 4; // strip corner: 0 and 3 are opposite
    Splat s = splats[order[drawCount - 1 - k]];
    vConic = s.conic.xyz;
    vColourOpacity = vec4(s.colour.rgb, s.centre.z);
    if (s.centre.w == 0.0) {
        gl_Position = vec4(-2.0, -2.0, 0.0, 1.0); // culled: all four corners coincide, nothing is drawn
        vOffset = vec2(0.0);
        for (int c = 0; c < 4; c++) {
            gl_ClipDistance[c] = -1.0;
        }
        return;
    }
    vec2 corner = vec2(float(v & 1) * 2.0 - 1.0, float(v >> 1) * 2.0 - 1.0);
    vec2 offset = corner.x * s.axes.xy + corner.y * s.axes.zw;
    vec2 p = s.centre.xy + offset;
    vOffset = -offset;
    // The rasterizer evaluates a Gaussian only inside its tile rectangle [x0, x1) x [y0, y1);
    // pixel centres (j + 0.5) never lie on its edges (multiples of 16), so clipping is exact.
    gl_ClipDistance[0] = p.x - s.rect.x;
    gl_ClipDistance[1] = s.rect.z - p.x;
    gl_ClipDistance[2] = p.y - s.rect.y;
    gl_ClipDistance[3] = s.rect.w - p.y;
    // Image pixels (y down, origin top-left) to GL clip space (y up).
    gl_Position = vec4(2.0 * p.x / imageSize.x - 1.0, 1.0 - 2.0 * p.y / imageSize.y, 0.0, 1.0);
}
