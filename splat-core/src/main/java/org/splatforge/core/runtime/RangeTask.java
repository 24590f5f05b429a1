package org.splatforge.core.runtime;

/**
 * A body run over a half-open index range by one worker. {@code worker} is in
 * {@code [0, parallelism)} and is stable for the duration of the call, so a task can keep
 * per-worker scratch (accumulators, sort buffers) without allocating or synchronising.
 */
@FunctionalInterface
public interface RangeTask {
    /**
     * @param start  first index, inclusive
     * @param end    last index, exclusive
     * @param worker index of the worker running this range, in [0, parallelism)
     */
    void run(int start, int end, int worker);
}
