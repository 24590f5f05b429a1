package org.splatforge.vision.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns arena offsets to activation buffers from their lifetimes, reusing memory whenever
 * two lifetimes do not overlap: greedy by size, each buffer at the lowest offset that does not
 * collide with an already placed buffer alive at the same time (the arena planner of TFLite
 * Micro, as used by MCUNet/MCUNetV2 and MCUFormer). Sizes are in elements of one type.
 */
public final class MemoryPlanner {

    /** A buffer alive from step {@code first} to step {@code last}, inclusive. */
    public record Buffer(String name, long size, int first, int last) {
        public Buffer {
            if (size < 0 || last < first) {
                throw new IllegalArgumentException("bad buffer " + name + ": size " + size + ", steps " + first + ".." + last);
            }
        }

        boolean overlaps(Buffer o) {
            return first <= o.last && o.first <= last;
        }
    }

    /** Offsets by buffer name and the arena size they need. */
    public record Plan(Map<String, Long> offsets, long arenaSize) {
        public long offset(String name) {
            Long o = offsets.get(name);
            if (o == null) {
                throw new IllegalArgumentException("no buffer '" + name + "' in the plan");
            }
            return o;
        }
    }

    private MemoryPlanner() {
    }

    /** Plans with reuse. */
    public static Plan plan(List<Buffer> buffers) {
        List<Buffer> order = new ArrayList<>(buffers);
        order.sort(Comparator.comparingLong(Buffer::size).reversed().thenComparingInt(Buffer::first));
        List<Buffer> placed = new ArrayList<>();
        List<Long> placedAt = new ArrayList<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        long arena = 0;
        for (Buffer b : order) {
            if (offsets.containsKey(b.name())) {
                throw new IllegalArgumentException("duplicate buffer name " + b.name());
            }
            // Candidate offsets: 0 and the end of every live conflicting buffer, lowest that fits.
            List<long[]> busy = new ArrayList<>();
            for (int i = 0; i < placed.size(); i++) {
                if (placed.get(i).overlaps(b)) {
                    busy.add(new long[] {placedAt.get(i), placedAt.get(i) + placed.get(i).size()});
                }
            }
            busy.sort(Comparator.comparingLong(r -> r[0]));
            long at = 0;
            for (long[] r : busy) {
                if (at + b.size() <= r[0]) {
                    break;
                }
                at = Math.max(at, r[1]);
            }
            offsets.put(b.name(), at);
            placed.add(b);
            placedAt.add(at);
            arena = Math.max(arena, at + b.size());
        }
        Map<String, Long> inInputOrder = new LinkedHashMap<>();
        for (Buffer b : buffers) {
            inInputOrder.put(b.name(), offsets.get(b.name()));
        }
        return new Plan(inInputOrder, arena);
    }

    /** Every buffer in its own place: the arena a no-reuse executor needs. */
    public static Plan noReuse(List<Buffer> buffers) {
        Map<String, Long> offsets = new LinkedHashMap<>();
        long at = 0;
        for (Buffer b : buffers) {
            offsets.put(b.name(), at);
            at += b.size();
        }
        return new Plan(offsets, at);
    }

    /** The largest total size alive at one step: a lower bound for any placement. */
    public static long liveMaximum(List<Buffer> buffers) {
        int steps = 0;
        for (Buffer b : buffers) {
            steps = Math.max(steps, b.last() + 1);
        }
        long[] live = new long[steps + 1];
        for (Buffer b : buffers) {
            live[b.first()] += b.size();
            live[b.last() + 1] -= b.size();
        }
        long cur = 0, max = 0;
        for (int s = 0; s < steps; s++) {
            cur += live[s];
            max = Math.max(max, cur);
        }
        return max;
    }

    /** Checks that no two buffers alive at the same time share memory (tests and debug). */
    public static void verify(List<Buffer> buffers, Plan plan) {
        for (int i = 0; i < buffers.size(); i++) {
            Buffer a = buffers.get(i);
            long ao = plan.offset(a.name());
            if (ao < 0 || ao + a.size() > plan.arenaSize()) {
                throw new IllegalStateException(a.name() + " lies outside the arena");
            }
            for (int j = i + 1; j < buffers.size(); j++) {
                Buffer b = buffers.get(j);
                long bo = plan.offset(b.name());
                if (a.overlaps(b) && a.size() > 0 && b.size() > 0 && ao < bo + b.size() && bo < ao + a.size()) {
                    throw new IllegalStateException(a.name() + " and " + b.name() + " are alive together but overlap in memory");
                }
            }
        }
    }
}
