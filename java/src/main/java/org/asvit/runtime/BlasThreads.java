package org.asvit.runtime;

import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * OpenBLAS's thread count, which asvit pins to one in every process that evaluates.
 *
 * <p>Why: a matrix product's bits depend on how many threads OpenBLAS splits it over (measured on AVX2
 * CPUs: the NTK condition number moves in its seventh significant digit between one thread and two), and
 * OpenBLAS takes that count from its environment: {@code OPENBLAS_NUM_THREADS}, else {@code OMP_NUM_THREADS},
 * else the cores it sees. Spark 4 sets {@code OMP_NUM_THREADS} to {@code spark.task.cpus} on every
 * executor, a service embedding asvit has its own settings, and two machines of one kind differ in what
 * their shells export; left alone, the same evaluation would give different bits in each. One thread is
 * the only count every process can honour (OpenBLAS caps the count at the cores it sees), and it costs
 * nothing measurable: asvit's products are small, its attention runs on its own threads, and the
 * {@code threads:N} and Spark backends parallelise across topologies (docs: Performance, threads).
 *
 * <p>The count is process-wide, so it is set once, before the first evaluation ({@link TorchRuntime}),
 * not around each product: changing it while another thread is inside OpenBLAS is not safe.
 */
public final class BlasThreads {
    /** The count asvit runs OpenBLAS with. */
    public static final int PINNED = 1;

    private BlasThreads() {
    }

    /** Sets OpenBLAS's process-wide thread count to {@link #PINNED}; libtorch must be loaded (it brings OpenBLAS). */
    static void pin() {
        openblas_nolapack.blas_set_num_threads(PINNED);
    }

    /** OpenBLAS's thread count now, as OpenBLAS reports it. */
    public static int current() {
        return openblas_nolapack.blas_get_num_threads();
    }
}
