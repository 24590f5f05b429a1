package org.splatforge.render.viewer.scene;

import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.viewer.work.LatestJobWorker;

/**
 * Evaluates a {@link SceneSource} on its own thread so that a slow {@code at(t)} (a
 * deformation network over every Gaussian) never holds up a frame: the render thread asks
 * for the newest time with {@link #request} and uploads whatever {@link #poll} hands back,
 * drawing the previous cloud meanwhile. Requests made while one is being evaluated
 * collapse into the newest.
 */
public final class SceneLoader extends LatestJobWorker {

    /** A cloud and the time it was evaluated at. */
    public record Frame(GaussianCloud cloud, double time, long requestId) {
    }

    private final SceneSource source;
    // Guarded by this.
    private double pendingTime;
    private long nextId = 1;
    private long publishedId;
    private Frame ready;
    private double lastTime = Double.NaN;
    // Owned by the worker thread.
    private double jobTime;
    private long jobId;
    private GaussianCloud result;

    public SceneLoader(SceneSource source) {
        super("splat-view-scene");
        this.source = source;
    }

    /** Asks for the cloud at {@code t}; returns the request id (the previous one when t is unchanged). */
    public synchronized long request(double t) {
        check();
        if (t == lastTime) {
            return nextId - 1;
        }
        lastTime = t;
        pendingTime = t;
        submit();
        return nextId++;
    }

    /** The newest evaluated cloud not yet taken, or null. */
    public synchronized Frame poll() {
        check();
        Frame f = ready;
        ready = null;
        return f;
    }

    /** True when an evaluated cloud is waiting to be taken by {@link #poll}. */
    public synchronized boolean hasReady() {
        return ready != null;
    }

    /** Waits for the cloud of request {@code id} or a newer one; null if it was already taken. */
    public synchronized Frame await(long id) throws InterruptedException {
        awaitUntil(() -> publishedId >= id);
        return poll();
    }

    @Override
    protected void takeJob() {
        jobTime = pendingTime;
        jobId = nextId - 1;
    }

    @Override
    protected void runJob() {
        GaussianCloud c = source.at(jobTime);
        if (c.size() != source.size()) {
            throw new IllegalStateException("scene source " + source.name() + " returned " + c.size()
                    + " Gaussians at t=" + jobTime + ", but says it has " + source.size());
        }
        result = c;
    }

    @Override
    protected void publish() {
        ready = new Frame(result, jobTime, jobId);
        publishedId = jobId;
        result = null;
    }
}
