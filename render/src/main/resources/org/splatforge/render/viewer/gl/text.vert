#version 430 core
// HUD text and panels: one quad per glyph, positions in framebuffer pixels (y down).
layout(location = 0) in vec2 position;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 colour;
uniform vec2 screenSize;
out vec2 vUv;
out vec4 vColour;
void main() {
    vUv = uv;
    vColour = colour;
    gl_Position = vec4(2.0 * position.x / screenSize.x - 1.0, 1.0 - 2.0 * position.y / screenSize.y, 0.0, 1.0);
}
