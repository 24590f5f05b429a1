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

flat out vec2 vCentre;
flat out vec3 vConic;
flat out float vOpacity;
flat out vec3 vColour;
flat out vec4 vRect;

void main() {
    int k = instancing != 0 ? gl_InstanceID : gl_VertexID / 4;
    int v = instancing != 0 ? gl_VertexID : gl_VertexID % 4; // strip corner: 0 and 3 are opposite
    Splat s = splats[order[drawCount - 1 - k]];
    vCentre = s.centre.xy;
    vConic = s.conic.xyz;
    vOpacity = s.centre.z;
    vColour = s.colour.rgb;
    vRect = s.rect;
    if (s.centre.w == 0.0) {
        gl_Position = vec4(-2.0, -2.0, 0.0, 1.0); // culled: all four corners coincide, nothing is drawn
        return;
    }
    vec2 corner = vec2(float(v & 1) * 2.0 - 1.0, float(v >> 1) * 2.0 - 1.0);
    vec2 p = s.centre.xy + corner.x * s.axes.xy + corner.y * s.axes.zw;
    // Image pixels (y down, origin top-left) to GL clip space (y up).
    gl_Position = vec4(2.0 * p.x / imageSize.x - 1.0, 1.0 - 2.0 * p.y / imageSize.y, 0.0, 1.0);
}
