package org.splatforge.compress.batch;

/** What happened to one input of a compression job. */
public enum FileStatus {
    /** Compressed in this run. */
    DONE,
    /** The output existed already (a finished earlier run); left as it was. */
    SKIPPED,
    /** Reading, encoding or writing failed; nothing was written under the output name. */
    FAILED;

    /** Lower-case name for manifests. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FileStatus parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
