/*
 * The CPU kernels of plain (order-0) softmax attention: the forward, which also gives each query's
 * log-sum-exp, and the backward, for passes under autograd (the NTK). Included by attention_jet_isa.cpp
 * after attention_jet_kernel.h, whose helpers they share, once per instruction set.
 *
 * Both walk a row's keys in tiles small enough that the tile's transposed keys and values (and in the
 * backward its dk, dv accumulators) stay in L1 while every query of the row passes over them. Walking
 * all of a row's keys per query, as the jet kernel does, streams them from L2 once per query; at stage
 * 1's shapes (784 keys, d = 8) the untiled backward took 2.1x as long.
 *
 * Forward: per query a running maximum m, sum z and output accumulator o over the tiles (the online
 * softmax): when a tile raises m, z and o are first scaled by exp(m_old - m_new). Then out = o / z and
 * lse = m + log z.
 *
 * Backward: with S = q k^T (q already scaled), P = softmax(S) by rows and O = P v, the gradients given dO
 * are dv = P^T dO, dS = P * (dP - D) with dP = dO v^T and D = rowsum(dO * O), dq = dS k, dk = dS^T q.
 * The forward's log-sum-exp L gives P_ij = exp(S_ij - L_i) key by key, so no row maximum or sum is
 * needed, and no map is stored.
 *
 * One row (window and head) is one work item, so every sum runs in a fixed order: the results are
 * deterministic for a given instruction set, whatever the thread count.
 */
#ifndef ASVIT_KERNEL_NAMESPACE
#error "include attention_jet_kernel.h first"
#endif

namespace ASVIT_KERNEL_NAMESPACE {

/* One 32-byte register of T, through the vector extensions of GCC and Clang. The backward kernel is written
   with it explicitly: what the auto-vectoriser made of the same loops swung by 2x to 5x with details such as
   whether a pointer might alias another or a loop ran 8 times or 16. */
template <typename T> struct Register { typedef T type __attribute__((vector_size(32))); };
template <typename T> using V = typename Register<T>::type;
template <typename T> struct Lanes { static constexpr int64_t value = 32 / sizeof(T); };

template <typename T> static inline V<T> vload(const T* p) {
    V<T> x;
    std::memcpy(&x, p, sizeof x);
    return x;
}

template <typename T> static inline void vstore(T* p, V<T> x) {
    std::memcpy(p, &x, sizeof x);
}

/* exp of x <= 0 lane by lane: exp_nonpositive's polynomial on a whole register for float. */
template <typename T> static inline V<T> vexp_nonpositive(V<T> x);

template <> inline V<float> vexp_nonpositive<float>(V<float> x) {
    typedef int32_t Bits __attribute__((vector_size(32)));
    x = x < -87.0f ? V<float>{} - 87.0f : x;
    V<float> n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    Bits bits = (__builtin_convertvector(n, Bits) + 127) << 23;
    V<float> scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return exp_reduced(x, n) * scale;
}

template <> inline V<double> vexp_nonpositive<double>(V<double> x) {
    for (int64_t t = 0; t < Lanes<double>::value; t++) x[t] = std::exp(x[t]);
    return x;
}

/* Keys per tile: a multiple of W with `arrays` x dim x tile elements within about 24 KB of L1 (the forward
   keeps 2 such arrays, keys and values; the backward 4, with the dk and dv accumulators). */
template <typename T> inline int64_t plain_tile(int64_t dim, int64_t padded, int64_t arrays) {
    constexpr int64_t W = Width<T>::value;
    int64_t tile = (int64_t) (24 * 1024 / (arrays * sizeof(T))) / dim / W * W;
    if (tile < W) tile = W;
    return tile < padded ? tile : padded;
}

/* Scratch of one thread, for either kernel: the backward's kt, vt, dkt, dvt (dim x tile each), dq partial
   sums (dim x W) and D (tokens); the forward's kt, vt, the tile's scores, m, z (tokens) and o (tokens x dim). */
template <typename T> inline int64_t plain_scratch_elements(int64_t dim, int64_t tokens) {
    constexpr int64_t W = Width<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t tile = plain_tile<T>(dim, padded, 4);
    int64_t forward_tile = plain_tile<T>(dim, padded, 2);
    int64_t backward = 4 * dim * tile + 2 * dim * Lanes<T>::value + tokens;
    int64_t forward = 2 * dim * forward_tile + 2 * forward_tile + (tokens + 1) * (2 + dim);
    return backward > forward ? backward : forward;
}

/* Sum of a[c] * b[c] over a short vector (a head's dim), in order. */
template <typename T> static inline T dot_short(const T* a, const T* b, int64_t n) {
    T sum = 0;
    for (int64_t c = 0; c < n; c++) sum += a[c] * b[c];
    return sum;
}

/* Transposes keys [first, first + width) of a (tokens, dim) block into rows of `stride` elements, one per
   coordinate, zero past `tokens`. */
template <typename T>
static void transpose_tile(T* dst, const T* src, int64_t first, int64_t width, int64_t stride, int64_t tokens,
                           int64_t dim) {
    for (int64_t c = 0; c < dim; c++) {
        T* d = dst + c * stride;
        for (int64_t j = 0; j < width; j++) {
            d[j] = first + j < tokens ? src[(first + j) * dim + c] : T(0);
        }
    }
}

/* A query's running softmax over the tiles: maximum m, sum z and unnormalised output o (dim). */
template <typename T> struct OnlineSoftmax {
    T* m;
    T* z;
    T* o;
};

/* Folds one tile's scores s (width, zero past `real`) into a query's running softmax; s becomes exp(s - m). */
template <typename T>
static void fold_tile(OnlineSoftmax<T> state, T* s, int64_t real, int64_t width, int64_t dim) {
    constexpr int64_t W = Width<T>::value;
    T mx[W];
    for (int64_t t = 0; t < W; t++) mx[t] = -std::numeric_limits<T>::infinity();
    int64_t full = real / W * W;
    for (int64_t j = 0; j < full; j += W) {
        for (int64_t t = 0; t < W; t++) mx[t] = s[j + t] > mx[t] ? s[j + t] : mx[t];
    }
    T top = *state.m;
    for (int64_t t = 0; t < W; t++) top = mx[t] > top ? mx[t] : top;
    for (int64_t j = full; j < real; j++) top = s[j] > top ? s[j] : top;
    if (top > *state.m) {
        T shrink = exp_nonpositive(*state.m - top);  /* 0 for the first tile, where m is -inf */
        *state.z *= shrink;
        for (int64_t c = 0; c < dim; c++) state.o[c] *= shrink;
        *state.m = top;
    }
    exp_shift(s, s, top, real);
    for (int64_t j = real; j < width; j++) s[j] = 0;  /* padding keys */
    T zs[W] = {};
    for (int64_t j = 0; j < width; j += W) {
        for (int64_t t = 0; t < W; t++) zs[t] += s[j + t];
    }
    T zsum = 0;
    for (int64_t t = 0; t < W; t++) zsum += zs[t];
    *state.z += zsum;
}

/* The forward of one row: out (tokens, dim) and, unless null, lse (tokens). Two queries at a time with
   explicit vectors, for the same reason as the backward: four independent chains of multiply-adds. */
template <typename T>
static void forward_row(const T* q, const T* k, const T* v, T* out, T* lse, int64_t tokens, int64_t dim,
                        T* scratch) {
    constexpr int64_t W = Width<T>::value;
    constexpr int64_t L = Lanes<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t tile = plain_tile<T>(dim, padded, 2);
    T* kt = scratch;
    T* vt = kt + dim * tile;
    T* st0 = vt + dim * tile;
    T* st1 = st0 + tile;
    T* m = st1 + tile;       /* tokens + 1: the last is a spare for an odd query's missing partner */
    T* z = m + tokens + 1;   /* tokens + 1 */
    T* o = z + tokens + 1;   /* (tokens + 1) x dim */
    for (int64_t i = 0; i <= tokens; i++) {
        m[i] = -std::numeric_limits<T>::infinity();
        z[i] = 0;
    }
    for (int64_t e = 0; e < (tokens + 1) * dim; e++) o[e] = 0;
    for (int64_t first = 0; first < padded; first += tile) {
        int64_t width = first + tile < padded ? tile : padded - first;
        int64_t real = tokens - first < width ? tokens - first : width;  /* keys of the tile that exist */
        transpose_tile(kt, k, first, width, tile, tokens, dim);
        transpose_tile(vt, v, first, width, tile, tokens, dim);
        for (int64_t i = 0; i < tokens; i += 2) {
            int64_t i1 = i + 1 < tokens ? i + 1 : tokens;  /* the spare slot */
            const T* q0 = q + i * dim;
            const T* q1 = q + (i + 1 < tokens ? i + 1 : i) * dim;
            /* The tile's scores of both queries. */
            for (int64_t j = 0; j < width; j += W) {
                V<T> s0a = {}, s0b = {}, s1a = {}, s1b = {};
                for (int64_t c = 0; c < dim; c++) {
                    const T* kc = kt + c * tile + j;
                    V<T> ka = vload(kc), kb = vload(kc + L);
                    T q0c = q0[c], q1c = q1[c];
                    s0a += q0c * ka;
                    s0b += q0c * kb;
                    s1a += q1c * ka;
                    s1b += q1c * kb;
                }
                vstore(st0 + j, s0a);
                vstore(st0 + j + L, s0b);
                vstore(st1 + j, s1a);
                vstore(st1 + j + L, s1b);
            }
            OnlineSoftmax<T> a0 = {m + i, z + i, o + i * dim};
            OnlineSoftmax<T> a1 = {m + i1, z + i1, o + i1 * dim};
            fold_tile(a0, st0, real, width, dim);
            fold_tile(a1, st1, real, width, dim);
            /* o += P v for both queries, one coordinate at a time over the tile's keys. */
            for (int64_t c = 0; c < dim; c++) {
                const T* vc = vt + c * tile;
                V<T> o0a = {}, o0b = {}, o1a = {}, o1b = {};
                for (int64_t j = 0; j < width; j += W) {
                    V<T> va = vload(vc + j), vb = vload(vc + j + L);
                    o0a += vload(st0 + j) * va;
                    o0b += vload(st0 + j + L) * vb;
                    o1a += vload(st1 + j) * va;
                    o1b += vload(st1 + j + L) * vb;
                }
                V<T> o0 = o0a + o0b;
                V<T> o1 = o1a + o1b;
                T sum0 = 0;
                T sum1 = 0;
                for (int64_t t = 0; t < L; t++) {
                    sum0 += o0[t];
                    sum1 += o1[t];
                }
                a0.o[c] += sum0;
                a1.o[c] += sum1;
            }
        }
    }
    for (int64_t i = 0; i < tokens; i++) {
        T inv = T(1) / z[i];
        for (int64_t c = 0; c < dim; c++) out[i * dim + c] = o[i * dim + c] * inv;
        if (lse != nullptr) lse[i] = m[i] + std::log(z[i]);
    }
}

/* The gradients of one row. Every pointer is at the row's (tokens, dim) block, lse at its tokens.
 *
 * Written with explicit 32-byte vectors (V<T>), two queries and 2 x L keys per step: the two queries'
 * score sums are four independent chains per vector (a fused multiply-add waits about 5 cycles for its
 * predecessor), and each load or store of a key, value or dk, dv accumulator serves both queries. */
template <typename T>
static void backward_row(const T* q, const T* k, const T* v, const T* out, const T* lse, const T* dout, T* dq,
                         T* dk, T* dv, int64_t tokens, int64_t dim, T* scratch) {
    constexpr int64_t W = Width<T>::value;
    constexpr int64_t L = Lanes<T>::value;
    static_assert(W == 2 * L, "a step covers one cache line of keys: two registers");
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t tile = plain_tile<T>(dim, padded, 4);
    T* kt = scratch;
    T* vt = kt + dim * tile;
    T* dkt = vt + dim * tile;
    T* dvt = dkt + dim * tile;
    T* dq0w = dvt + dim * tile;   /* per coordinate, one register of partial sums per query */
    T* dq1w = dq0w + dim * L;
    T* rowdot = dq1w + dim * L;
    for (int64_t i = 0; i < tokens; i++) {
        rowdot[i] = dot_short(dout + i * dim, out + i * dim, dim);
    }
    for (int64_t e = 0; e < tokens * dim; e++) dq[e] = 0;
    for (int64_t first = 0; first < padded; first += tile) {
        int64_t width = first + tile < padded ? tile : padded - first;
        transpose_tile(kt, k, first, width, tile, tokens, dim);
        transpose_tile(vt, v, first, width, tile, tokens, dim);
        for (int64_t e = 0; e < 2 * dim * tile; e++) dkt[e] = 0;
        /* An odd last query is paired with itself, its copy weighted 0. */
        for (int64_t i = 0; i < tokens; i += 2) {
            int64_t i1 = i + 1 < tokens ? i + 1 : i;
            T weight1 = i + 1 < tokens ? T(1) : T(0);
            const T* q0 = q + i * dim;
            const T* q1 = q + i1 * dim;
            const T* g0 = dout + i * dim;
            const T* g1 = dout + i1 * dim;
            T l0 = lse[i];
            T l1 = lse[i1];
            T d0 = rowdot[i];
            T d1 = rowdot[i1];
            for (int64_t e = 0; e < 2 * dim * L; e++) dq0w[e] = 0;
            for (int64_t j = 0; j < width; j += W) {
                V<T> s0a = {}, s0b = {}, s1a = {}, s1b = {};
                V<T> p0a = {}, p0b = {}, p1a = {}, p1b = {};
                for (int64_t c = 0; c < dim; c++) {
                    const T* kc = kt + c * tile + j;
                    const T* vc = vt + c * tile + j;
                    V<T> ka = vload(kc), kb = vload(kc + L), va = vload(vc), vb = vload(vc + L);
                    T q0c = q0[c], q1c = q1[c], g0c = g0[c], g1c = g1[c];
                    s0a += q0c * ka;
                    s0b += q0c * kb;
                    s1a += q1c * ka;
                    s1b += q1c * kb;
                    p0a += g0c * va;
                    p0b += g0c * vb;
                    p1a += g1c * va;
                    p1b += g1c * vb;
                }
                /* P = exp(S - L); dS = P (dP - D), with P zero on padding keys. */
                V<T> mask_a = {}, mask_b = {};
                for (int64_t t = 0; t < L; t++) {
                    mask_a[t] = first + j + t < tokens ? T(1) : T(0);
                    mask_b[t] = first + j + L + t < tokens ? T(1) : T(0);
                }
                V<T> e0a = vexp_nonpositive<T>(s0a - l0) * mask_a;
                V<T> e0b = vexp_nonpositive<T>(s0b - l0) * mask_b;
                V<T> e1a = vexp_nonpositive<T>(s1a - l1) * (mask_a * weight1);
                V<T> e1b = vexp_nonpositive<T>(s1b - l1) * (mask_b * weight1);
                V<T> ds0a = e0a * (p0a - d0), ds0b = e0b * (p0b - d0);
                V<T> ds1a = e1a * (p1a - d1), ds1b = e1b * (p1b - d1);
                /* dq += dS k; dk += dS^T q; dv += P^T dO, for both queries. */
                for (int64_t c = 0; c < dim; c++) {
                    const T* kc = kt + c * tile + j;
                    T* dkc = dkt + c * tile + j;
                    T* dvc = dvt + c * tile + j;
                    V<T> ka = vload(kc), kb = vload(kc + L);
                    T q0c = q0[c], q1c = q1[c], g0c = g0[c], g1c = g1[c];
                    vstore(dq0w + c * L, vload(dq0w + c * L) + ds0a * ka + ds0b * kb);
                    vstore(dq1w + c * L, vload(dq1w + c * L) + ds1a * ka + ds1b * kb);
                    vstore(dkc, vload(dkc) + q0c * ds0a + q1c * ds1a);
                    vstore(dkc + L, vload(dkc + L) + q0c * ds0b + q1c * ds1b);
                    vstore(dvc, vload(dvc) + g0c * e0a + g1c * e1a);
                    vstore(dvc + L, vload(dvc + L) + g0c * e0b + g1c * e1b);
                }
            }
            for (int64_t c = 0; c < dim; c++) {
                T sum0 = 0;
                T sum1 = 0;
                for (int64_t t = 0; t < L; t++) {
                    sum0 += dq0w[c * L + t];
                    sum1 += dq1w[c * L + t];
                }
                dq[i * dim + c] += sum0;
                if (i + 1 < tokens) dq[i1 * dim + c] += sum1;
            }
        }
        int64_t last = first + width < tokens ? first + width : tokens;
        for (int64_t j = first; j < last; j++) {
            for (int64_t c = 0; c < dim; c++) {
                dk[j * dim + c] = dkt[c * tile + (j - first)];
                dv[j * dim + c] = dvt[c * tile + (j - first)];
            }
        }
    }
}

/* Rows [first, last) of the forward: q, k, v, out are (rows, tokens, dim), lse (rows, tokens) or null. */
template <typename T>
void forward_rows(const T* q, const T* k, const T* v, T* out, T* lse, int64_t tokens, int64_t dim, int64_t first,
                  int64_t last, T* scratch) {
    for (int64_t row = first; row < last; row++) {
        int64_t at = row * tokens * dim;
        forward_row(q + at, k + at, v + at, out + at, lse == nullptr ? nullptr : lse + row * tokens, tokens, dim,
                    scratch);
    }
}

/* Rows [first, last) of the backward: every pointer is the start of a (rows, tokens, dim) tensor, lse of
   (rows, tokens). */
template <typename T>
void backward_rows(const T* q, const T* k, const T* v, const T* out, const T* lse, const T* dout, T* dq, T* dk,
                   T* dv, int64_t tokens, int64_t dim, int64_t first, int64_t last, T* scratch) {
    for (int64_t row = first; row < last; row++) {
        int64_t at = row * tokens * dim;
        backward_row(q + at, k + at, v + at, out + at, lse + row * tokens, dout + at, dq + at, dk + at, dv + at,
                     tokens, dim, scratch);
    }
}

}  // namespace ASVIT_KERNEL_NAMESPACE
