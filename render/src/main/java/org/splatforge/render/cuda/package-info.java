/**
 * The CUDA backend of the rasterizer and the training step (issue 9): kernels in
 * {@code render/src/main/cuda} (PTX at package time where nvcc exists, NVRTC otherwise),
 * driven through splat-core's {@code cuda} device.
 *
 * <ul>
 *   <li>{@link org.splatforge.render.cuda.CudaRasterizer}: the {@code Rasterizer} contract on the GPU,
 *       plus resident forward/backward for training</li>
 *   <li>{@link org.splatforge.render.cuda.CudaGaussians}, {@link org.splatforge.render.cuda.CudaGradients}:
 *       parameters and gradients kept on the device</li>
 *   <li>{@link org.splatforge.render.cuda.CudaAdam}, {@link org.splatforge.render.cuda.CudaDensifyStats}:
 *       the optimizer step and the densification statistics on the device</li>
 *   <li>{@link org.splatforge.render.cuda.TileKeys}, {@link org.splatforge.render.cuda.ScanPlan},
 *       {@link org.splatforge.render.cuda.RadixSortPlan}, {@link org.splatforge.render.cuda.CudaRasterPlan},
 *       {@link org.splatforge.render.cuda.CudaCamera}: host-side arithmetic, tested without a GPU</li>
 * </ul>
 */
package org.splatforge.render.cuda;
