package org.splatforge.core.runtime;

/** Where tensors live and kernels run. */
public enum DeviceKind {
    /** Java threads plus the Vector API. Always available. */
    CPU,
    /** An NVIDIA GPU through LWJGL's CUDA driver API bindings. */
    CUDA
}
