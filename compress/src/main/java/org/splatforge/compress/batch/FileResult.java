package org.splatforge.compress.batch;

/**
 * One row of a compression manifest. Quality fields are {@code NaN} when no views were
 * given (or the file failed); counts and sizes are -1 when unknown (a failed read).
 *
 * @param file          input, relative to the batch's input folder (or as given)
 * @param output        output archive, relative to the batch's output folder (or as given)
 * @param status        done, skipped or failed
 * @param error         why it failed (file, offset or field, and what was expected), or null
 * @param quality       the preset name
 * @param gaussiansIn   Gaussians in the input
 * @param gaussiansOut  Gaussians stored in the archive (after pruning)
 * @param bytesIn       input file size, bytes
 * @param bytesOut      archive size, bytes
 * @param psnrIn        test-view PSNR of the input scene, dB
 * @param ssimIn        test-view SSIM of the input scene
 * @param psnrOut       test-view PSNR of the decoded archive, dB
 * @param ssimOut       test-view SSIM of the decoded archive
 * @param seconds       read + encode + write time, seconds (for skipped files: as recorded
 *                      by the run that made the output, or NaN)
 * @param evalSeconds   time spent measuring PSNR/SSIM, seconds (NaN without views)
 */
public record FileResult(String file, String output, FileStatus status, String error, String quality,
                         long gaussiansIn, long gaussiansOut, long bytesIn, long bytesOut, double psnrIn,
                         double ssimIn, double psnrOut, double ssimOut, double seconds, double evalSeconds) {

    /** Input bytes per output byte; NaN when either is unknown. */
    public double ratio() {
        return bytesIn > 0 && bytesOut > 0 ? (double) bytesIn / bytesOut : Double.NaN;
    }

    /** PSNR lost by compression, dB (positive = worse); NaN without views. */
    public double psnrLoss() {
        return psnrIn - psnrOut;
    }

    /** A failed row. */
    static FileResult failed(String file, String output, String quality, long bytesIn, String error, double seconds) {
        return new FileResult(file, output, FileStatus.FAILED, error, quality, -1, -1, bytesIn, -1, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, seconds, Double.NaN);
    }

    /** The same row with another status (a finished row carried into a resumed run). */
    FileResult withStatus(FileStatus s) {
        return new FileResult(file, output, s, error, quality, gaussiansIn, gaussiansOut, bytesIn, bytesOut, psnrIn,
                ssimIn, psnrOut, ssimOut, seconds, evalSeconds);
    }
}
