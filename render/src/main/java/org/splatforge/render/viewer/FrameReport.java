package org.splatforge.render.viewer;

/**
 * What a headless run measured (all times in milliseconds of wall time on the render
 * thread unless said otherwise).
 *
 * @param frameMs            whole frame: events, scene, sort hand-off, projection, draw,
 *                           HUD, swap and glFinish (so the GPU work is inside it)
 * @param sortMs             the depth sort itself, on the worker thread, for each order
 *                           the render thread picked up
 * @param sortHandoffMs      render-thread time spent on sorting per frame: taking the
 *                           newest order and uploading it (what a sort can stall a frame by)
 * @param sortLatencyFrames  frames between asking for an order and drawing with it
 * @param maxSortStallRatio  max sortHandoffMs over the median frame time: below 1 means
 *                           sorting never stalled a frame by a frame time
 * @param quads              how the quads were issued: instanced or pulled
 * @param cpuMsPerFrame      CPU time of the whole process per frame (all threads, the
 *                           software GL driver's included): on a shared machine this is
 *                           steadier than wall time; a quiet machine with c cores runs at
 *                           best c*1000/cpuMsPerFrame frames per second
 */
public record FrameReport(String glRenderer, String glVersion, int width, int height, int splats,
                          int frames, double wallSeconds, double fps, Summary frameMs, Summary sortMs,
                          Summary sortHandoffMs, Summary sortLatencyFrames, double maxSortStallRatio,
                          long sortsFinished, boolean exactOrder, String precision, String quads,
                          double cpuMsPerFrame) {
}
