package org.splatforge.scenes;

/**
 * A scene the project can generate by itself (no download).
 *
 * @param name        what {@code splat scene generate NAME} takes
 * @param description one line for {@code splat scene list}
 * @param dynamic     whether frames carry a time (D-NeRF format)
 */
public record BuiltinScene(String name, String description, boolean dynamic) {
}
