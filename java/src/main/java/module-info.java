/**
 * asvit's core library: the As-ViT search space, its training-free metrics, the search and scaling that use
 * them, training, rank studies, and the files they read and write, on libtorch through the Bytedeco presets.
 *
 * <p>The API an embedder uses is what this module exports:
 * <ul>
 *   <li>{@code org.asvit}: the root exception, {@link org.asvit.InvalidSettingException};</li>
 *   <li>{@code org.asvit.topology}: architectures (topologies) and the search space;</li>
 *   <li>{@code org.asvit.metrics}: the evaluator, its settings, backends and results;</li>
 *   <li>{@code org.asvit.search}, {@code org.asvit.scaling}: the topology search and the growth of a topology;</li>
 *   <li>{@code org.asvit.training}, {@code org.asvit.study}: training a network and rank studies;</li>
 *   <li>{@code org.asvit.io}: weights (safetensors), image folders and run folders;</li>
 *   <li>{@code org.asvit.model}: the network ({@code AsVitNetwork}) and the kernel choice; its building
 *       blocks (patch embedding, attention, merging) are public for the metrics and training packages and
 *       documented, but an embedder needs only the network;</li>
 *   <li>{@code org.asvit.runtime}: the process-wide state asvit owns (threads, device choice, TF32,
 *       readiness), tensor kinds and scopes, and what libtorch build and devices this process has.</li>
 * </ul>
 *
 * <p>Internal, not exported: {@code org.asvit.runtime.internal}, the JavaCPP binding of asvit's native
 * kernels, their checked entry points and {@code /proc} parsing. A wrong call into the binding crashes the
 * JVM rather than throwing, and its signatures follow what the model needs rather than a stable API; an
 * embedder picks kernels through {@code org.asvit.model.KernelChoice} in the evaluation settings instead.
 *
 * <p>The command line ({@code asvit-cli}), the Spark module and the benchmarks run this library on the
 * class path, where the boundary is documentation only; on the module path it is enforced.
 */
module org.asvit {
    requires transitive org.bytedeco.pytorch;      // tensors in the API (TensorKind, AsVitNetwork)
    requires transitive com.fasterxml.jackson.databind; // run folders' checkpoints (RunFolder)
    requires org.bytedeco.openblas;                 // BlasThreads
    requires org.bytedeco.cuda;                     // TorchBuild, CudaDevice: versions and devices
    requires java.desktop;                          // image decoding (javax.imageio) in io and training

    exports org.asvit;
    exports org.asvit.io;
    exports org.asvit.metrics;
    exports org.asvit.model;
    exports org.asvit.runtime;
    exports org.asvit.scaling;
    exports org.asvit.search;
    exports org.asvit.study;
    exports org.asvit.topology;
    exports org.asvit.training;

    // Optional implementations from other modules (asvit-spark provides both).
    uses org.asvit.metrics.EvaluationBackendProvider;
    uses org.asvit.io.ParquetTables;
}
