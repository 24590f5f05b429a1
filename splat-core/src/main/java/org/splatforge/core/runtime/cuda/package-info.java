/**
 * The {@code cuda} device of the shared runtime (DESIGN.md "One runtime for splats and ViTs"):
 * LWJGL's CUDA driver API and NVRTC bindings behind {@link org.splatforge.core.runtime.Device}.
 *
 * <ul>
 *   <li>{@link org.splatforge.core.runtime.cuda.CudaDevice}: context, stream, pinned staging, modules</li>
 *   <li>{@link org.splatforge.core.runtime.cuda.DeviceBuffer} and its typed subclasses: device memory, one owner</li>
 *   <li>{@link org.splatforge.core.runtime.cuda.ModuleLoader}: packaged PTX or NVRTC from packaged sources</li>
 *   <li>{@link org.splatforge.core.runtime.cuda.CudaKernel}, {@link org.splatforge.core.runtime.cuda.KernelArgs},
 *       {@link org.splatforge.core.runtime.cuda.LaunchGeometry}: launches</li>
 *   <li>{@link org.splatforge.core.runtime.cuda.CudaCheck}: the one check of every CUresult / nvrtcResult</li>
 *   <li>{@link org.splatforge.core.runtime.cuda.CudaDeviceProvider}: the ServiceLoader hook; says why CUDA is unavailable</li>
 * </ul>
 */
package org.splatforge.core.runtime.cuda;
