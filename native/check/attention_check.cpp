/*
 * asvit_attention_check: the attention-jet kernels of native/ on random inputs at the shapes the network
 * uses at 224 px (token counts up to 784, head dimensions 4 to 64, jet orders 0 to 2), checked, timed and
 * printed as one table. Exit status 0 when every check passes, 1 when one fails, 2 for a bad option or
 * when --cuda is asked for where no CUDA kernel or device is.
 *
 * The checks, with NativeAttentionTest's tolerances (largest difference relative to the largest entry of
 * each jet block):
 *   ref   the CPU kernel in float64 against a plain float64 reference (attention_reference.h), on the
 *         first rows of each shape: 1e-12;
 *   cpu   the CPU kernel in float32 against the CPU kernel in float64: 1e-5;
 *   cuda  the CUDA kernel (float32) against the CPU kernel in float64, and against the CPU kernel in
 *         float32: 1e-5 each; and its repeated runs must write the same bits.
 *
 *   --cpu            the CPU checks only (what CI runs: it has no GPU)
 *   --cuda           the CUDA checks too; fails when the build has no CUDA kernel or no device is seen
 *   (neither)        the CUDA checks where a kernel and a device are present, else the CPU checks
 *   --repeats N      timed runs per kernel, the fastest reported (default 3)
 *   --threads N      CPU kernel threads (default: the processor count)
 *   --max-rows N     at most N rows per shape (default: the table's rows)
 *   --tokens N       only the shapes with N tokens
 *   --inject-error E adds E times the block's largest entry to one entry of the float32 CPU result before
 *                    it is compared: shows that the comparison catches an error of that size (ctest)
 */
#include "attention_check_cuda.h"
#include "attention_jet.h"
#include "attention_reference.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#ifndef ASVIT_HAVE_CUDA
/* Built without nvcc: attention_check_cuda.cu is not compiled, and the CUDA side answers so. */
namespace asvit_check {
bool cuda_device(std::string*, std::string* error) {
    *error = "the driver was built without nvcc";
    return false;
}
int cuda_attention(const float*, const float*, const float*, float*, int64_t, int64_t, int64_t, int, int, double*,
                   bool*, std::string* error) {
    *error = "the driver was built without nvcc";
    return ASVIT_NO_DEVICE;
}
}  // namespace asvit_check
#endif

namespace {

constexpr double FLOAT64_TOLERANCE = 1e-12;
constexpr double FLOAT32_TOLERANCE = 1e-5;
/* Rows of each shape that the float64 reference recomputes (it is slow: one thread, no tiling). */
constexpr int64_t REFERENCE_ROWS = 2;

/* A shape of one attention call: rows = images x windows x heads. */
struct Shape {
    int64_t tokens;
    int64_t dim;
    int64_t rows;
    const char* where;
};

/* At 224 px the stage grids are 56, 28, 14 and 7 tokens a side (patch stride 4), cut into windows of
   28x28, 14x14 or 7x7 tokens (N = 784, 196, 49) by the searched splits; head dimensions D_i / h_i are
   256 / H = 4, 8 or 16 in the seed networks and up to 64 in grown ones. Rows (images x windows x heads)
   as in a small batch. The small odd shapes check the kernels' tails. */
const Shape SHAPES[] = {
    {784, 4, 8, "28x28 windows"},  {784, 8, 8, "28x28 windows"},  {784, 16, 8, "28x28 windows"},
    {784, 32, 8, "28x28 windows"}, {784, 64, 4, "28x28 windows"}, {196, 4, 32, "14x14 windows"},
    {196, 16, 32, "14x14 windows"}, {196, 64, 16, "14x14 windows"}, {49, 8, 128, "7x7 windows"},
    {49, 32, 128, "7x7 windows"},  {49, 64, 128, "7x7 windows"},  {64, 64, 12, "tails: 8x8 windows"},
    {17, 5, 5, "tails: odd sizes"}, {7, 4, 5, "tails: fewer tokens than a tile"}, {1, 8, 64, "tails: one token"},
};

struct Options {
    enum Mode { AUTO, CPU, CUDA } mode = AUTO;
    int repeats = 3;
    int threads = 0;
    int64_t max_rows = 0;
    int64_t only_tokens = 0;
    double inject_error = 0;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "asvit_attention_check: error: %s (accepted: --cpu, --cuda, --repeats N >= 1, "
                         "--threads N >= 1, --max-rows N >= 1, --tokens N >= 1, --inject-error E >= 0)\n",
                 message.c_str());
    std::exit(2);
}

double number_after(int argc, char** argv, int& i, double minimum) {
    std::string name = argv[i];
    if (i + 1 >= argc) usage_error(name + " needs a value");
    char* end = nullptr;
    double value = std::strtod(argv[++i], &end);
    if (end == argv[i] || *end != '\0' || !(value >= minimum)) {
        usage_error(name + " must be a number >= " + std::to_string((int) minimum) + ", got '" + argv[i] + "'");
    }
    return value;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--cpu") o.mode = Options::CPU;
        else if (a == "--cuda") o.mode = Options::CUDA;
        else if (a == "--repeats") o.repeats = (int) number_after(argc, argv, i, 1);
        else if (a == "--threads") o.threads = (int) number_after(argc, argv, i, 1);
        else if (a == "--max-rows") o.max_rows = (int64_t) number_after(argc, argv, i, 1);
        else if (a == "--tokens") o.only_tokens = (int64_t) number_after(argc, argv, i, 1);
        else if (a == "--inject-error") o.inject_error = number_after(argc, argv, i, 0);
        else usage_error("unknown option '" + a + "'");
    }
    if (o.threads == 0) o.threads = (int) std::max(1u, std::thread::hardware_concurrency());
    return o;
}

/* Largest |expected - actual| over each jet block relative to the block's largest |expected|, the
   worst over the blocks; NaN anywhere gives infinity. Only the first `rows_checked` rows of each block. */
template <typename A, typename B>
double worst_relative(const A* expected, const B* actual, int64_t rows, int64_t rows_checked, int64_t tokens,
                      int64_t dim, int order) {
    const int64_t block = rows * tokens * dim;
    const int64_t checked = rows_checked * tokens * dim;
    double worst = 0;
    for (int b = 0; b <= order; b++) {
        double scale = 0, diff = 0;
        for (int64_t e = b * block; e < b * block + checked; e++) {
            double x = (double) expected[e], y = (double) actual[e];
            if (!std::isfinite(x) || !std::isfinite(y)) return std::numeric_limits<double>::infinity();
            scale = std::max(scale, std::fabs(x));
            diff = std::max(diff, std::fabs(x - y));
        }
        double relative = scale > 0 ? diff / scale : diff;
        worst = std::max(worst, relative);
    }
    return worst;
}

template <typename Fn> double best_ms(int repeats, Fn fn) {
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < repeats; r++) {
        auto start = std::chrono::steady_clock::now();
        fn();
        std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count());
    }
    return best;
}

/* One row of the table: runs every check of one shape and order, prints it, returns whether all passed. */
bool check(const Shape& shape, int order, const Options& options, bool with_cuda) {
    const int64_t rows = options.max_rows > 0 ? std::min(shape.rows, options.max_rows) : shape.rows;
    const int64_t tokens = shape.tokens, dim = shape.dim;
    const size_t count = (size_t) (order + 1) * rows * tokens * dim;
    /* Inputs as NativeAttentionTest draws them: normal, q scaled by 2 d^-1/2, derivatives of the same size. */
    std::mt19937_64 random(1000003ULL * tokens + 1009ULL * dim + order);
    std::normal_distribution<double> normal;
    std::vector<float> q(count), k(count), v(count);
    for (float& x : q) x = (float) (normal(random) * 2.0 / std::sqrt((double) dim));
    for (float& x : k) x = (float) normal(random);
    for (float& x : v) x = (float) normal(random);
    std::vector<double> q64(q.begin(), q.end()), k64(k.begin(), k.end()), v64(v.begin(), v.end());

    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> out64(count, nan);
    std::vector<float> out32(count, (float) nan);
    int status64 = asvit_attention_jet_f64(q64.data(), k64.data(), v64.data(), out64.data(), nullptr, rows, tokens,
                                           dim, order, options.threads);
    int status32 = 0;
    double cpu_ms = best_ms(options.repeats, [&] {
        status32 = asvit_attention_jet_f32(q.data(), k.data(), v.data(), out32.data(), nullptr, rows, tokens, dim,
                                           order, options.threads);
    });
    const int64_t reference_rows = std::min(rows, REFERENCE_ROWS);
    std::vector<double> reference(count, nan);
    for (int64_t r = 0; r < reference_rows; r++) {
        asvit_check::reference_row(q64.data(), k64.data(), v64.data(), reference.data(), rows, tokens, dim, order, r);
    }
    if (options.inject_error > 0) {
        double scale = 0;
        for (int64_t e = 0; e < rows * tokens * dim; e++) scale = std::max(scale, std::fabs(out64[e]));
        out32[0] += (float) (options.inject_error * scale);
    }
    double ref_error = status64 == ASVIT_OK
                           ? worst_relative(reference.data(), out64.data(), rows, reference_rows, tokens, dim, order)
                           : std::numeric_limits<double>::infinity();
    double cpu_error = status32 == ASVIT_OK && status64 == ASVIT_OK
                           ? worst_relative(out64.data(), out32.data(), rows, rows, tokens, dim, order)
                           : std::numeric_limits<double>::infinity();
    bool ok = ref_error <= FLOAT64_TOLERANCE && cpu_error <= FLOAT32_TOLERANCE;
    std::string note;
    if (status64 != ASVIT_OK || status32 != ASVIT_OK) {
        note = "CPU kernel status " + std::to_string(status64) + "/" + std::to_string(status32);
    }

    std::printf("%5lld %3lld %5lld %3d | %9.1e %9.1e |", (long long) tokens, (long long) dim, (long long) rows,
                order, ref_error, cpu_error);
    if (with_cuda) {
        std::vector<float> cuda_out(count);
        double cuda_ms = 0;
        bool deterministic = true;
        std::string error;
        int status = asvit_check::cuda_attention(q.data(), k.data(), v.data(), cuda_out.data(), rows, tokens, dim,
                                                 order, options.repeats, &cuda_ms, &deterministic, &error);
        double cuda_vs64 = std::numeric_limits<double>::infinity(), cuda_vs32 = cuda_vs64;
        if (status == ASVIT_OK) {
            cuda_vs64 = worst_relative(out64.data(), cuda_out.data(), rows, rows, tokens, dim, order);
            cuda_vs32 = worst_relative(out32.data(), cuda_out.data(), rows, rows, tokens, dim, order);
        } else {
            note += (note.empty() ? "" : "; ") + error;
        }
        if (!deterministic) note += (note.empty() ? "" : "; ") + std::string("CUDA runs differ");
        ok = ok && status == ASVIT_OK && deterministic && cuda_vs64 <= FLOAT32_TOLERANCE
             && cuda_vs32 <= FLOAT32_TOLERANCE;
        std::printf(" %9.1e %9.1e | %9.3f %9.3f %7.1f |", cuda_vs64, cuda_vs32, cpu_ms, cuda_ms,
                    status == ASVIT_OK && cuda_ms > 0 ? cpu_ms / cuda_ms : 0.0);
    } else {
        std::printf(" %9.3f |", cpu_ms);
    }
    std::printf(" %-4s %s%s%s\n", ok ? "ok" : "FAIL", shape.where, note.empty() ? "" : "; ", note.c_str());
    std::fflush(stdout);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    Options options = parse(argc, argv);
    std::string device, why_not;
    bool with_cuda = false;
    if (options.mode != Options::CPU) {
        if (!asvit_has_cuda_kernel()) {
            why_not = "the library was built without nvcc";
        } else if (asvit_check::cuda_device(&device, &why_not)) {
            with_cuda = true;
        }
        if (!with_cuda && options.mode == Options::CUDA) {
            std::fprintf(stderr, "asvit_attention_check: error: --cuda, but %s\n", why_not.c_str());
            return 2;
        }
    }
    std::printf("asvit attention-jet kernels: CPU %s, %d threads", asvit_cpu_isa(), options.threads);
    if (with_cuda) {
        std::printf("; CUDA: %s\n", device.c_str());
    } else {
        std::printf("; CUDA: not run (%s)\n", options.mode == Options::CPU ? "--cpu" : why_not.c_str());
    }
    std::printf("errors: largest difference / largest entry of each jet block, worst block; limits: ref %.0e, "
                "others %.0e; times: fastest of %d runs, ms\n",
                FLOAT64_TOLERANCE, FLOAT32_TOLERANCE, options.repeats);
    std::printf("    N   d  rows ord |  f64-ref   f32-f64  |");
    if (with_cuda) {
        std::printf(" cuda-f64  cuda-f32  |    cpu ms   cuda ms cpu/gpu |");
    } else {
        std::printf("    cpu ms |");
    }
    std::printf(" result\n");
    int checked = 0, failed = 0;
    for (const Shape& shape : SHAPES) {
        if (options.only_tokens > 0 && shape.tokens != options.only_tokens) continue;
        for (int order = 0; order <= 2; order++) {
            checked++;
            if (!check(shape, order, options, with_cuda)) failed++;
        }
    }
    if (checked == 0) {
        std::fprintf(stderr, "asvit_attention_check: error: no shape has --tokens %lld (accepted: 784, 196, 64, "
                             "49, 17, 7, 1)\n", (long long) options.only_tokens);
        return 2;
    }
    std::printf("%d of %d checks passed%s\n", checked - failed, checked, with_cuda ? " (CPU and CUDA)" : " (CPU)");
    return failed == 0 ? 0 : 1;
}
