/*
 * The check driver's CUDA side (see attention_check_cuda.h): plain CUDA runtime calls around the
 * library's entry point, which runs on stream 0 and synchronises before it returns.
 */
#include "attention_check_cuda.h"

#include "attention_jet.h"

#include <cuda_runtime.h>

#include <cstring>
#include <string>
#include <vector>

namespace asvit_check {

namespace {

/* Device buffers freed on every path out of cuda_attention. */
struct DeviceBuffer {
    float* data = nullptr;
    ~DeviceBuffer() {
        if (data != nullptr) cudaFree(data);
    }
};

bool failed(cudaError_t status, const char* what, std::string* error) {
    if (status == cudaSuccess) return false;
    *error = std::string(what) + ": " + cudaGetErrorString(status);
    return true;
}

}  // namespace

bool cuda_device(std::string* description, std::string* error) {
    int count = 0;
    if (failed(cudaGetDeviceCount(&count), "cudaGetDeviceCount", error)) return false;
    if (count < 1) {
        *error = "the CUDA runtime sees no device";
        return false;
    }
    cudaDeviceProp props;
    if (failed(cudaGetDeviceProperties(&props, 0), "cudaGetDeviceProperties", error)) return false;
    int runtime = 0, driver = 0;
    cudaRuntimeGetVersion(&runtime);
    cudaDriverGetVersion(&driver);
    *description = std::string(props.name) + ", compute capability " + std::to_string(props.major) + "."
                   + std::to_string(props.minor) + ", " + std::to_string(props.totalGlobalMem >> 20) + " MiB, "
                   + std::to_string(count) + " device(s), runtime " + std::to_string(runtime) + ", driver "
                   + std::to_string(driver);
    return true;
}

int cuda_attention(const float* q, const float* k, const float* v, float* out, int64_t rows, int64_t tokens,
                   int64_t dim, int order, int repeats, double* best_ms, bool* deterministic, std::string* error) {
    const size_t count = (size_t) (order + 1) * rows * tokens * dim;
    const size_t bytes = count * sizeof(float);
    DeviceBuffer dq, dk, dv, dout;
    for (DeviceBuffer* b : {&dq, &dk, &dv, &dout}) {
        if (failed(cudaMalloc(&b->data, bytes), "cudaMalloc", error)) return ASVIT_DEVICE_ERROR;
    }
    if (failed(cudaMemcpy(dq.data, q, bytes, cudaMemcpyHostToDevice), "cudaMemcpy q", error)
        || failed(cudaMemcpy(dk.data, k, bytes, cudaMemcpyHostToDevice), "cudaMemcpy k", error)
        || failed(cudaMemcpy(dv.data, v, bytes, cudaMemcpyHostToDevice), "cudaMemcpy v", error)) {
        return ASVIT_DEVICE_ERROR;
    }
    cudaEvent_t start, stop;
    if (failed(cudaEventCreate(&start), "cudaEventCreate", error)) return ASVIT_DEVICE_ERROR;
    if (failed(cudaEventCreate(&stop), "cudaEventCreate", error)) {
        cudaEventDestroy(start);
        return ASVIT_DEVICE_ERROR;
    }
    std::vector<float> again(count);
    *best_ms = -1;
    *deterministic = true;
    int status = ASVIT_OK;
    for (int run = 0; run < repeats && status == ASVIT_OK; run++) {
        /* All bits set: a NaN in every entry, so an output the kernel never writes cannot pass. */
        if (failed(cudaMemset(dout.data, 0xff, bytes), "cudaMemset", error)) {
            status = ASVIT_DEVICE_ERROR;
            break;
        }
        cudaEventRecord(start);
        status = asvit_attention_jet_cuda_f32(dq.data, dk.data, dv.data, dout.data, rows, tokens, dim, order);
        cudaEventRecord(stop);
        if (status != ASVIT_OK) {
            cudaError_t last = cudaGetLastError();
            *error = std::string("asvit_attention_jet_cuda_f32 returned ") + std::to_string(status)
                     + (last != cudaSuccess ? std::string(" (") + cudaGetErrorString(last) + ")" : std::string());
            break;
        }
        float ms = 0;
        if (failed(cudaEventSynchronize(stop), "cudaEventSynchronize", error)
            || failed(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime", error)) {
            status = ASVIT_DEVICE_ERROR;
            break;
        }
        if (*best_ms < 0 || ms < *best_ms) *best_ms = ms;
        float* target = run == 0 ? out : again.data();
        if (failed(cudaMemcpy(target, dout.data, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy out", error)) {
            status = ASVIT_DEVICE_ERROR;
            break;
        }
        if (run > 0 && std::memcmp(out, again.data(), bytes) != 0) *deterministic = false;
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return status;
}

}  // namespace asvit_check
