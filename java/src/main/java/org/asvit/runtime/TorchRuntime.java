package org.asvit.runtime;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * The process-wide settings that make an evaluation's result a property of its inputs alone, applied by
 * the library itself wherever it evaluates: the command line, a Spark executor, a benchmark and a service
 * embedding asvit all get the same bits for the same topology, settings, seed and kind of device.
 *
 * <ul>
 *   <li>OpenBLAS runs one thread ({@link BlasThreads}), whatever the environment says;</li>
 *   <li>libtorch's intra-op thread count is configured ({@link IntraOpThreads}: 1 unless set);</li>
 *   <li>TF32 is off on CUDA ({@link StrictFloat32}).</li>
 * </ul>
 *
 * <p>{@link #ensureReady()} is called by every entry point that computes (building a network is one), so
 * nobody has to remember it; it does its work once per process and is a volatile read after that.
 */
public final class TorchRuntime {
    private static volatile boolean ready;

    private TorchRuntime() {
    }

    /** Loads libtorch if needed and applies the settings above, once per process; safe from any thread. */
    public static void ensureReady() {
        if (ready) {
            return;
        }
        synchronized (TorchRuntime.class) {
            if (ready) {
                return;
            }
            Loader.load(torch.class);
            BlasThreads.pin();
            IntraOpThreads.ensureConfigured();
            StrictFloat32.apply();
            ready = true;
        }
    }
}
