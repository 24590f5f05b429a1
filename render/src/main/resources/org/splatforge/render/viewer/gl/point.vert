#version 430 core
// Point sprites from point.comp's vertex data: a pass-through, so that llvmpipe's GL thread
// does no more per splat than fetch, clip test and point setup.
layout(location = 0) in vec4 aPosSize;
layout(location = 1) in vec4 aCentreConic;
layout(location = 2) in vec4 aConicColour;
layout(location = 3) in vec4 aRect;

flat out vec4 vCentreConic;
flat out vec4 vConicColour;
flat out vec4 vRect;
flat out float vOpacity;

void main() {
    vCentreConic = aCentreConic;
    vConicColour = aConicColour;
    vRect = aRect;
    vOpacity = aPosSize.w;
    gl_PointSize = aPosSize.z;
    gl_Position = vec4(aPosSize.xy, 0.0, 1.0);
}
