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

/* Keys per tile: a multiple of W with 4 x dim x tile elements (the backward's tile) within about 24 KB. */
template <typename T> inline int64_t plain_tile(int64_t dim, int64_t padded) {
    constexpr int64_t W = Width<T>::value;
    int64_t tile = (int64_t) (24 * 1024 / (4 * sizeof(T))) / dim / W * W;
    if (tile < W) tile = W;
    return tile < padded ? tile : padded;
}

/* Scratch of one thread, for either kernel: the backward's kt, vt, dkt, dvt (dim x tile each), dq partial
   sums (dim x W) and D (tokens); the forward's kt, vt, the tile's scores, m, z (tokens) and o (tokens x dim). */
template <typename T> inline int64_t plain_scratch_elements(int64_t dim, int64_t tokens) {
    constexpr int64_t W = Width<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t tile = plain_tile<T>(dim, padded);
    int64_t backward = 4 * dim * tile + dim * W + tokens;
    int64_t forward = 2 * dim * tile + tile + 2 * tokens + tokens * dim;
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

/* The forward of one row: out (tokens, dim) and, unless null, lse (tokens). */
template <typename T>
static void forward_row(const T* q, const T* k, const T* v, T* out, T* lse, int64_t tokens, int64_t dim,
                        T* scratch) {
    constexpr int64_t W = Width<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t tile = plain_tile<T>(dim, padded);
    T* kt = scratch;
    T* vt = kt + dim * tile;
    T* st = vt + dim * tile;
    T* m = st + tile;
    T* z = m + tokens;
    T* o = z + tokens;
    for (int64_t i = 0; i < tokens; i++) {
        m[i] = -std::numeric_limits<T>::infinity();
        z[i] = 0;
    }
    for (int64_t e = 0; e < tokens * dim; e++) o[e] = 0;
    for (int64_t first = 0; first < padded; first += tile) {
        int64_t width = first + tile < padded ? tile : padded - first;
        int64_t real = tokens - first < width ? tokens - first : width;  /* keys of the tile that exist */
        transpose_tile(kt, k, first, width, tile, tokens, dim);
        transpose_tile(vt, v, first, width, tile, tokens, dim);
        for (int64_t i = 0; i < tokens; i++) {
            const T* qi = q + i * dim;
            T* oi = o + i * dim;
            /* The tile's scores, W keys at a time, and their maximum over the real keys. */
            for (int64_t j = 0; j < width; j += W) {
                T as[W] = {};
                for (int64_t c = 0; c < dim; c++) {
                    const T* kc = kt + c * tile + j;
                    T qc = qi[c];
                    for (int64_t t = 0; t < W; t++) as[t] += qc * kc[t];
                }
                for (int64_t t = 0; t < W; t++) st[j + t] = as[t];
            }
            T mx[W];
            for (int64_t t = 0; t < W; t++) mx[t] = -std::numeric_limits<T>::infinity();
            int64_t full = real / W * W;
            for (int64_t j = 0; j < full; j += W) {
                for (int64_t t = 0; t < W; t++) mx[t] = st[j + t] > mx[t] ? st[j + t] : mx[t];
            }
            T top = m[i];
            for (int64_t t = 0; t < W; t++) top = mx[t] > top ? mx[t] : top;
            for (int64_t j = full; j < real; j++) top = st[j] > top ? st[j] : top;
            if (top > m[i]) {
                T shrink = exp_nonpositive(m[i] - top);  /* 0 for the first tile, where m is -inf */
                z[i] *= shrink;
                for (int64_t c = 0; c < dim; c++) oi[c] *= shrink;
                m[i] = top;
            }
            exp_shift(st, st, top, real);
            for (int64_t j = real; j < width; j++) st[j] = 0;  /* padding keys */
            T zs[W] = {};
            for (int64_t j = 0; j < width; j += W) {
                for (int64_t t = 0; t < W; t++) zs[t] += st[j + t];
            }
            T zsum = 0;
            for (int64_t t = 0; t < W; t++) zsum += zs[t];
            z[i] += zsum;
            for (int64_t c = 0; c < dim; c++) {
                oi[c] += dot(st, vt + c * tile, width);
            }
        }
    }
    for (int64_t i = 0; i < tokens; i++) {
        T inv = T(1) / z[i];
        for (int64_t c = 0; c < dim; c++) out[i * dim + c] = o[i * dim + c] * inv;
        if (lse != nullptr) lse[i] = m[i] + std::log(z[i]);
    }
}

/* The gradients of one row. Every pointer is at the row's (tokens, dim) block, lse at its tokens. */
template <typename T>
static void backward_row(const T* q, const T* k, const T* v, const T* out, const T* lse, const T* dout, T* dq,
                         T* dk, T* dv, int64_t tokens, int64_t dim, T* scratch) {
    constexpr int64_t W = Width<T>::value;
    int64_t padded = (tokens + W - 1) / W * W;
    int64_t tile = plain_tile<T>(dim, padded);
    T* kt = scratch;
    T* vt = kt + dim * tile;
    T* dkt = vt + dim * tile;
    T* dvt = dkt + dim * tile;
    T* dqw = dvt + dim * tile;
    T* rowdot = dqw + dim * W;
    for (int64_t i = 0; i < tokens; i++) {
        rowdot[i] = dot_short(dout + i * dim, out + i * dim, dim);
    }
    for (int64_t e = 0; e < tokens * dim; e++) dq[e] = 0;
    for (int64_t first = 0; first < padded; first += tile) {
        int64_t width = first + tile < padded ? tile : padded - first;
        transpose_tile(kt, k, first, width, tile, tokens, dim);
        transpose_tile(vt, v, first, width, tile, tokens, dim);
        for (int64_t e = 0; e < 2 * dim * tile; e++) dkt[e] = 0;
        for (int64_t i = 0; i < tokens; i++) {
            const T* qi = q + i * dim;
            const T* gi = dout + i * dim;
            T li = lse[i];
            T di = rowdot[i];
            for (int64_t e = 0; e < dim * W; e++) dqw[e] = 0;
            for (int64_t j = 0; j < width; j += W) {
                /* W keys: scores and dP, then P and dS, in registers. */
                T as[W] = {};
                T ap[W] = {};
                for (int64_t c = 0; c < dim; c++) {
                    const T* kc = kt + c * tile + j;
                    const T* vc = vt + c * tile + j;
                    T qc = qi[c];
                    T gc = gi[c];
                    for (int64_t t = 0; t < W; t++) {
                        as[t] += qc * kc[t];
                        ap[t] += gc * vc[t];
                    }
                }
                T p[W];
                T ds[W];
                for (int64_t t = 0; t < W; t++) p[t] = exp_nonpositive(as[t] - li);
                int64_t real = tokens - (first + j);
                for (int64_t t = real < 0 ? 0 : real; t < W; t++) p[t] = 0;  /* padding keys */
                for (int64_t t = 0; t < W; t++) ds[t] = p[t] * (ap[t] - di);
                /* dq_i += dS k; dk += dS^T q_i; dv += P^T dO_i. */
                for (int64_t c = 0; c < dim; c++) {
                    const T* kc = kt + c * tile + j;
                    T* dkc = dkt + c * tile + j;
                    T* dvc = dvt + c * tile + j;
                    T* dqc = dqw + c * W;
                    T qc = qi[c];
                    T gc = gi[c];
                    for (int64_t t = 0; t < W; t++) {
                        dqc[t] += ds[t] * kc[t];
                        dkc[t] += qc * ds[t];
                        dvc[t] += gc * p[t];
                    }
                }
            }
            T* dqi = dq + i * dim;
            for (int64_t c = 0; c < dim; c++) {
                T sum = 0;
                for (int64_t t = 0; t < W; t++) sum += dqw[c * W + t];
                dqi[c] += sum;
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
