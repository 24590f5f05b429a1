#version 430 core
// Glyph coverage from the font atlas (red channel); uv < 0 marks a solid panel quad.
in vec2 vUv;
in vec4 vColour;
uniform sampler2D atlas;
out vec4 fragColour;
void main() {
    float coverage = vUv.x < 0.0 ? 1.0 : texture(atlas, vUv).r;
    fragColour = vec4(vColour.rgb, vColour.a * coverage);
}
