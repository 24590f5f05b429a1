package org.splatforge.render.train;

import java.util.List;

/** Test helper: a synthetic history (the recording methods are package-private). */
public final class TrainHistoryTesting {

    private TrainHistoryTesting() {
    }

    public static TrainHistory synthetic(int n) {
        TrainHistory h = new TrainHistory();
        for (int i = 1; i <= n; i++) {
            h.add(new StepResult(i, 0.2 / Math.sqrt(i), 15 + 10 * (1 - Math.exp(-i / 100.0)), 1000 + i * 3, null));
            if (i % 100 == 0) {
                h.addEval(EvalResult.of(i, 1000 + i * 3, List.of(new ViewMetrics("v", 20 + i / 50.0, 0.9)), 0.1));
            }
        }
        return h;
    }
}
