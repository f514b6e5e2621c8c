/*
 * The attention-jet kernel on CUDA (float32), the GPU counterpart of attention_jet_kernel.h: same
 * inputs, same closed forms, no map stored. Built only where CMake finds nvcc (cmake/AsvitCuda.cmake).
 *
 * One thread per query, 128 queries per block, one block row per attention row; keys and values pass
 * through shared memory in tiles of 16 tokens. Three sweeps over the keys: the maximum score; then
 * Z = sum w, sum w s1, sum w s1^2, sum w s2 with w = exp(s0 - max), which give <P, s1> and
 * <P', s1> + <P, s2>; then the outputs with P, P', P'' formed on the fly. Head dimensions up to 64.
 *
 * NOT YET RUN ON A GPU: no GPU machine was available while it was written. It is compiled, reachable
 * only through --kernels native on a CUDA device, and CudaNativeAttentionTest checks it against the
 * libtorch composition wherever a GPU is present.
 */
#include "attention_jet.h"

#include <cuda_runtime.h>

namespace {

constexpr int THREADS = 128;
constexpr int TILE = 16;
constexpr int MAX_DIM = 64;

template <int ORDER>
__global__ void attention_jet(const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
                              float* __restrict__ out, int64_t rows, int64_t tokens, int dim) {
    extern __shared__ float tile[];  /* (ORDER+1) key tiles, then (ORDER+1) value tiles, TILE x dim each */
    const int64_t row = blockIdx.y;
    const int64_t i = (int64_t) blockIdx.x * blockDim.x + threadIdx.x;
    const bool active = i < tokens;
    const int64_t block_stride = rows * tokens * dim;
    const int64_t row_offset = row * tokens * dim;

    float qv[ORDER + 1][MAX_DIM];
    for (int b = 0; b <= ORDER; b++) {
        for (int c = 0; c < dim; c++) {
            qv[b][c] = active ? q[b * block_stride + row_offset + i * dim + c] : 0.0f;
        }
    }
    float* kt = tile;
    float* vt = tile + (ORDER + 1) * TILE * dim;

    float m = -INFINITY;
    float z = 0, a1 = 0, b1 = 0, c2 = 0;
    float mean1 = 0, mean2 = 0;
    float o[ORDER + 1][MAX_DIM];
    for (int b = 0; b <= ORDER; b++) {
        for (int c = 0; c < dim; c++) o[b][c] = 0;
    }

    for (int sweep = 0; sweep < 3; sweep++) {
        for (int64_t j0 = 0; j0 < tokens; j0 += TILE) {
            int64_t count = tokens - j0 < TILE ? tokens - j0 : TILE;
            /* Cooperative load of the tile (values only in the last sweep). */
            int blocks_to_load = sweep == 2 ? 2 * (ORDER + 1) : (sweep == 0 ? 1 : ORDER + 1);
            for (int64_t e = threadIdx.x; e < (int64_t) blocks_to_load * count * dim; e += blockDim.x) {
                int which = (int) (e / (count * dim));
                int64_t rest = e % (count * dim);
                int b = which % (ORDER + 1);
                const float* src = which < ORDER + 1 ? k : v;
                float* dst = which < ORDER + 1 ? kt : vt;
                dst[b * TILE * dim + rest] = src[b * block_stride + row_offset + j0 * dim + rest];
            }
            __syncthreads();
            if (active) {
                for (int64_t jj = 0; jj < count; jj++) {
                    float s0 = 0, s1 = 0, s2 = 0;
                    const float* k0 = kt + jj * dim;
                    for (int c = 0; c < dim; c++) s0 += qv[0][c] * k0[c];
                    if (sweep == 0) {
                        m = fmaxf(m, s0);
                        continue;
                    }
                    if (ORDER >= 1) {
                        const float* k1 = kt + TILE * dim + jj * dim;
                        for (int c = 0; c < dim; c++) s1 += qv[1][c] * k0[c] + qv[0][c] * k1[c];
                    }
                    if (ORDER >= 2) {
                        const float* k1 = kt + TILE * dim + jj * dim;
                        const float* k2 = kt + 2 * TILE * dim + jj * dim;
                        for (int c = 0; c < dim; c++) {
                            s2 += qv[2][c] * k0[c] + 2.0f * qv[1][c] * k1[c] + qv[0][c] * k2[c];
                        }
                    }
                    float w = expf(s0 - m);
                    if (sweep == 1) {
                        z += w;
                        a1 += w * s1;
                        b1 += w * s1 * s1;
                        c2 += w * s2;
                        continue;
                    }
                    float p = w / z;
                    float u = s1 - mean1;
                    float p1 = p * u;
                    float p2 = p1 * u + p * (s2 - mean2);
                    const float* v0 = vt + jj * dim;
                    for (int c = 0; c < dim; c++) o[0][c] += p * v0[c];
                    if (ORDER >= 1) {
                        const float* v1 = vt + TILE * dim + jj * dim;
                        for (int c = 0; c < dim; c++) o[1][c] += p1 * v0[c] + p * v1[c];
                        if (ORDER >= 2) {
                            const float* v2 = vt + 2 * TILE * dim + jj * dim;
                            for (int c = 0; c < dim; c++) o[2][c] += p2 * v0[c] + 2.0f * p1 * v1[c] + p * v2[c];
                        }
                    }
                }
            }
            __syncthreads();
        }
        if (sweep == 1) {
            mean1 = a1 / z;
            mean2 = (b1 - mean1 * a1 + c2) / z;
        }
    }
    if (active) {
        for (int b = 0; b <= ORDER; b++) {
            for (int c = 0; c < dim; c++) out[b * block_stride + row_offset + i * dim + c] = o[b][c];
        }
    }
}

}  // namespace

extern "C" {

int asvit_attention_jet_cuda_f32(const float* q, const float* k, const float* v, float* out, int64_t rows,
                                 int64_t tokens, int64_t dim, int32_t order) {
    if (q == nullptr || k == nullptr || v == nullptr || out == nullptr || rows < 0 || tokens < 1 || dim < 1
        || dim > MAX_DIM || order < 0 || order > 2 || rows > 65535) {
        return ASVIT_BAD_ARGUMENT;
    }
    if (rows == 0) {
        return ASVIT_OK;
    }
    dim3 grid((unsigned) ((tokens + THREADS - 1) / THREADS), (unsigned) rows);
    size_t shared = (size_t) 2 * (order + 1) * TILE * dim * sizeof(float);
    switch (order) {
        case 0: attention_jet<0><<<grid, THREADS, shared>>>(q, k, v, out, rows, tokens, (int) dim); break;
        case 1: attention_jet<1><<<grid, THREADS, shared>>>(q, k, v, out, rows, tokens, (int) dim); break;
        default: attention_jet<2><<<grid, THREADS, shared>>>(q, k, v, out, rows, tokens, (int) dim); break;
    }
    if (cudaGetLastError() != cudaSuccess) {
        return ASVIT_DEVICE_ERROR;
    }
    return cudaDeviceSynchronize() == cudaSuccess ? ASVIT_OK : ASVIT_DEVICE_ERROR;
}

int asvit_has_cuda_kernel(void) {
    return 1;
}

}  // extern "C"
