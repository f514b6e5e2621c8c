/*
 * One instruction-set variant of the CPU kernels (the jet kernel, the plain forward and backward). CMake
 * compiles this file twice: with the x86-64 baseline flags (ASVIT_ISA_NAMESPACE=asvit_baseline) and
 * with -mavx2 -mfma (ASVIT_ISA_NAMESPACE=asvit_avx2); attention_jet.cpp chooses between them at run time, so a library
 * built on one x86-64 machine runs on any other.
 */
#ifndef ASVIT_ISA_NAMESPACE
#error "define ASVIT_ISA_NAMESPACE"
#endif
#define ASVIT_KERNEL_NAMESPACE ASVIT_ISA_NAMESPACE
#include "attention_jet_kernel.h"
#include "attention_plain_kernel.h"

namespace ASVIT_ISA_NAMESPACE {

void items_f32(const float* q, const float* k, const float* v, float* out, int64_t rows, int64_t tokens, int64_t dim,
               int order, int64_t query_block, int64_t first, int64_t last, float* scratch) {
    attend_items<float>(q, k, v, out, rows, tokens, dim, order, query_block, first, last, scratch);
}

void items_f64(const double* q, const double* k, const double* v, double* out, int64_t rows, int64_t tokens,
               int64_t dim, int order, int64_t query_block, int64_t first, int64_t last, double* scratch) {
    attend_items<double>(q, k, v, out, rows, tokens, dim, order, query_block, first, last, scratch);
}

void forward_f32(const float* q, const float* k, const float* v, float* out, float* lse, int64_t tokens, int64_t dim,
                 int64_t first, int64_t last, float* scratch) {
    forward_rows<float>(q, k, v, out, lse, tokens, dim, first, last, scratch);
}

void forward_f64(const double* q, const double* k, const double* v, double* out, double* lse, int64_t tokens,
                 int64_t dim, int64_t first, int64_t last, double* scratch) {
    forward_rows<double>(q, k, v, out, lse, tokens, dim, first, last, scratch);
}

void backward_f32(const float* q, const float* k, const float* v, const float* out, const float* lse,
                  const float* dout, float* dq, float* dk, float* dv, int64_t tokens, int64_t dim, int64_t first,
                  int64_t last, float* scratch) {
    backward_rows<float>(q, k, v, out, lse, dout, dq, dk, dv, tokens, dim, first, last, scratch);
}

void backward_f64(const double* q, const double* k, const double* v, const double* out, const double* lse,
                  const double* dout, double* dq, double* dk, double* dv, int64_t tokens, int64_t dim, int64_t first,
                  int64_t last, double* scratch) {
    backward_rows<double>(q, k, v, out, lse, dout, dq, dk, dv, tokens, dim, first, last, scratch);
}

}  // namespace ASVIT_ISA_NAMESPACE
