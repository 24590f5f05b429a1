#version 430 core
// Per pixel, exactly the contract's blending term: power from the conic at the pixel
// centre, alpha = min(0.99, opacity*exp(power)), skipped when power > 0 or alpha < 1/255,
// and only inside the Gaussian's tile rectangle (the rasterizer evaluates it nowhere
// else). Output is premultiplied; the blend state (ONE, ONE_MINUS_SRC_ALPHA) drawn back to
// front gives C = sum c_i a_i T_i + T*background, the same sum the rasterizer takes front
// to back (the rasterizer's early stop at T < 1e-4 changes a pixel by at most 1e-4).
noperspective in vec2 vOffset;
flat in vec3 vConic;
flat in vec4 vColourOpacity;

out vec4 fragColour;

void main() {
    vec2 d = vOffset; // mean2d - pixel centre, interpolated (exact: linear over the quad)
    float power = -0.5 * (vConic.x * d.x * d.x + vConic.z * d.y * d.y) - vConic.y * d.x * d.y;
    float alpha = min(0.99, vColourOpacity.a * exp(power));
    // A skipped pixel blends a transparent zero, which leaves the buffer exactly as it was;
    // cheaper than discard on llvmpipe (measured: 3-10% per frame).
    alpha = (power > 0.0 || alpha < 1.0 / 255.0) ? 0.0 : alpha;
    fragColour = vec4(vColourOpacity.rgb * alpha, alpha);
}
