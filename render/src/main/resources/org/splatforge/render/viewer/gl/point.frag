#version 430 core
// Per pixel, the contract's blending term (as splat.frag), for a point sprite:
// (dx, dy) = mean2d - pixel centre from gl_FragCoord (pixel centres are exact in float:
// column j + 0.5 and, with GL's y up, row i + 0.5 = H - gl_FragCoord.y), power from the
// conic (pre-scaled by point.comp so that p2 = power*log2(e)), alpha = min(0.99,
// opacity*exp2(p2)), skipped when power > 0, alpha < 1/255 or the pixel is outside the
// Gaussian's tile rectangle. Premultiplied output for the (ONE, ONE_MINUS_SRC_ALPHA)
// blend, drawn back to front.
flat in vec4 vCentreConic;  // u, v (pixels, y down); conic -0.5*log2(e)*a, -log2(e)*b
flat in vec4 vConicColour;  // conic -0.5*log2(e)*c; r, g, b
flat in vec4 vRect;         // tile rectangle, GL window coordinates: x0, y0, x1, y1
flat in float vOpacity;

uniform float imageHeight;

out vec4 fragColour;

void main() {
    vec2 fc = gl_FragCoord.xy;
    float dx = vCentreConic.x - fc.x;
    float dy = vCentreConic.y - (imageHeight - fc.y);
    float p2 = vCentreConic.z * dx * dx + vConicColour.x * dy * dy + vCentreConic.w * dx * dy;
    float alpha = min(0.99, vOpacity * exp2(p2));
    bool keep = all(greaterThan(fc, vRect.xy)) && all(lessThan(fc, vRect.zw)) && p2 <= 0.0 && alpha >= 1.0 / 255.0;
    // A skipped pixel blends a transparent zero (cheaper than discard on llvmpipe; see splat.frag).
    alpha = keep ? alpha : 0.0;
    fragColour = vec4(vConicColour.yzw * alpha, alpha);
}
