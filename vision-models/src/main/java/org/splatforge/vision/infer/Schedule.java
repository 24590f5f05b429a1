package org.splatforge.vision.infer;

/** How {@link VitExecutor} orders and places its activations. */
public enum Schedule {
    /**
     * Memory-bounded (MCUFormer/MCUNetV2 spirit): the residual stream is the only full-batch
     * tensor and is updated in place; LayerNorm, QKV, attention and the projection run per
     * group of samples, the MLP per chunk of token rows with GELU fused into fc1 and the
     * residual add fused into fc2 and the projection; one T x T score tile per worker.
     * Buffers are placed by {@link org.splatforge.vision.plan.MemoryPlanner}.
     */
    PLANNED,
    /** Op by op, every output in a fresh buffer for the whole batch, nothing reused or fused. */
    NAIVE
}
