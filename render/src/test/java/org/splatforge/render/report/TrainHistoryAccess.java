package org.splatforge.render.report;

import org.splatforge.render.train.TrainHistory;
import org.splatforge.render.train.TrainHistoryTesting;

/** Builds histories for report tests. */
final class TrainHistoryAccess {

    private TrainHistoryAccess() {
    }

    static TrainHistory sample(int n) {
        return TrainHistoryTesting.synthetic(n);
    }
}
