/*
 * A plain float64 reference for the attention-jet kernels: the closed forms of attention_jet.h written
 * out once per query, with no tiling, no vectorisation and no shared code with the kernels, so that it
 * can check them. Slow (one thread, the scores of a query kept in full), so the check driver runs it on
 * a few rows only.
 *
 * For a query i of one row: s0_j = q0_i . k0_j, s1_j = q1_i . k0_j + q0_i . k1_j,
 * s2_j = q2_i . k0_j + 2 q1_i . k1_j + q0_i . k2_j; P = softmax(s0); u = s1 - <P, s1>; P' = P u;
 * P'' = P' u + P (s2 - <P', s1> - <P, s2>); out0 = P v0, out1 = P' v0 + P v1,
 * out2 = P'' v0 + 2 P' v1 + P v2.
 */
#ifndef ASVIT_CHECK_ATTENTION_REFERENCE_H
#define ASVIT_CHECK_ATTENTION_REFERENCE_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace asvit_check {

/*
 * One row of the jet: q, k, v and out are ((order + 1) * rows, tokens, dim), block-major as the kernels
 * take them; only the entries of `row` in each block are read and written.
 */
inline void reference_row(const double* q, const double* k, const double* v, double* out, int64_t rows,
                          int64_t tokens, int64_t dim, int order, int64_t row) {
    const int64_t block = rows * tokens * dim;
    const int64_t base = row * tokens * dim;
    auto at = [&](const double* x, int b, int64_t token) { return x + b * block + base + token * dim; };
    auto dot = [&](const double* a, const double* c) {
        double sum = 0;
        for (int64_t e = 0; e < dim; e++) sum += a[e] * c[e];
        return sum;
    };
    std::vector<double> s0(tokens), s1(tokens, 0.0), s2(tokens, 0.0), p(tokens), p1(tokens), p2(tokens);
    for (int64_t i = 0; i < tokens; i++) {
        double top = -std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < tokens; j++) {
            s0[j] = dot(at(q, 0, i), at(k, 0, j));
            if (order >= 1) s1[j] = dot(at(q, 1, i), at(k, 0, j)) + dot(at(q, 0, i), at(k, 1, j));
            if (order >= 2) {
                s2[j] = dot(at(q, 2, i), at(k, 0, j)) + 2 * dot(at(q, 1, i), at(k, 1, j))
                        + dot(at(q, 0, i), at(k, 2, j));
            }
            top = std::max(top, s0[j]);
        }
        double z = 0;
        for (int64_t j = 0; j < tokens; j++) z += std::exp(s0[j] - top);
        double mean1 = 0;
        for (int64_t j = 0; j < tokens; j++) {
            p[j] = std::exp(s0[j] - top) / z;
            mean1 += p[j] * s1[j];
        }
        double mean2 = 0;
        for (int64_t j = 0; j < tokens; j++) {
            p1[j] = p[j] * (s1[j] - mean1);
            mean2 += p1[j] * s1[j] + p[j] * s2[j];
        }
        for (int64_t j = 0; j < tokens; j++) p2[j] = p1[j] * (s1[j] - mean1) + p[j] * (s2[j] - mean2);
        for (int b = 0; b <= order; b++) {
            double* o = out + b * block + base + i * dim;
            for (int64_t c = 0; c < dim; c++) {
                double sum = 0;
                for (int64_t j = 0; j < tokens; j++) {
                    if (b == 0) sum += p[j] * at(v, 0, j)[c];
                    if (b == 1) sum += p1[j] * at(v, 0, j)[c] + p[j] * at(v, 1, j)[c];
                    if (b == 2) sum += p2[j] * at(v, 0, j)[c] + 2 * p1[j] * at(v, 1, j)[c] + p[j] * at(v, 2, j)[c];
                }
                o[c] = sum;
            }
        }
    }
}

}  // namespace asvit_check

#endif
