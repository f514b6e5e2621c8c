/*
 * asvit native kernels: windowed multi-head softmax attention with its second-order jets, and the
 * backward pass of plain attention.
 *
 * The C interface that the JavaCPP binding (org.asvit.runtime.internal.AttentionJetBinding) calls. Every
 * pointer is the data of a contiguous tensor; the Java side checks shapes, dtypes, devices and strides
 * before it calls, and these functions check the scalar arguments once more and return a non-zero
 * status instead of touching memory when they are inconsistent.
 */
#ifndef ASVIT_ATTENTION_JET_H
#define ASVIT_ATTENTION_JET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
#define ASVIT_OK 0
#define ASVIT_BAD_ARGUMENT 1
#define ASVIT_OUT_OF_MEMORY 2
#define ASVIT_NO_DEVICE 3
#define ASVIT_DEVICE_ERROR 4

/*
 * Softmax attention of a jet, values and derivatives stacked block-major on the first axis:
 * q, k, v and out are ((order + 1) * rows, tokens, dim), contiguous; block 0 holds the values, block 1
 * the first derivatives, block 2 the second. q is already scaled by dim^-1/2.
 *
 * out_0 = P v_0, out_1 = P' v_0 + P v_1, out_2 = P'' v_0 + 2 P' v_1 + P v_2 with P = softmax(q_0 k_0^T)
 * and P', P'' its closed-form derivatives (see WindowAttention's comment); no map is written to memory.
 *
 * lse: null, or (order 0 only) a (rows, tokens) array that receives each query's log-sum-exp
 * log(sum_j exp(q_i k_j)), which the backward kernel needs.
 * threads: worker threads to use (1 runs on the caller's thread alone).
 */
int asvit_attention_jet_f32(const float* q, const float* k, const float* v, float* out, float* lse, int64_t rows,
                            int64_t tokens, int64_t dim, int32_t order, int32_t threads);
int asvit_attention_jet_f64(const double* q, const double* k, const double* v, double* out, double* lse,
                            int64_t rows, int64_t tokens, int64_t dim, int32_t order, int32_t threads);

/*
 * The backward pass of plain softmax attention (order 0): given q, k, v, the forward's out and lse, and
 * the gradient dout of out = softmax(q k^T) v, all (rows, tokens, dim) and contiguous (lse (rows,
 * tokens)), writes the gradients dq, dk and dv (same shape; dq with respect to the scaled q that was
 * passed). P is recomputed tile by tile, never stored. Each row is summed by one thread in a fixed
 * order: deterministic for any thread count.
 */
int asvit_attention_backward_f32(const float* q, const float* k, const float* v, const float* out, const float* lse,
                                 const float* dout, float* dq, float* dk, float* dv, int64_t rows, int64_t tokens,
                                 int64_t dim, int32_t threads);
int asvit_attention_backward_f64(const double* q, const double* k, const double* v, const double* out,
                                 const double* lse, const double* dout, double* dq, double* dk, double* dv,
                                 int64_t rows, int64_t tokens, int64_t dim, int32_t threads);

/* The same on CUDA device pointers (stream 0); ASVIT_NO_DEVICE when built without CUDA. */
int asvit_attention_jet_cuda_f32(const float* q, const float* k, const float* v, float* out,
                                 int64_t rows, int64_t tokens, int64_t dim, int32_t order);

/* 1 when this library was built with the CUDA kernel. */
int asvit_has_cuda_kernel(void);

/* The instruction set the CPU kernel dispatches to on this machine: "avx2-fma" or "x86-64". */
const char* asvit_cpu_isa(void);

#ifdef __cplusplus
}
#endif

#endif
