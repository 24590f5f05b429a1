package org.splatforge.compress.batch;

/** Progress of a {@link BatchCompressor} run (called from worker threads, one call at a time). */
public interface BatchListener {

    /**
     * @param total   inputs found
     * @param skipped of which already done (outputs present)
     */
    default void started(int total, int skipped) {
    }

    /** A file finished (done or failed); {@code finished} of {@code toDo} are through. */
    default void finished(FileResult r, int finished, int toDo) {
    }
}
