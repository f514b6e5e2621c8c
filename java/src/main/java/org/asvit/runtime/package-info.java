/**
 * The one owner of process-wide state: libtorch's and our native kernel library's. Everything that a
 * process sets once for all its threads is set here and nowhere else (a test, {@code ProcessStateOwnershipTest},
 * scans the sources for it):
 *
 * <ul>
 *   <li>readiness: {@link org.asvit.runtime.TorchRuntime#ensureReady()} loads libtorch and applies the
 *       settings below once per process;</li>
 *   <li>threads: OpenBLAS pinned to one ({@link org.asvit.runtime.BlasThreads}), libtorch's intra-op count
 *       ({@link org.asvit.runtime.IntraOpThreads});</li>
 *   <li>arithmetic: TF32 off on CUDA (StrictFloat32);</li>
 *   <li>device choice: {@link org.asvit.runtime.DeviceChoice} and {@link org.asvit.runtime.ComputeDevice},
 *       what a front end asks for and what it gets;</li>
 *   <li>tensors: where and in what precision they live ({@link org.asvit.runtime.TensorKind}), who owns
 *       a loop step's temporaries ({@link org.asvit.runtime.Scopes}), small helpers
 *       ({@link org.asvit.runtime.Tensors});</li>
 *   <li>describing libtorch: which build this process runs and which CUDA devices it sees
 *       ({@link org.asvit.runtime.TorchBuild}, {@link org.asvit.runtime.PresetVersions},
 *       {@link org.asvit.runtime.CudaDevice}), their memory ({@link org.asvit.runtime.CudaMemory},
 *       {@link org.asvit.runtime.AvailableMemory});</li>
 *   <li>the native kernels: "native" in asvit means one thing, our C++ kernel library ({@code native/},
 *       built by CMake): loading it, whether it is available and its checked entry points
 *       ({@link org.asvit.runtime.internal.NativeKernels}).</li>
 * </ul>
 *
 * <p>Only the API that both supported preset releases share (1.5.13: libtorch 2.10 on CUDA 13; 1.5.12:
 * libtorch 2.7.1 on CUDA 12) is used here.
 */
package org.asvit.runtime;
