package org.splatforge.vision.eval;

import org.splatforge.vision.data.ImageSet;

/**
 * Top-1 accuracy and the confusion matrix of a {@link Classifier} on a labelled set:
 * {@code confusion[true][predicted]} counts.
 */
public record Evaluation(int count, int correct, int[][] confusion) {

    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }

    /** Evaluates the first {@code limit} images (0 = all) in batches of {@code batch}. */
    public static Evaluation run(Classifier model, ImageSet set, int batch, int limit) {
        int n = limit > 0 ? Math.min(limit, set.count()) : set.count();
        int k = model.classes();
        if (model.pixels() != set.pixelsPerImage()) {
            throw new IllegalArgumentException("the model takes " + model.pixels() + " pixels per image, the data set has "
                    + set.pixelsPerImage());
        }
        int[][] conf = new int[k][k];
        double[] logits = new double[batch * k];
        int correct = 0;
        for (int s = 0; s < n; s += batch) {
            int m = Math.min(batch, n - s);
            model.logits(set.pixels(), s * set.pixelsPerImage(), m, logits);
            for (int i = 0; i < m; i++) {
                int pred = argmax(logits, i * k, k);
                int truth = set.label(s + i);
                if (truth < k) {
                    conf[truth][pred]++;
                }
                correct += pred == truth ? 1 : 0;
            }
        }
        return new Evaluation(n, correct, conf);
    }

    public static int argmax(double[] v, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
