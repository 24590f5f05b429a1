package org.splatforge.vision.eval;

import org.splatforge.core.runtime.Device;
import org.splatforge.vision.infer.Schedule;
import org.splatforge.vision.infer.VitExecutor;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.ops.CpuFp32Ops;
import org.splatforge.vision.quant.QuantizedVit;
import org.splatforge.vision.quant.integer.IntVitExecutor;

/**
 * A model that maps 8-bit CHW images to class logits: the fp32 executor or the integer-only
 * one behind one interface, for evaluation, classification and benchmarks.
 */
public interface Classifier {

    int classes();

    /** Pixels per image ({@code C*H*W}). */
    int pixels();

    /** Logits {@code [n][classes]} of {@code n} images at {@code pixels[off...]}, as real numbers. */
    void logits(byte[] pixels, int off, int n, double[] out);

    /** The fp32 path (planned schedule). */
    static Classifier fp32(VitWeights w, Device device) {
        VitExecutor<float[]> ex = new VitExecutor<>(new CpuFp32Ops(device), w);
        return new Classifier() {
            private float[] buf = new float[0];

            @Override
            public int classes() {
                return w.config.classes();
            }

            @Override
            public int pixels() {
                return w.config.pixels();
            }

            @Override
            public void logits(byte[] pixels, int off, int n, double[] out) {
                if (buf.length < n * classes()) {
                    buf = new float[n * classes()];
                }
                ex.forward(pixels, off, n, Schedule.PLANNED, buf);
                for (int i = 0; i < n * classes(); i++) {
                    out[i] = buf[i];
                }
            }
        };
    }

    /** The integer-only path; logits scaled back to real numbers for reporting only. */
    static Classifier int8(QuantizedVit q, Device device) {
        IntVitExecutor ex = new IntVitExecutor(q.model(), device);
        return new Classifier() {
            private int[] buf = new int[0];

            @Override
            public int classes() {
                return q.model().classes;
            }

            @Override
            public int pixels() {
                return q.model().channels * q.model().imageSize * q.model().imageSize;
            }

            @Override
            public void logits(byte[] pixels, int off, int n, double[] out) {
                if (buf.length < n * classes()) {
                    buf = new int[n * classes()];
                }
                ex.forward(pixels, off, n, buf);
                for (int i = 0; i < n * classes(); i++) {
                    out[i] = buf[i] * q.logitScale();
                }
            }
        };
    }
}
