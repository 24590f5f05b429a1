package org.splatforge.render.viewer.work;

import java.util.function.BooleanSupplier;

/**
 * A daemon thread that runs only the newest job: the render thread posts jobs faster than
 * they may finish, a job posted while another waits replaces it, and results are picked
 * up without waiting. Subclasses keep the job's inputs and results; this class owns the
 * thread, the lock (the object's monitor), the hand-off and failure reporting: a job that
 * throws stops the worker and every later call rethrows its failure, naming it.
 *
 * <p>Protocol for subclasses: under {@code synchronized (this)} store the job's inputs and
 * call {@link #submit()}; {@link #takeJob()} (called under the lock) copies them out;
 * {@link #runJob()} (called outside the lock) does the work; {@link #publish()} (under the
 * lock) makes the result visible.
 */
public abstract class LatestJobWorker implements AutoCloseable {

    private final String name;
    private Thread thread;
    private boolean pending;
    private boolean closed;
    private Throwable failure;

    protected LatestJobWorker(String name) {
        this.name = name;
    }

    /** Copies the pending job's inputs for {@link #runJob()}; called with the lock held. */
    protected abstract void takeJob();

    /** Does the work of the job last taken; called without the lock. */
    protected abstract void runJob() throws Exception;

    /** Makes the finished job's result visible; called with the lock held. */
    protected abstract void publish();

    /** Marks a job as pending (replacing any not yet started). Call with the lock held. */
    protected final void submit() {
        check();
        pending = true;
        if (thread == null) {
            thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
        }
        notifyAll();
    }

    /** Rethrows a job's failure. */
    protected final void check() {
        if (failure != null) {
            throw new IllegalStateException(name + " failed: " + failure, failure);
        }
    }

    /** Waits (holding the lock between checks) until {@code done} holds; rethrows failures. */
    protected final synchronized void awaitUntil(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            check();
            if (closed) {
                throw new IllegalStateException(name + " closed");
            }
            wait(100);
        }
    }

    private void loop() {
        while (true) {
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
                pending = false;
                takeJob();
            }
            try {
                runJob();
            } catch (Throwable t) {
                synchronized (this) {
                    failure = t;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                publish();
                notifyAll();
            }
        }
    }

    /** Stops the thread after the job in progress, if any. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
            notifyAll();
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
