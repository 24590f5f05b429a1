package org.splatforge.render.viewer.sort;

import java.util.Arrays;
import org.splatforge.render.viewer.work.LatestJobWorker;

/**
 * Runs {@link DepthSorter} on its own thread so the render thread never waits for a sort:
 * the render thread posts the newest camera with {@link #request} (it replaces any request
 * not yet started) and picks up the newest finished order with {@link #poll}, drawing with
 * the previous order meanwhile. This is how web and native splat viewers keep frames
 * smooth while the camera moves; the price is an order that lags the camera by a frame or
 * two, which is invisible at interactive speeds.
 *
 * <p>Three {@link Result} buffers rotate (a triple buffer): the render thread owns the one
 * {@link #poll} returned until its next poll, the worker writes another, and the third
 * holds the newest finished order. No side ever waits for the other except in
 * {@link #await}, which headless runs use when a frame must use the exact order for its
 * camera.
 */
public final class SortWorker extends LatestJobWorker {

    /** One finished sort. Owned by the render thread from {@link #poll} to the next poll. */
    public static final class Result {
        int[] order = new int[0];
        int count;
        long requestId;
        long generation;
        int size;
        double sortMillis;

        /** Visible Gaussian indices in ascending depth: {@code order()[0..count())}. */
        public int[] order() {
            return order;
        }

        public int count() {
            return count;
        }

        /** The id {@link #request} returned for the camera this order was sorted for. */
        public long requestId() {
            return requestId;
        }

        /** The scene generation (cloud) whose means were sorted. */
        public long generation() {
            return generation;
        }

        /** Gaussian count of the sorted cloud: every index is below it. */
        public int size() {
            return size;
        }

        /** Wall time of the sort itself on the worker, milliseconds. */
        public double sortMillis() {
            return sortMillis;
        }
    }

    private final DepthSorter sorter = new DepthSorter();

    // Guarded by this.
    private Result front = new Result();
    private Result ready = new Result();
    private Result back = new Result();
    private boolean readyFresh;
    private long publishedId;
    private float[] pendingMeans;
    private int pendingSize;
    private long pendingGeneration;
    private final double[] pendingView = new double[16];
    private long nextId = 1;
    private final double[] lastView = new double[16];
    private float[] lastMeans;
    private long lastGeneration = -1;
    private long sorts;
    // Owned by the worker thread between takeJob and publish.
    private float[] jobMeans;
    private int jobSize;
    private long jobGeneration;
    private long jobId;
    private final double[] jobView = new double[16];
    private Result target;

    public SortWorker() {
        super("splat-view-sort");
    }

    /**
     * Asks for the order of {@code means} seen through {@code viewmat}. Returns at once with
     * the request's id; a request identical to the previous one (same cloud and camera)
     * is not sorted again and returns the previous id.
     *
     * @param means      {@code float[size*3]}, world; must not change while in use (the
     *                   scene-source contract)
     * @param generation identifies the cloud, so results can be matched to uploads
     */
    public synchronized long request(float[] means, int size, long generation, double[] viewmat) {
        check();
        if (means == lastMeans && generation == lastGeneration && Arrays.equals(viewmat, lastView)) {
            return nextId - 1;
        }
        lastMeans = means;
        lastGeneration = generation;
        System.arraycopy(viewmat, 0, lastView, 0, 16);
        pendingMeans = means;
        pendingSize = size;
        pendingGeneration = generation;
        System.arraycopy(viewmat, 0, pendingView, 0, 16);
        submit();
        return nextId++;
    }

    /** The newest finished order not yet taken, or null. Never blocks on a sort. */
    public synchronized Result poll() {
        check();
        if (!readyFresh) {
            return null;
        }
        Result t = front;
        front = ready;
        ready = t;
        readyFresh = false;
        return front;
    }

    /** True when a finished order is waiting to be taken by {@link #poll}. */
    public synchronized boolean hasFresh() {
        return readyFresh;
    }

    /** Waits until the order for request {@code id} (or a newer one) is finished, then takes it. */
    public synchronized Result await(long id) throws InterruptedException {
        awaitUntil(() -> publishedId >= id);
        Result r = poll();
        return r != null ? r : front;
    }

    /** Number of sorts finished so far. */
    public synchronized long sorts() {
        return sorts;
    }

    @Override
    protected void takeJob() {
        jobMeans = pendingMeans;
        jobSize = pendingSize;
        jobGeneration = pendingGeneration;
        System.arraycopy(pendingView, 0, jobView, 0, 16);
        jobId = nextId - 1;
        target = back;
    }

    @Override
    protected void runJob() {
        long t0 = System.nanoTime();
        if (target.order.length < jobSize) {
            target.order = new int[jobSize];
        }
        target.count = sorter.sort(jobMeans, jobSize, jobView, target.order);
        target.sortMillis = (System.nanoTime() - t0) / 1e6;
        target.requestId = jobId;
        target.generation = jobGeneration;
        target.size = jobSize;
    }

    @Override
    protected void publish() {
        back = ready;
        ready = target;
        readyFresh = true;
        publishedId = jobId;
        sorts++;
    }
}
