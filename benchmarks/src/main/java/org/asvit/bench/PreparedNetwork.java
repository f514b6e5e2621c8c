package org.asvit.bench;

import org.asvit.runtime.TorchRuntime;
import org.asvit.metrics.Circle;
import org.asvit.metrics.NtkInputs;
import org.asvit.model.AsVitNetwork;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.model.KernelChoice;
import org.asvit.runtime.internal.NativeKernels;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the benchmarks share: the topology, device and thread parameters, and (for those that measure
 * one network) a seeded network with its NTK batch of 16 and its circle of 10 angles, prepared once
 * per trial and freed after it.
 */
@State(Scope.Benchmark)
public abstract class PreparedNetwork {
    @Param({"8,2,3|4,1,2|4,1,4|4,1,6|32"})
    public String arch;

    /** cpu or cuda. */
    @Param({"cpu"})
    public String device;

    /** libtorch intra-op (OpenMP) threads; 0 keeps asvit's default (1, see IntraOpThreads). */
    @Param({"0"})
    public int threads;

    /** Who computes the attention: auto, native or libtorch ({@code -p kernels=libtorch,native} compares them in one run). */
    @Param({"auto"})
    public String kernels;

    /** Threads of the native kernel; 0 keeps its default (every core). */
    @Param({"0"})
    public int nativeThreads;

    protected AsVitNetwork network;
    protected Tensor ntkBatch;
    protected Circle circle;

    /** Applies the thread settings, readies the runtime as every evaluation does, and returns the device's tensor kind. */
    protected TensorKind configure() {
        if (threads > 0) {
            IntraOpThreads.set(threads);
        }
        if (nativeThreads > 0) {
            NativeKernels.setThreads(nativeThreads);
        }
        TorchRuntime.ensureReady();
        return TensorKind.forDevice(device);
    }

    /** The kernels parameter as a choice. */
    protected KernelChoice kernelChoice() {
        return KernelChoice.parse(kernels);
    }

    /** The seeded network (seed 1), NTK batch (seed 0) and circle (seed 0) at this image size. */
    protected void prepare(int imageSize) {
        TensorKind kind = configure();
        network = AsVitNetwork.initialised(Topology.parse(arch), imageSize, 1000, 1, kind);
        try (PointerScope scope = new PointerScope()) {
            ntkBatch = NtkInputs.seededNormal(0).batch(16, imageSize, kind);
            ntkBatch.retainReference();
            circle = Circle.seeded(imageSize, 10, 0, kind);
            circle.basis().retainReference();
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        if (network != null) {
            if (ntkBatch != null) {
                ntkBatch.releaseReference();
                circle.basis().releaseReference();
                ntkBatch = null;
            }
            network.close();
            network = null;
        }
    }
}
