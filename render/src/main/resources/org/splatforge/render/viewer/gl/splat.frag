#version 430 core
// Per pixel, exactly the contract's blending term: power from the conic at the pixel
// centre, alpha = min(0.99, opacity*exp(power)), skipped when power > 0 or alpha < 1/255,
// and only inside the Gaussian's tile rectangle (the rasterizer evaluates it nowhere
// else). Output is premultiplied; the blend state (ONE, ONE_MINUS_SRC_ALPHA) drawn back to
// front gives C = sum c_i a_i T_i + T*background, the same sum the rasterizer takes front
// to back (the rasterizer's early stop at T < 1e-4 changes a pixel by at most 1e-4).
flat in vec2 vCentre;
flat in vec3 vConic;
flat in float vOpacity;
flat in vec3 vColour;
flat in vec4 vRect;

uniform float imageHeight;

out vec4 fragColour;

void main() {
    // GL's window y grows upwards; image row i has its centre at y = i + 0.5 from the top.
    vec2 pixel = vec2(gl_FragCoord.x, imageHeight - gl_FragCoord.y);
    if (pixel.x < vRect.x || pixel.x >= vRect.z || pixel.y < vRect.y || pixel.y >= vRect.w) {
        discard;
    }
    vec2 d = vCentre - pixel;
    float power = -0.5 * (vConic.x * d.x * d.x + vConic.z * d.y * d.y) - vConic.y * d.x * d.y;
    if (power > 0.0) {
        discard;
    }
    float alpha = min(0.99, vOpacity * exp(power));
    if (alpha < 1.0 / 255.0) {
        discard;
    }
    fragColour = vec4(vColour * alpha, alpha);
}
