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
#include "attention_plain_kernel.h"

#include <atomic>
#include <cstdlib>
#include <string>
#include <exception>
#include <new>
#include <thread>
#include <vector>

/* The functions that attention_jet_isa.cpp defines in each instruction-set namespace. */
#define ASVIT_DECLARE_VARIANT(NS)                                                                             \
    namespace NS {                                                                                             \
    void items_f32(const float*, const float*, const float*, float*, int64_t, int64_t, int64_t, int, int64_t,  \
                   int64_t, int64_t, float*);                                                                 \
    void items_f64(const double*, const double*, const double*, double*, int64_t, int64_t, int64_t, int,       \
                   int64_t, int64_t, int64_t, double*);                                                       \
    void forward_f32(const float*, const float*, const float*, float*, float*, int64_t, int64_t, int64_t,     \
                     int64_t, float*);                                                                        \
    void forward_f64(const double*, const double*, const double*, double*, double*, int64_t, int64_t, int64_t, \
                     int64_t, double*);                                                                       \
    void backward_f32(const float*, const float*, const float*, const float*, const float*, const float*,      \
                      float*, float*, float*, int64_t, int64_t, int64_t, int64_t, float*);                    \
    void backward_f64(const double*, const double*, const double*, const double*, const double*,               \
                      const double*, double*, double*, double*, int64_t, int64_t, int64_t, int64_t, double*); \
    }

ASVIT_DECLARE_VARIANT(asvit_baseline)
#ifdef ASVIT_HAVE_AVX2
ASVIT_DECLARE_VARIANT(asvit_avx2)
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
template <typename T> using ForwardFn = void (*)(const T*, const T*, const T*, T*, T*, int64_t, int64_t, int64_t,
                                                   int64_t, T*);
template <typename T> using BackwardFn = void (*)(const T*, const T*, const T*, const T*, const T*, const T*, T*, T*,
                                                    T*, int64_t, int64_t, int64_t, int64_t, T*);

/* The variant for this machine of an instruction-set namespace's function. */
#ifdef ASVIT_HAVE_AVX2
#define ASVIT_VARIANT(fn) (use_avx2() ? asvit_avx2::fn : asvit_baseline::fn)
#else
#define ASVIT_VARIANT(fn) (asvit_baseline::fn)
#endif

/* The kernels for this machine, chosen by the element type of a null pointer. */
ItemsFn<float> items(float*) { return ASVIT_VARIANT(items_f32); }
ItemsFn<double> items(double*) { return ASVIT_VARIANT(items_f64); }
ForwardFn<float> plain_forward(float*) { return ASVIT_VARIANT(forward_f32); }
ForwardFn<double> plain_forward(double*) { return ASVIT_VARIANT(forward_f64); }
BackwardFn<float> backward(float*) { return ASVIT_VARIANT(backward_f32); }
BackwardFn<double> backward(double*) { return ASVIT_VARIANT(backward_f64); }

/* Queries per work item: enough to amortise the transposition of a row's keys and values. */
constexpr int64_t QUERY_BLOCK = 64;
/* Below this many multiply-adds a call runs on one thread: starting threads would cost more. */
constexpr double MIN_WORK_PER_THREAD = 2.0e6;

/* Threads worth starting for `work` multiply-adds split into `total` items, at most `threads`. */
int64_t threads_for(double work, int64_t total, int32_t threads) {
    int64_t use = threads;
    if (use > total) use = total;
    if (work < MIN_WORK_PER_THREAD * use) {
        use = (int64_t) (work / MIN_WORK_PER_THREAD);
        if (use < 1) use = 1;
    }
    return use;
}

/*
 * Runs body(thread, first, last) over items [0, total) on `use` threads, each with `scratch` elements of
 * its own; items are claimed `grab` at a time. Returns a status code.
 */
template <typename T, typename Body>
int parallel_items(int64_t total, int64_t use, int64_t grab, int64_t scratch, Body body) {
    try {
        std::vector<std::vector<T>> buffers(use);
        for (auto& b : buffers) b.resize(scratch);
        std::atomic<int64_t> next(0);
        auto worker = [&](int64_t t) {
            for (;;) {
                int64_t first = next.fetch_add(grab);
                if (first >= total) return;
                int64_t last = first + grab < total ? first + grab : total;
                body(first, last, buffers[t].data());
            }
        };
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

template <typename T> int64_t padded_tokens(int64_t tokens) {
    constexpr int64_t W = asvit_kernel_common::Width<T>::value;
    return (tokens + W - 1) / W * W;
}

template <typename T>
int run(const T* q, const T* k, const T* v, T* out, T* lse, int64_t rows, int64_t tokens, int64_t dim,
        int32_t order, int32_t threads) {
    if (q == nullptr || k == nullptr || v == nullptr || out == nullptr || rows < 0 || tokens < 1 || dim < 1
        || order < 0 || order > 2 || threads < 1 || (lse != nullptr && order != 0)) {
        return ASVIT_BAD_ARGUMENT;
    }
    if (rows == 0) {
        return ASVIT_OK;
    }
    if (order == 0) {
        /* Plain attention: the tiled kernel, a row per item. */
        ForwardFn<T> fn = plain_forward(static_cast<T*>(nullptr));
        int64_t scratch = asvit_kernel_common::plain_scratch_elements<T>(dim, tokens);
        double work = 2.0 * (double) rows * tokens * tokens * dim;
        return parallel_items<T>(rows, threads_for(work, rows, threads), 1, scratch,
                                 [&](int64_t first, int64_t last, T* buffer) {
                                     fn(q, k, v, out, lse, tokens, dim, first, last, buffer);
                                 });
    }
    ItemsFn<T> fn = items(static_cast<T*>(nullptr));
    int64_t scratch = asvit_kernel_common::scratch_elements(dim, padded_tokens<T>(tokens));
    int64_t blocks_per_row = (tokens + QUERY_BLOCK - 1) / QUERY_BLOCK;
    int64_t total = rows * blocks_per_row;
    double work = 2.0 * (order + 1) * (order + 2) / 2.0 * (double) rows * tokens * tokens * dim;
    int64_t use = threads_for(work, total, threads);
    /* Items are claimed a row at a time, so that each thread usually re-uses its transposed keys and
       values; with few rows, by query blocks. */
    int64_t grab = rows < use ? 1 : blocks_per_row;
    return parallel_items<T>(total, use, grab, scratch, [&](int64_t first, int64_t last, T* buffer) {
        fn(q, k, v, out, rows, tokens, dim, order, QUERY_BLOCK, first, last, buffer);
    });
}

template <typename T>
int run_backward(const T* q, const T* k, const T* v, const T* out, const T* lse, const T* dout, T* dq, T* dk, T* dv,
                 int64_t rows, int64_t tokens, int64_t dim, int32_t threads) {
    if (q == nullptr || k == nullptr || v == nullptr || out == nullptr || lse == nullptr || dout == nullptr
        || dq == nullptr || dk == nullptr || dv == nullptr || rows < 0 || tokens < 1 || dim < 1 || threads < 1) {
        return ASVIT_BAD_ARGUMENT;
    }
    if (rows == 0) {
        return ASVIT_OK;
    }
    BackwardFn<T> fn = backward(static_cast<T*>(nullptr));
    int64_t scratch = asvit_kernel_common::plain_scratch_elements<T>(dim, tokens);
    double work = 5.0 * (double) rows * tokens * tokens * dim;
    return parallel_items<T>(rows, threads_for(work, rows, threads), 1, scratch,
                             [&](int64_t first, int64_t last, T* buffer) {
                                 fn(q, k, v, out, lse, dout, dq, dk, dv, tokens, dim, first, last, buffer);
                             });
}

}  // namespace

extern "C" {

int asvit_attention_jet_f32(const float* q, const float* k, const float* v, float* out, float* lse, int64_t rows,
                            int64_t tokens, int64_t dim, int32_t order, int32_t threads) {
    return run<float>(q, k, v, out, lse, rows, tokens, dim, order, threads);
}

int asvit_attention_jet_f64(const double* q, const double* k, const double* v, double* out, double* lse,
                            int64_t rows, int64_t tokens, int64_t dim, int32_t order, int32_t threads) {
    return run<double>(q, k, v, out, lse, rows, tokens, dim, order, threads);
}

int asvit_attention_backward_f32(const float* q, const float* k, const float* v, const float* out, const float* lse,
                                 const float* dout, float* dq, float* dk, float* dv, int64_t rows, int64_t tokens,
                                 int64_t dim, int32_t threads) {
    return run_backward<float>(q, k, v, out, lse, dout, dq, dk, dv, rows, tokens, dim, threads);
}

int asvit_attention_backward_f64(const double* q, const double* k, const double* v, const double* out,
                                 const double* lse, const double* dout, double* dq, double* dk, double* dv,
                                 int64_t rows, int64_t tokens, int64_t dim, int32_t threads) {
    return run_backward<double>(q, k, v, out, lse, dout, dq, dk, dv, rows, tokens, dim, threads);
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
