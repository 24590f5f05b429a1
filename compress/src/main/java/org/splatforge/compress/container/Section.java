package org.splatforge.compress.container;

/**
 * One section to write: a four-character tag, whether a decoder that does not know the tag
 * must refuse the file ({@code critical}), and the payload bytes.
 */
public record Section(String tag, boolean critical, byte[] payload) {

    public Section {
        SfzFormat.tagBytes(tag);
    }
}
