package org.splatforge.render.densify;

/**
 * What one densification step did: counts before and after, and how many Gaussians were
 * cloned, split (parents), pruned, relocated (MCMC) or added (MCMC growth).
 */
public record DensityEvent(int iteration, int before, int cloned, int split, int pruned, int relocated,
                           int added, int after, boolean opacityReset) {

    /** A step that only reset opacities. */
    public static DensityEvent opacityReset(int iteration, int count) {
        return new DensityEvent(iteration, count, 0, 0, 0, 0, 0, count, true);
    }

    public DensityEvent withOpacityReset() {
        return new DensityEvent(iteration, before, cloned, split, pruned, relocated, added, after, true);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("iteration ").append(iteration).append(": ").append(before)
                .append(" -> ").append(after).append(" Gaussians");
        if (cloned > 0) {
            b.append(", cloned ").append(cloned);
        }
        if (split > 0) {
            b.append(", split ").append(split);
        }
        if (pruned > 0) {
            b.append(", pruned ").append(pruned);
        }
        if (relocated > 0) {
            b.append(", relocated ").append(relocated);
        }
        if (added > 0) {
            b.append(", added ").append(added);
        }
        if (opacityReset) {
            b.append(", opacities reset");
        }
        return b.toString();
    }
}
