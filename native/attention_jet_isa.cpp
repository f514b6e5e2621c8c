/*
 * One instruction-set variant of the CPU kernel. CMake compiles this file twice: with the x86-64
 * baseline flags (ASVIT_ISA_NAMESPACE=asvit_baseline) and with -mavx2 -mfma
 * (ASVIT_ISA_NAMESPACE=asvit_avx2); attention_jet.cpp chooses between them at run time, so a library
 * built on one x86-64 machine runs on any other.
 */
#ifndef ASVIT_ISA_NAMESPACE
#error "define ASVIT_ISA_NAMESPACE"
#endif
#define ASVIT_KERNEL_NAMESPACE ASVIT_ISA_NAMESPACE
#include "attention_jet_kernel.h"

namespace ASVIT_ISA_NAMESPACE {

void items_f32(const float* q, const float* k, const float* v, float* out, int64_t rows, int64_t tokens, int64_t dim,
               int order, int64_t query_block, int64_t first, int64_t last, float* scratch) {
    attend_items<float>(q, k, v, out, rows, tokens, dim, order, query_block, first, last, scratch);
}

void items_f64(const double* q, const double* k, const double* v, double* out, int64_t rows, int64_t tokens,
               int64_t dim, int order, int64_t query_block, int64_t first, int64_t last, double* scratch) {
    attend_items<double>(q, k, v, out, rows, tokens, dim, order, query_block, first, last, scratch);
}

}  // namespace ASVIT_ISA_NAMESPACE
