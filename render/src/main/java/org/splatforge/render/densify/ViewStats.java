package org.splatforge.render.densify;

import org.splatforge.core.camera.Camera;

/**
 * What a density strategy sees of one training view after the backward pass. Per-Gaussian
 * arrays are indexed as the cloud and hold at least {@code count} entries:
 *
 * <ul>
 *   <li>{@code radii: int[N]}, screen radius in pixels; 0 = culled (not visible)</li>
 *   <li>{@code means2dGrad: float[N*2]}, dL/d(projected mean), pixels. The 3DGS threshold is
 *       in NDC: strategies scale x by W/2 and y by H/2 first.</li>
 *   <li>{@code means2dAbsGrad: float[N*2]} or null, per component the sum of absolute per-pixel
 *       contributions (AbsGS / gsplat {@code absgrad}), pixels</li>
 *   <li>{@code conics: float[N*3]}, (a, b, c) of the inverse dilated 2D covariance, pixels^-2</li>
 *   <li>{@code conicGrads: float[N*3]} or null, dL/d(a, b, c) with the pixel weight
 *       {@code power = -(a dx^2 + c dy^2)/2 - b dx dy} (SteepGS's exact splitting matrix)</li>
 *   <li>{@code opacityLogitGrads: float[N]}, dL/d(opacity logit) of this view alone</li>
 * </ul>
 */
public record ViewStats(Camera camera, int width, int height, int count, int[] radii, float[] means2dGrad,
                        float[] means2dAbsGrad, float[] conics, float[] conicGrads, float[] opacityLogitGrads) {
}
