package org.splatforge.cli.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.splatforge.render.viewer.FrameReport;
import org.splatforge.render.viewer.Summary;

/** The JSON that {@code splat view --frames} and {@code splat bench view} print on stdout. */
public final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /** A JSON object for the report; callers may add fields before printing. */
    public static ObjectNode of(String scene, FrameReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scene", scene);
        o.put("splats", r.splats());
        o.put("width", r.width());
        o.put("height", r.height());
        o.put("frames", r.frames());
        o.put("gl_renderer", r.glRenderer());
        o.put("gl_version", r.glVersion());
        o.put("precision", r.precision());
        o.put("exact_order", r.exactOrder());
        o.put("quads", r.quads());
        o.put("wall_s", round(r.wallSeconds()));
        o.put("fps", round(r.fps()));
        o.put("cpu_ms_per_frame", round(r.cpuMsPerFrame()));
        o.set("frame_ms", summary(r.frameMs()));
        o.set("sort_ms", summary(r.sortMs()));
        o.set("sort_handoff_ms", summary(r.sortHandoffMs()));
        o.set("sort_latency_frames", summary(r.sortLatencyFrames()));
        o.put("max_sort_stall_over_median_frame", round(r.maxSortStallRatio()));
        o.put("sorts", r.sortsFinished());
        return o;
    }

    static ObjectNode summary(Summary s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("count", s.count());
        o.put("mean", round(s.mean()));
        o.put("p50", round(s.p50()));
        o.put("p90", round(s.p90()));
        o.put("p99", round(s.p99()));
        o.put("max", round(s.max()));
        return o;
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }

    public static String print(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
