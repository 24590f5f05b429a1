package org.splatforge.compress.bench;

/**
 * One codec's line in {@code splat bench compress}.
 *
 * @param name          e.g. {@code "sfz medium"}, {@code "spz (splat-transform)"}
 * @param family        {@code "sfz"}, {@code "spz"}, {@code "sog"}, {@code "ply"}: what "at matched PSNR" compares
 * @param bytes         file size, bytes (-1 when the codec did not run)
 * @param gaussians     Gaussians in the decoded scene
 * @param psnr          mean test-view PSNR of the decoded scene, dB
 * @param ssim          mean test-view SSIM of the decoded scene
 * @param encodeSeconds wall time to encode (a peer tool: its whole process)
 * @param decodeSeconds wall time to decode back to a cloud
 * @param note          how it was made, or why it was skipped
 */
public record BenchRow(String name, String family, long bytes, int gaussians, double psnr, double ssim,
                       double encodeSeconds, double decodeSeconds, String note) {

    /** A codec that could not run (tool missing, timed out). */
    public static BenchRow skipped(String name, String family, String why) {
        return new BenchRow(name, family, -1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
    }

    public boolean ran() {
        return bytes >= 0;
    }
}
