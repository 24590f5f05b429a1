package org.splatforge.render.densify;

/** Creates the strategy a {@link DensityConfig} names. */
public final class DensityStrategies {

    private DensityStrategies() {
    }

    public static DensityStrategy create(DensityConfig cfg) {
        cfg.validate();
        return switch (cfg.strategy) {
            case "default" -> new AdaptiveDensityControl(cfg);
            case "mcmc" -> new McmcDensification(cfg);
            case "steepgs" -> new SteepestDensityControl(cfg);
            default -> throw new IllegalArgumentException("unknown density strategy '" + cfg.strategy + "'");
        };
    }
}
