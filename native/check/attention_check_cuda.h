/*
 * The check driver's CUDA side: device discovery and a timed launch of asvit_attention_jet_cuda_f32.
 * attention_check_cuda.cu implements it where CMake finds nvcc (ASVIT_HAVE_CUDA); without nvcc,
 * attention_check.cpp answers "built without nvcc" itself, so the rest of the driver compiles with g++
 * alone.
 */
#ifndef ASVIT_CHECK_ATTENTION_CHECK_CUDA_H
#define ASVIT_CHECK_ATTENTION_CHECK_CUDA_H

#include <cstdint>
#include <string>

namespace asvit_check {

/* Device 0's name, compute capability and memory in `description`; false with the reason in `error`
   when the CUDA runtime sees no device. */
bool cuda_device(std::string* description, std::string* error);

/*
 * Copies q, k, v (host, float32, the kernel's layout) to the device, runs asvit_attention_jet_cuda_f32
 * `repeats` times into an output first filled with NaN, and copies the output of the first run to `out`.
 * best_ms: the fastest run (launch and synchronisation, data already on the device). deterministic: whether
 * every later run wrote the same bits as the first. Returns ASVIT_OK, the kernel's status, or
 * ASVIT_DEVICE_ERROR with the CUDA error in `error`.
 */
int cuda_attention(const float* q, const float* k, const float* v, float* out, int64_t rows, int64_t tokens,
                   int64_t dim, int order, int repeats, double* best_ms, bool* deterministic, std::string* error);

}  // namespace asvit_check

#endif
