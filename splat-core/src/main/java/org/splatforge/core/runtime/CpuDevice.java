package org.splatforge.core.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU device: a fixed set of worker threads that the calling thread joins, so a
 * parallel loop costs a wake-up rather than a task allocation. Worker 0 is always the
 * caller. Calls are not re-entrant: a task must not start another parallel loop on the same
 * device (nested loops run sequentially on the caller instead, see {@link #parallelFor}).
 */
public final class CpuDevice implements Device {

    private final int threads;
    private final Thread[] workers;
    private final Object lock = new Object();

    // One job at a time; workers read these after seeing a new generation.
    private volatile long generation;
    private volatile boolean closed;
    private RangeTask job;
    private int jobCount;
    private int jobGrain;
    private boolean jobStatic;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Throwable failure;
    private volatile Thread owner;

    /** A device using every available processor. */
    public CpuDevice() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads worker count including the caller, at least 1 */
    public CpuDevice(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int w = 1; w < threads; w++) {
            Thread t = new Worker(this, w);
            t.setDaemon(true);
            workers[w - 1] = t;
            t.start();
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.CPU;
    }

    @Override
    public String describe() {
        return "CPU, " + threads + " thread" + (threads == 1 ? "" : "s") + ", Vector API "
                + VectorSupport.describe();
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void parallelFor(int count, int grain, RangeTask task) {
        run(count, Math.max(1, grain), false, task);
    }

    @Override
    public void parallelForStatic(int count, RangeTask task) {
        run(count, 1, true, task);
    }

    private void run(int count, int grain, boolean isStatic, RangeTask task) {
        if (count <= 0) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("CPU device is closed");
        }
        Thread me = Thread.currentThread();
        // Single thread, tiny loops and nested calls run inline: waking workers costs more.
        boolean nested = owner == me || (me instanceof Worker w && w.device == this);
        if (threads == 1 || nested || (!isStatic && count <= grain)) {
            if (isStatic) {
                for (int w = 0; w < threads; w++) {
                    int s = staticStart(count, w), e = staticStart(count, w + 1);
                    if (s < e) {
                        task.run(s, e, w);
                    }
                }
            } else {
                task.run(0, count, 0);
            }
            return;
        }
        synchronized (this) { // one parallel loop at a time per device
            owner = me;
            try {
                job = task;
                jobCount = count;
                jobGrain = grain;
                jobStatic = isStatic;
                failure = null;
                nextChunk.set(0);
                pending.set(threads - 1);
                synchronized (lock) {
                    generation++;
                    lock.notifyAll();
                }
                work(0);
                // Spin briefly (workers usually finish together), then park so that an
                // oversubscribed machine does not lose a core to the waiting caller. The last
                // worker to finish unparks us; park's permit covers an unpark that came first.
                long spinUntil = System.nanoTime() + 20_000;
                while (pending.get() > 0) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                job = null;
                Throwable f = failure;
                if (f != null) {
                    if (f instanceof RuntimeException re) {
                        throw re;
                    }
                    if (f instanceof Error err) {
                        throw err;
                    }
                    throw new RuntimeException(f);
                }
            } finally {
                owner = null;
            }
        }
    }

    private int staticStart(int count, int worker) {
        return (int) ((long) count * worker / threads);
    }

    private void work(int worker) {
        RangeTask t = job;
        int count = jobCount;
        try {
            if (jobStatic) {
                int s = staticStart(count, worker), e = staticStart(count, worker + 1);
                if (s < e) {
                    t.run(s, e, worker);
                }
            } else {
                int grain = jobGrain;
                int chunks = (count + grain - 1) / grain;
                for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                    int s = c * grain;
                    t.run(s, Math.min(count, s + grain), worker);
                }
            }
        } catch (Throwable e) {
            failure = e;
            nextChunk.set(Integer.MAX_VALUE / 2); // stop handing out chunks
        }
    }

    private void workerLoop(int worker) {
        long seen = 0;
        while (true) {
            // Spin briefly (loops come back to back in training), then block.
            long spinUntil = System.nanoTime() + 50_000;
            while (generation == seen && !closed && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            if (generation == seen && !closed) {
                synchronized (lock) {
                    while (generation == seen && !closed) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // Only close() stops a worker.
                        }
                    }
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            work(worker);
            if (pending.decrementAndGet() == 0) {
                Thread waiting = owner;
                if (waiting != null) {
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    /** A worker thread of one device; lets nested loops on that device be detected and run inline. */
    private static final class Worker extends Thread {
        final CpuDevice device;

        private final int index;

        Worker(CpuDevice device, int index) {
            super("splat-cpu-" + index);
            this.device = device;
            this.index = index;
        }

        @Override
        public void run() {
            device.workerLoop(index);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }
}
