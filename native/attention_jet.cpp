/*
 * The C entry points: argument checks, the run-time choice of instruction set, and the threads.
 *
 * Threads: plain std::threads, started for one call and joined before it returns. No OpenMP runtime is
 * linked: libtorch already brings one (set to one thread by asvit) and OpenBLAS its own pool, and a
 * third runtime with idle-spinning workers would compete with both for the same cores. Between calls
 * this library holds no thread at all. Work is handed out in items of (row, block of queries) through
 * one atomic counter, so a thread slowed by a neighbour on a shared machine does not hold the others up.
 */
#include "attention_jet.h"
#include "attention_jet_kernel.h"

#include <atomic>
#include <cstdlib>
#include <string>
#include <exception>
#include <new>
#include <thread>
#include <vector>

namespace asvit_baseline {
void items_f32(const float*, const float*, const float*, float*, int64_t, int64_t, int64_t, int, int64_t, int64_t,
               int64_t, float*);
void items_f64(const double*, const double*, const double*, double*, int64_t, int64_t, int64_t, int, int64_t,
               int64_t, int64_t, double*);
}
#ifdef ASVIT_HAVE_AVX2
namespace asvit_avx2 {
void items_f32(const float*, const float*, const float*, float*, int64_t, int64_t, int64_t, int, int64_t, int64_t,
               int64_t, float*);
void items_f64(const double*, const double*, const double*, double*, int64_t, int64_t, int64_t, int, int64_t,
               int64_t, int64_t, double*);
}
#endif

namespace {

/* ASVIT_NATIVE_ISA=x86-64 forces the baseline variant, so that the tests can check it on a machine
   that has AVX2 (java/pom.xml runs NativeAttentionTest a second time so). */
bool use_avx2() {
#ifdef ASVIT_HAVE_AVX2
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                            && !(std::getenv("ASVIT_NATIVE_ISA") && std::string(std::getenv("ASVIT_NATIVE_ISA")) == "x86-64");
    return yes;
#else
    return false;
#endif
}

template <typename T> using ItemsFn = void (*)(const T*, const T*, const T*, T*, int64_t, int64_t, int64_t, int,
                                                 int64_t, int64_t, int64_t, T*);

ItemsFn<float> items(float*) {
#ifdef ASVIT_HAVE_AVX2
    if (use_avx2()) return asvit_avx2::items_f32;
#endif
    return asvit_baseline::items_f32;
}

ItemsFn<double> items(double*) {
#ifdef ASVIT_HAVE_AVX2
    if (use_avx2()) return asvit_avx2::items_f64;
#endif
    return asvit_baseline::items_f64;
}

/* Queries per work item: enough to amortise the transposition of a row's keys and values. */
constexpr int64_t QUERY_BLOCK = 64;
/* Below this many multiply-adds a call runs on one thread: starting threads would cost more. */
constexpr double MIN_WORK_PER_THREAD = 2.0e6;

template <typename T>
int run(const T* q, const T* k, const T* v, T* out, int64_t rows, int64_t tokens, int64_t dim, int32_t order,
        int32_t threads) {
    if (q == nullptr || k == nullptr || v == nullptr || out == nullptr || rows < 0 || tokens < 1 || dim < 1
        || order < 0 || order > 2 || threads < 1) {
        return ASVIT_BAD_ARGUMENT;
    }
    if (rows == 0) {
        return ASVIT_OK;
    }
    ItemsFn<T> fn = items(static_cast<T*>(nullptr));
    constexpr int64_t W = asvit_kernel_common::Width<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t scratch = asvit_kernel_common::scratch_elements(dim, padded);
    int64_t blocks_per_row = (tokens + QUERY_BLOCK - 1) / QUERY_BLOCK;
    int64_t total = rows * blocks_per_row;
    double work = 2.0 * (order + 1) * (order + 2) / 2.0 * (double) rows * tokens * tokens * dim;
    int64_t use = threads;
    if (use > total) use = total;
    if (work < MIN_WORK_PER_THREAD * use) {
        use = (int64_t) (work / MIN_WORK_PER_THREAD);
        if (use < 1) use = 1;
    }
    try {
        std::vector<std::vector<T>> buffers(use);
        for (auto& b : buffers) b.resize(scratch);
        std::atomic<int64_t> next(0);
        /* Items are claimed a few at a time, consecutive within a row, so that each thread usually
           re-uses its transposed keys and values. */
        int64_t grab = blocks_per_row;
        auto worker = [&](int64_t t) {
            for (;;) {
                int64_t first = next.fetch_add(grab);
                if (first >= total) return;
                int64_t last = first + grab < total ? first + grab : total;
                fn(q, k, v, out, rows, tokens, dim, order, QUERY_BLOCK, first, last, buffers[t].data());
            }
        };
        if (rows < use) {
            grab = 1;  /* few rows: split them by query blocks */
        }
        std::vector<std::thread> pool;
        for (int64_t t = 1; t < use; t++) pool.emplace_back(worker, t);
        worker(0);
        for (auto& th : pool) th.join();
    } catch (const std::bad_alloc&) {
        return ASVIT_OUT_OF_MEMORY;
    } catch (const std::exception&) {
        return ASVIT_BAD_ARGUMENT;
    }
    return ASVIT_OK;
}

}  // namespace

extern "C" {

int asvit_attention_jet_f32(const float* q, const float* k, const float* v, float* out, int64_t rows, int64_t tokens,
                            int64_t dim, int32_t order, int32_t threads) {
    return run<float>(q, k, v, out, rows, tokens, dim, order, threads);
}

int asvit_attention_jet_f64(const double* q, const double* k, const double* v, double* out, int64_t rows,
                            int64_t tokens, int64_t dim, int32_t order, int32_t threads) {
    return run<double>(q, k, v, out, rows, tokens, dim, order, threads);
}

const char* asvit_cpu_isa(void) {
    return use_avx2() ? "avx2-fma" : "x86-64";
}

#ifndef ASVIT_HAVE_CUDA
int asvit_attention_jet_cuda_f32(const float*, const float*, const float*, float*, int64_t, int64_t, int64_t,
                                 int32_t) {
    return ASVIT_NO_DEVICE;
}

int asvit_has_cuda_kernel(void) {
    return 0;
}
#endif

}  // extern "C"
