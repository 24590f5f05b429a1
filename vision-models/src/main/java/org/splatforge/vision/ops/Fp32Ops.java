package org.splatforge.vision.ops;

/**
 * The fp32 operations a ViT executor needs, over device buffers of type {@code B} (a
 * {@code float[]} on the CPU; a device pointer wrapper on CUDA). Offsets and sizes count
 * floats; matrices are row-major with explicit leading dimensions. Implementations decide
 * how to spread work over their device (the CPU one splits rows over
 * {@link org.splatforge.core.runtime.Device#parallelFor}).
 *
 * <p>Rounding contract (so fused and unfused schedules agree bit for bit): {@link #linear}
 * computes each dot product from zero, adds the bias, then adds the old C when
 * {@code accumulate}, then applies GELU row by row when asked.
 */
public interface Fp32Ops<B> {

    /** A zeroed buffer of {@code floats} floats. */
    B alloc(int floats);

    void upload(float[] src, int srcOff, B dst, int dstOff, int count);

    void download(B src, int srcOff, float[] dst, int dstOff, int count);

    /** Workers the device runs in parallel (for per-worker scratch sizing). */
    int workers();

    /**
     * {@code C[rows, n] = (accumulate ? C : 0) + (A[rows, k] W[k, n] + bias[n])}, then GELU
     * (exact, erf) on each row when {@code gelu}.
     */
    void linear(int rows, int n, int k, B a, int aOff, int lda, B w, int wOff, B bias, int biasOff,
                B c, int cOff, int ldc, boolean accumulate, boolean gelu);

    /** Row-wise GELU in place over {@code rows x cols} at stride {@code ld}. */
    void gelu(B x, int off, int rows, int cols, int ld);

    /** {@code c[i] = a[i] + b[i]} for {@code count} values (c may alias a or b). */
    void add(B a, int aOff, B b, int bOff, B c, int cOff, int count);

    /** {@code dst[i] = src[i]} for {@code count} values. */
    void copy(B src, int srcOff, B dst, int dstOff, int count);

    /** LayerNorm over rows of width {@code d}; y may alias x. */
    void layerNorm(B x, int xOff, B y, int yOff, int rows, int d, B gamma, int gOff, B beta, int bOff, float eps);

    /**
     * Multi-head self-attention core for {@code batch} samples of {@code tokens} tokens:
     * {@code qkv: [batch*tokens][3*heads*hd]} (q | k | v), {@code out: [batch*tokens][heads*hd]};
     * per (sample, head) {@code softmax(q k^T * scale) v}. Scores go to
     * {@code scores + scoresOff + slot * tokens * tokens} where {@code slot} is the worker index
     * when {@code perHeadScores} is false (fused: one T x T tile per worker), or
     * {@code sample * heads + head} when true (unfused: the whole score tensor is kept).
     */
    void attention(int batch, int tokens, int heads, int hd, B qkv, int qkvOff, B out, int outOff,
                   B scores, int scoresOff, boolean perHeadScores);

    /**
     * Patch embedding and token assembly for {@code batch} images: {@code patches:
     * [batch*np][pd]}; writes {@code x: [batch*(np+1)][d]} with row 0 of each sample the class
     * token, every row plus the position table {@code pos: [(np+1)][d]}.
     */
    void embed(int batch, int np, int pd, int d, B patches, int pOff, B w, int wOff, B bias, int biasOff,
               B cls, int clsOff, B pos, int posOff, B x, int xOff);
}
