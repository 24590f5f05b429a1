package org.splatforge.scenes;

/**
 * Size and sampling of a generated dataset. {@link #defaults()} is the demo size: 200 x 200,
 * 60 training and 10 test views, 2 x 2 rays per pixel, seed 0. Tests use
 * {@link #tiny()}: 32 x 32, 8 + 2 views, 1 ray per pixel.
 *
 * @param width      image width, pixels
 * @param height     image height, pixels
 * @param trainViews training views (frames, for a dynamic scene)
 * @param testViews  test views
 * @param samples    rays per pixel along each axis (samples^2 per pixel)
 * @param seed       seeds the camera placement
 */
public record SceneOptions(int width, int height, int trainViews, int testViews, int samples, long seed) {

    public SceneOptions {
        if (width < 1 || height < 1 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("scene image size must be 1..4096 a side, got " + width + "x" + height);
        }
        if (trainViews < 1 || trainViews > 10000 || testViews < 0 || testViews > 10000) {
            throw new IllegalArgumentException("views: train 1..10000, test 0..10000; got " + trainViews + " and " + testViews);
        }
        if (samples < 1 || samples > 16) {
            throw new IllegalArgumentException("samples per pixel axis must be 1..16, got " + samples);
        }
    }

    public static SceneOptions defaults() {
        return new SceneOptions(200, 200, 60, 10, 2, 0);
    }

    public static SceneOptions tiny() {
        return new SceneOptions(32, 32, 8, 2, 1, 0);
    }

    public SceneOptions withSize(int w, int h) {
        return new SceneOptions(w, h, trainViews, testViews, samples, seed);
    }

    public SceneOptions withViews(int train, int test) {
        return new SceneOptions(width, height, train, test, samples, seed);
    }

    public SceneOptions withSamples(int s) {
        return new SceneOptions(width, height, trainViews, testViews, s, seed);
    }

    public SceneOptions withSeed(long s) {
        return new SceneOptions(width, height, trainViews, testViews, samples, s);
    }
}
