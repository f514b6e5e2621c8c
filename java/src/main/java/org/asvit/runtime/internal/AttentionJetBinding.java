package org.asvit.runtime.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JavaCPP binding of {@code native/attention_jet.h}. The build (root {@code CMakeLists.txt}, run by
 * Maven) has JavaCPP's Builder generate the JNI code from this class and compiles it with the kernels
 * into {@code libjniAsvitNative.so}, placed in the jar under {@code org/asvit/runtime/internal/linux-x86_64/},
 * where {@link Loader#load} finds it.
 *
 * <p>Nothing here checks anything: call only through {@link NativeKernels}, which checks every shape,
 * stride, dtype and device first. The functions return a status (0 on success) and never throw across
 * the JNI boundary.
 */
@Platform(include = "attention_jet.h", library = "jniAsvitNative")
final class AttentionJetBinding {
    static {
        Loader.load();
    }

    private AttentionJetBinding() {
    }

    static native int asvit_attention_jet_f32(@Const FloatPointer q, @Const FloatPointer k, @Const FloatPointer v,
                                              FloatPointer out, FloatPointer lse, @Cast("int64_t") long rows,
                                              @Cast("int64_t") long tokens, @Cast("int64_t") long dim,
                                              int order, int threads);

    static native int asvit_attention_jet_f64(@Const DoublePointer q, @Const DoublePointer k, @Const DoublePointer v,
                                              DoublePointer out, DoublePointer lse, @Cast("int64_t") long rows,
                                              @Cast("int64_t") long tokens, @Cast("int64_t") long dim,
                                              int order, int threads);

    static native int asvit_attention_backward_f32(@Const FloatPointer q, @Const FloatPointer k,
                                                   @Const FloatPointer v, @Const FloatPointer out,
                                                   @Const FloatPointer lse, @Const FloatPointer dout,
                                                   FloatPointer dq, FloatPointer dk, FloatPointer dv,
                                                   @Cast("int64_t") long rows, @Cast("int64_t") long tokens,
                                                   @Cast("int64_t") long dim, int threads);

    static native int asvit_attention_backward_f64(@Const DoublePointer q, @Const DoublePointer k,
                                                   @Const DoublePointer v, @Const DoublePointer out,
                                                   @Const DoublePointer lse, @Const DoublePointer dout,
                                                   DoublePointer dq, DoublePointer dk, DoublePointer dv,
                                                   @Cast("int64_t") long rows, @Cast("int64_t") long tokens,
                                                   @Cast("int64_t") long dim, int threads);

    static native int asvit_attention_jet_cuda_f32(@Const FloatPointer q, @Const FloatPointer k,
                                                   @Const FloatPointer v, FloatPointer out,
                                                   @Cast("int64_t") long rows, @Cast("int64_t") long tokens,
                                                   @Cast("int64_t") long dim, int order);

    static native int asvit_has_cuda_kernel();

    static native @Cast("const char*") String asvit_cpu_isa();
}
