package org.splatforge.core.data;

/** The on-disk layouts {@link Datasets#load} recognises. */
public enum DatasetFormat {
    /** NeRF-synthetic / D-NeRF: {@code transforms_{train,val,test}.json} + RGBA PNGs. */
    NERF_SYNTHETIC,
    /** A COLMAP sparse model ({@code sparse/0/cameras|images|points3D.{bin,txt}}) + {@code images/}. */
    COLMAP,
    /** Neural 3D Video: {@code camXX/images/NNNN.png} + {@code poses_bounds.npy} (LLFF axes). */
    N3V,
    /** Splatforge's plain multi-view video layout: {@code multiview.json} + one frame folder per camera. */
    MULTIVIEW
}
