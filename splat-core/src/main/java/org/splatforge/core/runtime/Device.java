package org.splatforge.core.runtime;

/**
 * A compute device: where tensors live and kernels run. Both the rasterizer and the ViT
 * kernels are written against this interface, so {@code --device cuda} means the same
 * thing for {@code train}, {@code render} and {@code vision}.
 *
 * <p>A device is an owned native resource: close it when done (the CPU device's close
 * stops its worker threads).
 */
public interface Device extends AutoCloseable {

    /** Short name for logs and JSON, e.g. {@code "cpu"} or {@code "cuda:0"}. */
    String name();

    DeviceKind kind();

    /** One human sentence: what hardware this is and how many workers it uses. */
    String describe();

    /**
     * Number of independent workers for host-side parallel loops. For the CPU device this
     * is the thread count; results that must be deterministic partition work by this.
     */
    int parallelism();

    /**
     * Runs {@code task} over {@code [0, count)} on the host workers, splitting into ranges of
     * about {@code grain} indices handed out dynamically. Returns when every range is done.
     * The order in which ranges run is not defined: a task must write only index-owned or
     * worker-owned outputs.
     */
    void parallelFor(int count, int grain, RangeTask task);

    /**
     * Runs {@code task} over {@code [0, count)} split into exactly {@link #parallelism()}
     * contiguous ranges, range k on worker k. Use this when floating-point results are
     * reduced per worker and must be identical from run to run for a fixed thread count.
     */
    void parallelForStatic(int count, RangeTask task);

    @Override
    void close();
}
