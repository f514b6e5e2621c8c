#!/usr/bin/env bash
# Maven's step for the native library (java/pom.xml, phase process-classes): configure and build the
# root CMakeLists.txt. Where CMake or a C++ compiler is missing, or the build fails, it says so in one
# line and succeeds: asvit then runs the libtorch composition (--kernels auto), and --kernels native
# refuses with the reason. The full log is in the build folder.
#
#   build-native.sh SOURCE_ROOT BUILD_DIR JAVACPP_JAR CLASSES_DIR [JAVA_HOME]
set -uo pipefail
src="$1"; build="$2"; jar="$3"; classes="$4"; java_home="${5:-}"
log="$build/native-build.log"
status="$build/status"   # one line, read by the tests: "built ..." or "not built: ..."
mkdir -p "$build"
say() {  # the one line, on the console and in the status file
  echo "[asvit] native kernels: $1"
  echo "$1" >"$status"
  if [[ "$1" == "not built"* ]]; then  # no stale library from an earlier build may stay behind
    rm -f "$classes"/org/asvit/runtime/internal/*/libjniAsvitNative.so
  fi
}
if [[ "${ASVIT_SKIP_NATIVE:-0}" == 1 ]]; then
  say "not built: skipped (ASVIT_SKIP_NATIVE=1); asvit runs on the libtorch composition"
  exit 0
fi
if ! command -v cmake >/dev/null 2>&1; then
  say "not built: CMake not found; asvit runs on the libtorch composition"
  exit 0
fi
build_once() {  # extra CMake arguments; appends to the log
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DASVIT_JAVACPP_JAR="$jar" \
    -DASVIT_CLASSES_DIR="$classes" ${java_home:+-DASVIT_JAVA_HOME="$java_home"} "$@" >>"$log" 2>&1 \
    && cmake --build "$build" -j 2 >>"$log" 2>&1
}
: >"$log"
if ! build_once -DASVIT_NO_CUDA=OFF; then
  # The CUDA kernel must never cost the CPU one: try once more without it.
  if grep -q "CUDA" "$log" && echo "--- again without CUDA ---" >>"$log" && build_once -DASVIT_NO_CUDA=ON; then
    say "built (CPU; the CUDA kernel failed to build, see $log)"
    exit 0
  fi
  reason="the build failed"
  grep -q "No CMAKE_CXX_COMPILER could be found\|CMAKE_CXX_COMPILER not set" "$log" && reason="no C++ compiler found"
  say "not built: $reason (see $log); asvit runs on the libtorch composition"
  exit 0
fi
say "built ($(grep -q 'building the CUDA kernel' "$log" && echo 'CPU and CUDA' || echo 'CPU'))"
