package org.splatforge.render.dynamic;

/**
 * Gradients of a loss with respect to a {@link DeformationField}'s parameters:
 * {@code planes: float[layout.size()]} and {@code mlp: float[mlpSize]}, same layouts as the
 * field's arrays. Overwritten by {@link DeformationField#backward}.
 */
public final class FieldGradients {

    private final float[] planes;
    private final float[] mlp;

    public FieldGradients(DeformationField field) {
        planes = new float[field.planes().length];
        mlp = new float[field.mlp().length];
    }

    public float[] planes() {
        return planes;
    }

    public float[] mlp() {
        return mlp;
    }
}
