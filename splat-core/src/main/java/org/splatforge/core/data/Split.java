package org.splatforge.core.data;

/** A dataset split. NeRF-synthetic files are {@code transforms_<split>.json}. */
public enum Split {
    TRAIN, VAL, TEST;

    /** Lower-case name as used in file names ("train", "val", "test"). */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
