package org.splatforge.render.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.render.checkpoint.CheckpointData;

/**
 * The curves of a run, for the report and the metrics file: per iteration (index
 * {@code it - 1}) the loss, the training view's PSNR and the Gaussian count; per
 * evaluation the iteration, mean test PSNR and SSIM and the count. Checkpointed, so a
 * resumed run's report covers the whole run.
 */
public final class TrainHistory {

    private float[] loss = new float[1024];
    private float[] trainPsnr = new float[1024];
    private int[] count = new int[1024];
    private int size;
    private final List<double[]> evals = new ArrayList<>(); // {iteration, psnr, ssim, count}

    void add(StepResult r) {
        if (size == loss.length) {
            loss = Arrays.copyOf(loss, size * 2);
            trainPsnr = Arrays.copyOf(trainPsnr, size * 2);
            count = Arrays.copyOf(count, size * 2);
        }
        loss[size] = (float) r.loss();
        trainPsnr[size] = (float) r.trainPsnr();
        count[size] = r.gaussians();
        size++;
    }

    void addEval(EvalResult e) {
        evals.add(new double[] {e.iteration(), e.psnr(), e.ssim(), e.gaussians()});
    }

    /** Iterations recorded (1..size). */
    public int size() {
        return size;
    }

    public float[] loss() {
        return Arrays.copyOf(loss, size);
    }

    public float[] trainPsnr() {
        return Arrays.copyOf(trainPsnr, size);
    }

    public int[] gaussians() {
        return Arrays.copyOf(count, size);
    }

    /** Evaluations, each {iteration, psnr, ssim, gaussians}. */
    public List<double[]> evals() {
        return List.copyOf(evals);
    }

    void save(CheckpointData out) {
        out.put("history/loss", loss());
        out.put("history/trainPsnr", trainPsnr());
        out.put("history/gaussians", gaussians());
        double[] ev = new double[evals.size() * 4];
        for (int i = 0; i < evals.size(); i++) {
            System.arraycopy(evals.get(i), 0, ev, i * 4, 4);
        }
        out.put("history/evals", ev);
    }

    void load(CheckpointData in, int iterations) throws CorruptDataException {
        loss = in.floats("history/loss", iterations);
        trainPsnr = in.floats("history/trainPsnr", iterations);
        count = in.ints("history/gaussians", iterations);
        size = iterations;
        if (size == 0) {
            loss = new float[16];
            trainPsnr = new float[16];
            count = new int[16];
        }
        double[] ev = in.doubles("history/evals", -1);
        if (ev.length % 4 != 0) {
            throw CorruptDataException.field(in.source(), "history/evals", "length " + ev.length + " is not a multiple of 4");
        }
        evals.clear();
        for (int i = 0; i < ev.length; i += 4) {
            evals.add(Arrays.copyOfRange(ev, i, i + 4));
        }
    }
}
