package org.splatforge.compress.codec;

/** Size of one section of an encoded archive: tag, payload bytes. */
public record SectionStat(String tag, int bytes) {
}
