/*
 * The CPU attention-jet kernel for jets of order 1 and 2, as a template over the element type (plain
 * attention, order 0, has its own tiled kernels in attention_plain_kernel.h). Included by
 * attention_jet_isa.cpp, which is compiled once per instruction set (a baseline x86-64 build and an
 * AVX2+FMA build) inside its own namespace; attention_jet.cpp picks one at run time.
 *
 * Work is split into items of (row, block of queries). For one query the kernel walks the keys once to
 * form the scores s_0, s_1, s_2 (three rows of `tokens` values, in L1), turns them into P, P', P'' in
 * place, and walks the values once to form the outputs: no (tokens x tokens) map is ever stored.
 *
 * Vectorisation without -ffast-math: every reduction is written with W independent partial sums
 * (W = one cache line of elements), so the compiler vectorises the inner fixed-length loops without
 * reassociating anything itself; the results are deterministic for a given instruction set. Rows of
 * scratch are padded to a multiple of W with zero keys and values, and the padded probabilities are
 * set to zero, so no loop has a tail.
 */
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

/* Each instruction-set variant gets its own copy of every function here (attention_jet_isa.cpp sets
   ASVIT_KERNEL_NAMESPACE): templates and inline functions are merged by the linker across object files,
   so a shared namespace would let one variant's code silently replace the other's. */
#ifndef ASVIT_KERNEL_NAMESPACE
#define ASVIT_KERNEL_NAMESPACE asvit_kernel_common
#endif

namespace ASVIT_KERNEL_NAMESPACE {

template <typename T> struct Width { static constexpr int64_t value = 64 / sizeof(T); };

/* Cephes' single-precision exp polynomial after range reduction, x = n ln 2 + r: exp(x) / 2^n. F is a float
   or a register of floats (the plain kernels' V<float>), so both run the same arithmetic. */
template <typename F> static inline F exp_reduced(F x, F n) {
    F r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    F p = F{} + 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    return p * r * r + r + 1.0f;
}

/* exp for x <= 0, written so that it vectorises (about 1 ulp). */
static inline float exp_nonpositive(float x) {
    x = x < -87.0f ? -87.0f : x;
    float t = x * 1.44269504088896341f;
    float n = (t + 12582912.0f) - 12582912.0f;  /* round to nearest; valid without -ffast-math */
    int32_t bits = ((int32_t) n + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof(scale));
    return exp_reduced(x, n) * scale;
}

static inline double exp_nonpositive(double x) { return std::exp(x); }

template <typename T> static inline void exp_shift(T* p, const T* s, T m, int64_t n) {
    for (int64_t j = 0; j < n; j++) {
        p[j] = exp_nonpositive(s[j] - m);
    }
}

/* Sum of a[j] * b[j] over a padded row, in W partial sums. */
template <typename T> static inline T dot(const T* a, const T* b, int64_t padded) {
    constexpr int64_t W = Width<T>::value;
    T acc[W] = {};
    for (int64_t j = 0; j < padded; j += W) {
        for (int64_t t = 0; t < W; t++) {
            acc[t] += a[j + t] * b[j + t];
        }
    }
    T sum = 0;
    for (int64_t t = 0; t < W; t++) {
        sum += acc[t];
    }
    return sum;
}

/* Per-thread scratch: transposed keys and values of one row (dim x padded each, per jet block) and the
 * score rows of one query. */
template <typename T> struct Scratch {
    T* kt[3];
    T* vt[3];
    T* s[3];
    T* p[3];
};

/* Transposes rows x (tokens, dim) block `src` into (dim, padded), zero in the padding. */
template <typename T> static void transpose_padded(T* dst, const T* src, int64_t tokens, int64_t dim, int64_t padded) {
    for (int64_t c = 0; c < dim; c++) {
        T* d = dst + c * padded;
        for (int64_t j = 0; j < tokens; j++) {
            d[j] = src[j * dim + c];
        }
        for (int64_t j = tokens; j < padded; j++) {
            d[j] = 0;
        }
    }
}

/*
 * One query of one row. q[b] points at the query's dim values in block b; out[b] at its outputs.
 */
template <typename T, int ORDER>
static void attend_query(const T* const* q, T* const* out, const Scratch<T>& w, int64_t tokens, int64_t dim,
                         int64_t padded) {
    constexpr int64_t W = Width<T>::value;
    T* s0 = w.s[0];
    T* s1 = w.s[1];
    T* s2 = w.s[2];
    /* Scores: s0 = q0 k0, s1 = q1 k0 + q0 k1, s2 = q2 k0 + 2 q1 k1 + q0 k2, W keys at a time. */
    for (int64_t j = 0; j < padded; j += W) {
        T a0[W] = {};
        T a1[W] = {};
        T a2[W] = {};
        for (int64_t c = 0; c < dim; c++) {
            const T* k0 = w.kt[0] + c * padded + j;
            T q0 = q[0][c];
            if (ORDER == 1) {
                const T* k1 = w.kt[1] + c * padded + j;
                T q1 = q[1][c];
                for (int64_t t = 0; t < W; t++) a0[t] += q0 * k0[t];
                for (int64_t t = 0; t < W; t++) a1[t] += q1 * k0[t];
                for (int64_t t = 0; t < W; t++) a1[t] += q0 * k1[t];
            } else {
                const T* k1 = w.kt[1] + c * padded + j;
                const T* k2 = w.kt[2] + c * padded + j;
                T q1 = q[1][c];
                T q1x2 = 2 * q1;
                T q2 = q[2][c];
                for (int64_t t = 0; t < W; t++) {
                    a0[t] += q0 * k0[t];
                    a1[t] += q1 * k0[t] + q0 * k1[t];
                    a2[t] += q2 * k0[t] + q1x2 * k1[t] + q0 * k2[t];
                }
            }
        }
        for (int64_t t = 0; t < W; t++) s0[j + t] = a0[t];
        for (int64_t t = 0; t < W; t++) s1[j + t] = a1[t];
        if (ORDER >= 2) for (int64_t t = 0; t < W; t++) s2[j + t] = a2[t];
    }
    /* P = softmax(s0) over the real keys; padded entries become 0. */
    T mx[W];
    for (int64_t t = 0; t < W; t++) mx[t] = -std::numeric_limits<T>::infinity();
    int64_t full = tokens / W * W;
    for (int64_t j = 0; j < full; j += W) {
        for (int64_t t = 0; t < W; t++) mx[t] = s0[j + t] > mx[t] ? s0[j + t] : mx[t];
    }
    T m = -std::numeric_limits<T>::infinity();
    for (int64_t t = 0; t < W; t++) m = mx[t] > m ? mx[t] : m;
    for (int64_t j = full; j < tokens; j++) m = s0[j] > m ? s0[j] : m;
    T* p0 = w.p[0];
    exp_shift(p0, s0, m, padded);
    for (int64_t j = tokens; j < padded; j++) p0[j] = 0;
    T z[W] = {};
    for (int64_t j = 0; j < padded; j += W) {
        for (int64_t t = 0; t < W; t++) z[t] += p0[j + t];
    }
    T zsum = 0;
    for (int64_t t = 0; t < W; t++) zsum += z[t];
    T inv = T(1) / zsum;
    for (int64_t j = 0; j < padded; j++) p0[j] *= inv;
    T* p1 = w.p[1];
    T* p2 = w.p[2];
    /* P' = P u with u = s1 - <P, s1>. */
    T mean1 = dot(p0, s1, padded);
    for (int64_t j = 0; j < padded; j++) {
        p1[j] = p0[j] * (s1[j] - mean1);
    }
    if (ORDER == 2) {
        /* P'' = P' u + P (s2 - <P', s1> - <P, s2>), as the composition forms it. */
        T mean2 = dot(p1, s1, padded) + dot(p0, s2, padded);
        for (int64_t j = 0; j < padded; j++) {
            p2[j] = p1[j] * (s1[j] - mean1) + p0[j] * (s2[j] - mean2);
        }
    }
    /* Outputs: one pass over the values per output coordinate. */
    for (int64_t c = 0; c < dim; c++) {
        const T* v0 = w.vt[0] + c * padded;
        const T* v1 = w.vt[1] + c * padded;
        T a0[W] = {};
        T a1[W] = {};
        T a2[W] = {};
        if (ORDER == 1) {
            for (int64_t j = 0; j < padded; j += W) {
                const T* pj0 = p0 + j;
                const T* pj1 = p1 + j;
                const T* vj0 = v0 + j;
                const T* vj1 = v1 + j;
                for (int64_t t = 0; t < W; t++) {
                    a0[t] += pj0[t] * vj0[t];
                    a1[t] += pj1[t] * vj0[t];
                    a1[t] += pj0[t] * vj1[t];
                }
            }
        } else {
            const T* v2 = w.vt[2] + c * padded;
            for (int64_t j = 0; j < padded; j += W) {
                for (int64_t t = 0; t < W; t++) {
                    a0[t] += p0[j + t] * v0[j + t];
                    a1[t] += p1[j + t] * v0[j + t] + p0[j + t] * v1[j + t];
                    a2[t] += p2[j + t] * v0[j + t] + 2 * p1[j + t] * v1[j + t] + p0[j + t] * v2[j + t];
                }
            }
        }
        T o0 = 0, o1 = 0, o2 = 0;
        for (int64_t t = 0; t < W; t++) {
            o0 += a0[t];
            o1 += a1[t];
            o2 += a2[t];
        }
        out[0][c] = o0;
        out[1][c] = o1;
        if (ORDER == 2) out[2][c] = o2;
    }
}

/*
 * Items [first, last) of (row, query block) pairs; blocks of `query_block` queries per row; order 1 or 2.
 * scratch must hold scratch_elements(order, dim, padded) elements.
 */
inline int64_t scratch_elements(int64_t dim, int64_t padded) {
    return 3 * 2 * dim * padded + 3 * 2 * padded;
}

template <typename T>
void attend_items(const T* q, const T* k, const T* v, T* out, int64_t rows, int64_t tokens, int64_t dim, int order,
                  int64_t query_block, int64_t first, int64_t last, T* scratch) {
    constexpr int64_t W = Width<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    Scratch<T> w;
    T* at = scratch;
    for (int b = 0; b < 3; b++) { w.kt[b] = at; at += dim * padded; }
    for (int b = 0; b < 3; b++) { w.vt[b] = at; at += dim * padded; }
    for (int b = 0; b < 3; b++) { w.s[b] = at; at += padded; }
    for (int b = 0; b < 3; b++) { w.p[b] = at; at += padded; }
    int64_t blocks_per_row = (tokens + query_block - 1) / query_block;
    int64_t block_stride = rows * tokens * dim;  /* elements between jet blocks */
    int64_t loaded_row = -1;
    for (int64_t item = first; item < last; item++) {
        int64_t row = item / blocks_per_row;
        int64_t q_first = (item % blocks_per_row) * query_block;
        int64_t q_last = q_first + query_block < tokens ? q_first + query_block : tokens;
        if (row != loaded_row) {
            for (int b = 0; b <= order; b++) {
                transpose_padded(w.kt[b], k + b * block_stride + row * tokens * dim, tokens, dim, padded);
                transpose_padded(w.vt[b], v + b * block_stride + row * tokens * dim, tokens, dim, padded);
            }
            loaded_row = row;
        }
        for (int64_t i = q_first; i < q_last; i++) {
            const T* qs[3];
            T* os[3];
            for (int b = 0; b < 3; b++) {
                int bb = b <= order ? b : 0;
                qs[b] = q + bb * block_stride + (row * tokens + i) * dim;
                os[b] = out + bb * block_stride + (row * tokens + i) * dim;
            }
            if (order == 1) {
                attend_query<T, 1>(qs, os, w, tokens, dim, padded);
            } else {
                attend_query<T, 2>(qs, os, w, tokens, dim, padded);
            }
        }
    }
}

}  // namespace ASVIT_KERNEL_NAMESPACE
