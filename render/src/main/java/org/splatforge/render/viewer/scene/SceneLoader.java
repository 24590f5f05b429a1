package org.splatforge.render.viewer.scene;

import org.splatforge.core.scene.GaussianCloud;

/**
 * Evaluates a {@link SceneSource} on its own thread so that a slow {@code at(t)} (a
 * deformation network over every Gaussian) never holds up a frame: the render thread asks
 * for the newest time with {@link #request} and uploads whatever {@link #poll} hands back,
 * drawing the previous cloud meanwhile. Requests made while one is being evaluated
 * collapse into the newest.
 */
public final class SceneLoader implements AutoCloseable {

    /** A cloud and the time it was evaluated at. */
    public record Frame(GaussianCloud cloud, double time, long requestId) {
    }

    private final SceneSource source;
    private final Thread thread;
    private double pendingTime;
    private boolean pending;
    private long nextId = 1;
    private long publishedId;
    private Frame ready;
    private boolean closed;
    private Throwable failure;
    private double lastTime = Double.NaN;

    public SceneLoader(SceneSource source) {
        this.source = source;
        thread = Thread.ofPlatform().name("splat-view-scene").daemon(true).start(this::loop);
    }

    /** Asks for the cloud at {@code t}; returns the request id (the previous one when t is unchanged). */
    public synchronized long request(double t) {
        check();
        if (t == lastTime) {
            return nextId - 1;
        }
        lastTime = t;
        pendingTime = t;
        pending = true;
        notifyAll();
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
        while (publishedId < id) {
            check();
            if (closed) {
                throw new IllegalStateException("scene loader closed");
            }
            wait(100);
        }
        return poll();
    }

    private void loop() {
        while (true) {
            double t;
            long id;
            synchronized (this) {
                while (!pending && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                t = pendingTime;
                id = nextId - 1;
                pending = false;
            }
            GaussianCloud c;
            try {
                c = source.at(t);
                if (c.size() != source.size()) {
                    throw new IllegalStateException("scene source " + source.name() + " returned " + c.size()
                            + " Gaussians at t=" + t + ", but says it has " + source.size());
                }
            } catch (Throwable e) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                ready = new Frame(c, t, id);
                publishedId = id;
                notifyAll();
            }
        }
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("evaluating scene " + source.name() + " failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
