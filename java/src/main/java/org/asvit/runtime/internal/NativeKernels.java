package org.asvit.runtime.internal;

import org.asvit.InvalidSettingException;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * asvit's native kernels ({@code native/}, built by CMake from Maven): loading, availability, and the
 * checked entry points. All native plumbing lives in this package, so the model code sees tensors in and
 * tensors out, and one place decides what may reach C++.
 *
 * <p>Why in the runtime's internal package: the binding class is JavaCPP-annotated and its JNI library is found by
 * package path ({@code org/asvit/runtime/internal/linux-x86_64/libjniAsvitNative.so} in the jar), and loading it is
 * process-wide state like libtorch's own; keeping it out of {@code org.asvit.model} keeps the model free of
 * JNI and makes this the one class that can crash the JVM if it is wrong, so every argument is checked here
 * before the call: a bad call is an {@link IllegalArgumentException}, never a crash.
 */
public final class NativeKernels {
    private static final String UNAVAILABLE = load();
    private static volatile int threads = defaultThreads();

    private NativeKernels() {
    }

    /** Tries the library once; null when it loaded, else why not. */
    private static String load() {
        try {
            AttentionJetBinding.asvit_cpu_isa();
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            if (String.valueOf(e.getMessage()).contains("no jniAsvitNative in")) {
                return "the native library is not in this build (built without CMake or a C++ compiler: see the "
                        + "build's '[asvit] native kernels' line)";
            }
            return "the native library was not built or cannot be loaded (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")";
        }
    }

    private static int defaultThreads() {
        String value = System.getProperty("asvit.nativeThreads");
        if (value != null && !value.isBlank()) {
            return parseThreads(value.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static int parseThreads(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("asvit.nativeThreads must be a positive integer, got '" + value + "'");
    }

    private static void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException(UNAVAILABLE);
        }
    }

    /** True when the library loaded. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why the library is not available, or null when it is. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** The instruction set the CPU kernel runs on this machine ({@code avx2-fma} or {@code x86-64}). */
    public static String cpuIsa() {
        requireAvailable();
        return AttentionJetBinding.asvit_cpu_isa();
    }

    /** True when the library was built with the CUDA kernel. */
    public static boolean hasCudaKernel() {
        return available() && AttentionJetBinding.asvit_has_cuda_kernel() != 0;
    }

    /**
     * Threads the CPU kernel uses (default: every available processor, or {@code -Dasvit.nativeThreads}).
     * They are started per call and joined before it returns; no thread pool stays behind.
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("native kernel threads must be at least 1, got " + n);
        }
        threads = n;
    }

    public static int threads() {
        return threads;
    }

    /**
     * Null when {@link #attentionJet} can take these tensors, else the reason it cannot (library missing,
     * device without a kernel, dtype, autograd).
     */
    public static String whyNot(Tensor q) {
        if (q.is_cuda() && available()) {
            return "the CUDA kernel has not been validated on a GPU yet, so it runs only when asked for "
                    + "({kernels} native)";
        }
        String why = whyNotDetached(q);
        if (why == null && GradMode.is_enabled() && q.requires_grad()) {
            return "the tensors require grad: the native kernels take detached tensors (an autograd pass cuts its "
                    + "graph at the attention, see AttentionKernels)";
        }
        return why;
    }

    /**
     * Null when the CPU kernels ({@link #attentionJet}, {@link #attentionBackward}) can take detached copies
     * of tensors like {@code x}, else why not (library missing, device, dtype).
     */
    public static String whyNotDetached(Tensor x) {
        return whyNotDetached(x.is_cpu() ? null : x.device().str().getString(), x.scalar_type().intern());
    }

    /**
     * {@link #whyNotDetached(Tensor)} for tensors that are not built yet.
     *
     * @param device null for the CPU, else the device's name
     * @param t      the element type
     */
    public static String whyNotDetached(String device, torch.ScalarType t) {
        if (!available()) {
            return UNAVAILABLE;
        }
        if (device != null) {
            return "tensors on device " + device + " have no native CPU kernel";
        }
        if (t != torch.ScalarType.Float && t != torch.ScalarType.Double) {
            return "the native kernels take float32 or float64, got " + t;
        }
        return null;
    }

    /**
     * Softmax attention of a jet of order 0, 1 or 2, values and derivatives stacked block-major on the
     * first axis: q, k and v are ((order + 1) * rows, N, d), q already scaled by d^-1/2. Returns the
     * attended jet, same shape, in the caller's pointer scope.
     *
     * @throws IllegalArgumentException when the tensors are inconsistent (shapes, strides, dtypes,
     *                                  devices, order) or the kernel cannot take them ({@link #whyNot})
     */
    public static Tensor attentionJet(Tensor q, Tensor k, Tensor v, int order) {
        return forward(q, k, v, order, false)[0];
    }

    /**
     * Plain softmax attention (order 0) of (rows, N, d) tensors, with what {@link #attentionBackward} needs
     * besides the inputs: each query's log-sum-exp {@code L_i = log sum_j exp(q_i k_j)}.
     *
     * @return {out (rows, N, d), lse (rows, N)} in the caller's pointer scope
     * @throws IllegalArgumentException as {@link #attentionJet}
     */
    public static Tensor[] attentionWithLogSumExp(Tensor q, Tensor k, Tensor v) {
        return forward(q, k, v, 0, true);
    }

    private static Tensor[] forward(Tensor q, Tensor k, Tensor v, int order, boolean withLogSumExp) {
        check(new Tensor[]{q, k, v}, QKV, order);
        long[] shape = shape(q);
        long rows = shape[0] / (order + 1);
        long tokens = shape[1];
        long dim = shape[2];
        Tensor out = torch.empty_like(q);
        Tensor lse = withLogSumExp ? torch.empty(rows, tokens).to(q.scalar_type().intern()) : null;
        int status = q.scalar_type().intern() == torch.ScalarType.Float
                ? AttentionJetBinding.asvit_attention_jet_f32(q.data_ptr_float(), k.data_ptr_float(),
                        v.data_ptr_float(), out.data_ptr_float(), lse == null ? null : lse.data_ptr_float(), rows,
                        tokens, dim, order, threads)
                : AttentionJetBinding.asvit_attention_jet_f64(q.data_ptr_double(), k.data_ptr_double(),
                        v.data_ptr_double(), out.data_ptr_double(), lse == null ? null : lse.data_ptr_double(), rows,
                        tokens, dim, order, threads);
        failOn(status, "native attention kernel");
        return new Tensor[]{out, lse};
    }

    /**
     * The backward pass of plain softmax attention {@code out = softmax(q k^T) v} (order 0): the gradients
     * with respect to q (the scaled queries that were passed), k and v, given the gradient {@code dOut} of
     * out and the forward's {@code out} and {@code lse} ({@link #attentionWithLogSumExp}). The (rows, N, d)
     * tensors and the (rows, N) lse are contiguous, on the CPU, all float32 or all float64, and detached.
     * P is recomputed tile by tile, never stored; each row is summed by one thread in a fixed order, so the
     * result does not depend on the thread count.
     *
     * @return {dq, dk, dv} in the caller's pointer scope
     * @throws IllegalArgumentException when the tensors are inconsistent or the kernel cannot take them
     */
    public static Tensor[] attentionBackward(Tensor q, Tensor k, Tensor v, Tensor out, Tensor lse, Tensor dOut) {
        check(new Tensor[]{q, k, v, out, dOut}, new String[]{"queries", "keys", "values", "outputs",
                "output gradients"}, 0);
        long rows = q.size(0);
        long tokens = q.size(1);
        long dim = q.size(2);
        if (lse == null || !lse.defined() || lse.dim() != 2 || lse.size(0) != rows || lse.size(1) != tokens
                || !lse.is_contiguous() || lse.scalar_type().intern() != q.scalar_type().intern() || !lse.is_cpu()) {
            throw new IllegalArgumentException("native attention: the log-sum-exp must be a contiguous (" + rows
                    + ", " + tokens + ") CPU tensor of the queries' dtype, got "
                    + (lse == null || !lse.defined() ? "none" : java.util.Arrays.toString(shape(lse)) + " "
                    + lse.scalar_type() + (lse.is_contiguous() ? "" : ", not contiguous")));
        }
        Tensor dq = torch.empty_like(q);
        Tensor dk = torch.empty_like(q);
        Tensor dv = torch.empty_like(q);
        int status = q.scalar_type().intern() == torch.ScalarType.Float
                ? AttentionJetBinding.asvit_attention_backward_f32(q.data_ptr_float(), k.data_ptr_float(),
                        v.data_ptr_float(), out.data_ptr_float(), lse.data_ptr_float(), dOut.data_ptr_float(),
                        dq.data_ptr_float(), dk.data_ptr_float(), dv.data_ptr_float(), rows, tokens, dim, threads)
                : AttentionJetBinding.asvit_attention_backward_f64(q.data_ptr_double(), k.data_ptr_double(),
                        v.data_ptr_double(), out.data_ptr_double(), lse.data_ptr_double(), dOut.data_ptr_double(),
                        dq.data_ptr_double(), dk.data_ptr_double(), dv.data_ptr_double(), rows, tokens, dim,
                        threads);
        failOn(status, "native attention backward kernel");
        return new Tensor[]{dq, dk, dv};
    }

    /**
     * {@link #attentionJet} on CUDA tensors (float32, head dimension at most 64), by the CUDA kernel.
     * It has not run on a GPU yet (see {@code native/attention_jet_cuda.cu}): asvit reaches it only with
     * {@code --kernels native} on a CUDA device.
     *
     * @throws IllegalArgumentException when the tensors are inconsistent or the library has no CUDA kernel
     */
    public static Tensor attentionJetCuda(Tensor q, Tensor k, Tensor v, int order) {
        if (!hasCudaKernel()) {
            throw new IllegalArgumentException("native attention: " + (available()
                    ? "this build of the native library has no CUDA kernel (nvcc was not found when it was built)"
                    : UNAVAILABLE));
        }
        Tensor[] all = {q, k, v};
        checkShapes(all, QKV, order);
        for (Tensor t : all) {
            if (!t.is_cuda() || t.scalar_type().intern() != torch.ScalarType.Float) {
                throw new IllegalArgumentException("native attention: the CUDA kernel takes float32 CUDA tensors");
            }
            if (q.device().index() != t.device().index()) {
                throw new IllegalArgumentException("native attention: tensors on different CUDA devices");
            }
            if (GradMode.is_enabled() && t.requires_grad()) {
                throw new IllegalArgumentException("native attention: the CUDA kernel has no backward pass and "
                        + "takes detached tensors");
            }
        }
        long[] shape = shape(q);
        if (shape[2] > 64) {
            throw new IllegalArgumentException("native attention: the CUDA kernel takes head dimensions up to 64, got "
                    + shape[2]);
        }
        long rows = shape[0] / (order + 1);
        if (rows > 65535) {
            throw new IllegalArgumentException("native attention: the CUDA kernel takes at most 65535 rows, got " + rows);
        }
        Tensor out = torch.empty_like(q);
        int status = AttentionJetBinding.asvit_attention_jet_cuda_f32(q.data_ptr_float(), k.data_ptr_float(),
                v.data_ptr_float(), out.data_ptr_float(), rows, shape[1], shape[2], order);
        if (status != 0) {
            throw new IllegalStateException("native CUDA attention kernel failed with status " + status
                    + " (4: a CUDA error, e.g. a GPU older than compute capability 7.5)");
        }
        return out;
    }

    private static final String[] QKV = {"queries", "keys", "values"};

    private static void check(Tensor[] all, String[] names, int order) {
        checkShapes(all, names, order);
        Tensor q = all[0];
        String why = whyNot(q);
        if (why != null) {
            throw new InvalidSettingException("native attention: " + why);
        }
        for (int i = 1; i < all.length; i++) {
            if (all[i].scalar_type().intern() != q.scalar_type().intern()) {
                throw new IllegalArgumentException("native attention: " + names[i] + " are "
                        + all[i].scalar_type() + " but queries " + q.scalar_type());
            }
            if (!all[i].is_cpu()) {
                throw new IllegalArgumentException("native attention: " + names[i] + " are not on the CPU");
            }
            if (GradMode.is_enabled() && all[i].requires_grad()) {
                throw new IllegalArgumentException("native attention: " + names[i]
                        + " require grad; the native kernels take detached tensors");
            }
        }
    }

    /** Ranks, equal shapes, order, block split, non-empty, contiguous. */
    private static void checkShapes(Tensor[] all, String[] names, int order) {
        if (order < 0 || order > 2) {
            throw new IllegalArgumentException("jet order must be 0, 1 or 2, got " + order);
        }
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null || !all[i].defined()) {
                throw new IllegalArgumentException("native attention: " + names[i] + " tensor is undefined");
            }
            if (all[i].dim() != 3) {
                throw new IllegalArgumentException("native attention: " + names[i]
                        + " must be ((order+1)*rows, N, d), got " + all[i].dim() + " dimensions");
            }
        }
        long[] shape = shape(all[0]);
        for (int i = 1; i < all.length; i++) {
            long[] other = shape(all[i]);
            if (!java.util.Arrays.equals(shape, other)) {
                throw new IllegalArgumentException("native attention: " + names[i] + " have shape "
                        + java.util.Arrays.toString(other) + " but queries " + java.util.Arrays.toString(shape));
            }
        }
        if (shape[1] < 1 || shape[2] < 1) {
            throw new IllegalArgumentException("native attention: need at least one token and one channel, got N = "
                    + shape[1] + ", d = " + shape[2]);
        }
        if (shape[0] % (order + 1) != 0) {
            throw new IllegalArgumentException("native attention: " + shape[0]
                    + " stacked rows do not split into " + (order + 1) + " jet blocks of order " + order);
        }
        for (int i = 0; i < all.length; i++) {
            if (!all[i].is_contiguous()) {
                throw new IllegalArgumentException("native attention: " + names[i]
                        + " are not contiguous (strides " + java.util.Arrays.toString(strides(all[i]))
                        + "); pass .contiguous()");
            }
        }
    }

    private static void failOn(int status, String kernel) {
        if (status != 0) {
            throw new IllegalStateException(kernel + " failed with status " + status
                    + (status == 2 ? " (out of memory)" : ""));
        }
    }

    private static long[] shape(Tensor t) {
        long[] s = new long[(int) t.dim()];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.size(i);
        }
        return s;
    }

    private static long[] strides(Tensor t) {
        long[] s = new long[(int) t.dim()];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.stride(i);
        }
        return s;
    }
}
