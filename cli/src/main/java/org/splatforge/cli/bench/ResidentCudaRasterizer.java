package org.splatforge.cli.bench;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.cuda.CudaGaussians;
import org.splatforge.render.cuda.CudaGradients;
import org.splatforge.render.cuda.CudaRasterizer;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;

/**
 * For {@code splat bench raster --device cuda}: the CUDA rasterizer as a training step uses it,
 * with the parameters and the loss gradient already on the GPU and the gradients left there
 * ({@link CudaRasterizer#forwardResident}, {@link CudaRasterizer#backwardResident}), behind the
 * {@link Rasterizer} interface so the benchmark's timing loop is shared. Bench-only: the cloud is
 * uploaded on the first forward and assumed unchanged after, and {@code dLdImage} is uploaded on
 * the first backward; the frame's image and per-Gaussian outputs are not downloaded.
 */
final class ResidentCudaRasterizer implements Rasterizer {

    private final CudaRasterizer cuda;
    private final CudaGaussians params;
    private final CudaGradients grads;
    private final DeviceFloats dImage;
    private GaussianCloud uploaded;
    private float[] dImageUploaded;

    ResidentCudaRasterizer(CudaRasterizer cuda) {
        this.cuda = cuda;
        this.params = new CudaGaussians(cuda.device());
        this.grads = new CudaGradients(cuda.device());
        this.dImage = cuda.device().floats("bench dL/dimage", 0);
    }

    @Override
    public String name() {
        return "cuda-resident";
    }

    @Override
    public RasterFrame forward(GaussianCloud cloud, Camera camera, RasterSettings settings, RasterFrame frame) {
        if (uploaded != cloud) {
            params.upload(cloud);
            uploaded = cloud;
        }
        return cuda.forwardResident(cloud, params, camera, settings, frame, false);
    }

    @Override
    public void backward(RasterFrame frame, float[] dLdImage, float[] dLdAlpha, float[] dLdDepth,
                         GaussianGradients out) {
        if (dImageUploaded != dLdImage) {
            int n = frame.width() * frame.height() * 3;
            dImage.ensure(n);
            dImage.upload(dLdImage, 0, 0, n);
            dImageUploaded = dLdImage;
        }
        cuda.backwardResident(frame, dImage, null, null, grads);
    }

    @Override
    public void close() {
        dImage.close();
        grads.close();
        params.close();
    }
}
