package org.splatforge.compress.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a batch: every input's row (in input order) and where the manifest is.
 *
 * @param rows         one per input, sorted by input path
 * @param manifest     the Arrow IPC manifest
 * @param summary      the readable summary
 * @param failures     the exception of each failed input, by {@link FileResult#file()} (for
 *                     exit codes; the manifest holds the messages)
 */
public record BatchResult(List<FileResult> rows, Path manifest, Path summary, Map<String, Throwable> failures) {

    public long count(FileStatus s) {
        return rows.stream().filter(r -> r.status() == s).count();
    }

    public boolean anyFailed() {
        return count(FileStatus.FAILED) > 0;
    }
}
