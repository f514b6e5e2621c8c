#!/usr/bin/env bash
# The GPU check, run on a machine with an NVIDIA GPU, CMake, nvcc and a Python with PyTorch for CUDA 13
# (for its CUDA libraries), but no JDK, no Maven and no network. scripts/gpu-pack.sh prepares what Java
# needs as parts of one tar, carried one per command into target/gpu-carry/ (ignored by git, so the parts
# of earlier commands stay while the machine is kept). README, GPU, gives the sequence of commands.
#
#   scripts/gpu-check.sh kernels   builds native/check (ASVIT_KERNELS_ONLY, nvcc) and runs
#                                  asvit_attention_check: the CUDA kernel against the CPU kernel, timed
#   scripts/gpu-check.sh receive   checks the parts carried so far against their checksums
#   scripts/gpu-check.sh java      joins the parts, unpacks them, and runs asvit on CUDA: the CUDA tests
#                                  (CudaNativeAttentionTest, CudaFixtureMetricsTest), asvit doctor, the seed's
#                                  reward (NTK + L^E, R = 5), each metric, and random topologies per minute
#
# Every mode first reports the parts present. Without a GPU (nvidia-smi lists none) it says so, runs the
# CPU checks of the kernel driver, and the Java steps on the CPU: a dry run of the script itself.
# Everything printed also goes to $OUT (default target/gpu-check/out): one file per step and summary.txt
# (step, exit status, seconds).
#
#   ASVIT_CHECK_IMAGE_SIZE   image side of the Java steps (default 224)
#   ASVIT_CHECK_SOAK_COUNT   random topologies for the throughput step (default 40)
#   ASVIT_CHECK_DEADLINE     seconds the java mode may take in all (default 540: a command may run 600)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
mode="${1:-}"
case "$mode" in
  kernels|receive|java) ;;
  *) echo "gpu-check.sh: error: mode must be kernels, receive or java, got '${mode}'" >&2; exit 2 ;;
esac

work="$root/target/gpu-check"
carry="$root/target/gpu-carry"
out="${OUT:-$work/out}"
mkdir -p "$work" "$out"
summary="$out/summary.txt"
start_time=$SECONDS
deadline="${ASVIT_CHECK_DEADLINE:-540}"
image="${ASVIT_CHECK_IMAGE_SIZE:-224}"
soak_count="${ASVIT_CHECK_SOAK_COUNT:-40}"
seed_arch='8,2,3|4,1,2|4,1,4|4,1,6|32'
failed=0

log() { echo "[gpu-check] $*" | tee -a "$summary"; }

# step NAME LIMIT_SECONDS COMMAND...: runs it with its output on the console and in $out/NAME.txt, cut at
# LIMIT or at the deadline, whichever comes first; records the exit status and seconds.
step() {
  local name="$1" limit="$2"; shift 2
  local left=$(( deadline - (SECONDS - start_time) ))
  (( left < limit )) && limit=$left
  if (( limit < 5 )); then
    log "$name: not run (the ${deadline} s deadline is reached)"
    failed=1
    return 1
  fi
  echo "===== $name: $*" | tee "$out/$name.txt"
  local t0=$SECONDS
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee -a "$out/$name.txt"
  local rc=${PIPESTATUS[0]}
  log "$name: exit $rc, $(( SECONDS - t0 )) s$( (( rc == 124 || rc == 137 )) && echo " (cut at $limit s)")"
  return "$rc"
}

# The GPU, as the driver sees it.
gpu=""
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >"$out/nvidia-smi.txt" 2>&1; then
  gpu="$(head -1 "$out/nvidia-smi.txt")"
  nvidia-smi >>"$out/nvidia-smi.txt" 2>&1
  log "GPU: $gpu"
else
  log "no GPU: $(command -v nvidia-smi >/dev/null 2>&1 && head -1 "$out/nvidia-smi.txt" || echo 'nvidia-smi not found'); CPU checks only"
fi

# The parts: which are here, and do they match the checksums gpu-pack.sh wrote.
parts_ok=0
if [[ -f "$carry/asvit-gpu.sha256" ]]; then
  expected=$(grep -c 'part-' "$carry/asvit-gpu.sha256")
  present=0; bad=""; missing=""
  while read -r sum name; do
    [[ "$name" == whole ]] && continue
    if [[ ! -f "$carry/$name" ]]; then missing+=" ${name##*-}"; continue; fi
    present=$((present + 1))
    [[ "$(sha256sum "$carry/$name" | cut -d' ' -f1)" == "$sum" ]] || bad+=" ${name##*-}"
  done <"$carry/asvit-gpu.sha256"
  log "parts: $present of $expected present${missing:+; missing:$missing}${bad:+; CORRUPT:$bad}"
  [[ -z "$missing" && -z "$bad" ]] && parts_ok=1
else
  log "parts: none (no target/gpu-carry/asvit-gpu.sha256; scripts/gpu-pack.sh makes them)"
fi

if [[ "$mode" == kernels ]]; then
  build="$work/kernels"
  # --threads 0: nvcc compiles the five architectures in parallel.
  step kernels-build 400 bash -c "cmake -S '$root' -B '$build' -DCMAKE_BUILD_TYPE=Release -DASVIT_KERNELS_ONLY=ON \
      -DCMAKE_CUDA_FLAGS='--threads 0' && cmake --build '$build' -j \$(nproc) --target asvit_attention_check" \
    || failed=1
  if [[ -x "$build/asvit_attention_check" ]]; then
    if [[ -n "$gpu" ]]; then
      step kernels-check 300 "$build/asvit_attention_check" --cuda --repeats 5 || failed=1
    else
      step kernels-check 300 "$build/asvit_attention_check" --cpu --max-rows 2 --repeats 1 || failed=1
    fi
  fi
fi

if [[ "$mode" == java ]]; then
  if (( ! parts_ok )); then
    log "java: not run: carry the missing parts first"
    exit 1
  fi
  payload="$work/payload"
  whole="$(awk '$2 == "whole" {print $1}' "$carry/asvit-gpu.sha256")"
  if [[ "$(cat "$payload/.sha256" 2>/dev/null)" != "$whole" ]]; then
    rm -rf "$payload" && mkdir -p "$payload"
    t0=$SECONDS
    if [[ "$(cat "$carry"/asvit-gpu.tar.part-* | sha256sum | cut -d' ' -f1)" != "$whole" ]]; then
      log "java: the joined parts do not match the tar's checksum"
      exit 1
    fi
    cat "$carry"/asvit-gpu.tar.part-* | tar -xf - -C "$payload" || { log "java: the tar does not unpack"; exit 1; }
    echo "$whole" >"$payload/.sha256"
    log "unpacked: $(du -sh "$payload" | cut -f1) in $(( SECONDS - t0 )) s, built from $(cat "$payload/app/BUILD")"
  fi
  java="$payload/jre/bin/java"
  app="$payload/app"

  # libtorch's CUDA natives come from the jar; the CUDA libraries they link (cudart, cuBLAS, cuDNN, ...)
  # from this machine: the nvidia-* wheels beside PyTorch, then the CUDA toolkit. Never PyTorch's own
  # torch/lib: that is libtorch 2.11, and the Bytedeco JNI was compiled against 2.10's C++ API.
  nvidia_libs="$(python3 - <<'EOF' 2>/dev/null
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
found = {os.path.dirname(p) for r in roots for p in glob.glob(os.path.join(r, "nvidia", "**", "lib*.so*"), recursive=True)}
print(":".join(sorted(found)))
EOF
)"
  export LD_LIBRARY_PATH="${nvidia_libs:+$nvidia_libs:}/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "$LD_LIBRARY_PATH" | tr ':' '\n' >"$out/ld-library-path.txt"
  cache="$work/javacpp-cache"
  jvm=("$java" -Xss8m -Djava.awt.headless=true -Dorg.bytedeco.javacpp.cachedir="$cache")
  asvit=("${jvm[@]}" -jar "$app/asvit.jar")
  device=cpu
  [[ -n "$gpu" ]] && device=cuda

  step version 60 "${asvit[@]}" --version || failed=1
  step doctor 180 "${asvit[@]}" doctor
  rc=$?
  # 3: no GPU usable, the CPU path passed; expected exactly when there is no GPU.
  if ! { (( rc == 0 )) && [[ -n "$gpu" ]]; } && ! { (( rc == 3 )) && [[ -z "$gpu" ]]; }; then failed=1; fi
  # What the natives link and this machine lacks (the Loader has unpacked them by now).
  find "$cache" -name 'lib*.so*' -path '*pytorch*' -type f -exec ldd {} + >"$out/ldd.txt" 2>&1
  grep -q "not found" "$out/ldd.txt" && log "ldd: missing libraries: $(grep 'not found' "$out/ldd.txt" | awk '{print $1}' | sort -u | tr '\n' ' ')"

  classpath="$app/junit-console.jar:$app/test-classes:$root/java/src/test/resources:$app/asvit.jar"
  step cuda-tests 240 "${jvm[@]}" -cp "$classpath" org.junit.platform.console.ConsoleLauncher execute \
    --disable-banner --disable-ansi-colors --details tree --reports-dir "$out/junit" \
    --select-class org.asvit.model.CudaNativeAttentionTest --select-class org.asvit.metrics.CudaFixtureMetricsTest \
    || failed=1
  # An assumption that fails (no CUDA device, no CUDA kernel) aborts a class without failing the run.
  count() { grep -o "[0-9]* $1" "$out/cuda-tests.txt" | head -1 | cut -d' ' -f1; }
  log "cuda-tests: $(count 'tests successful') tests passed, $(count 'tests failed') failed, $(count 'containers aborted') classes aborted"
  if [[ -n "$gpu" ]] && [[ "$(count 'containers aborted')" != 0 || "$(count 'tests successful')" == 0 ]]; then
    log "cuda-tests: on a GPU machine every CUDA test must run: see $out/cuda-tests.txt"
    failed=1
  fi

  evaluate=("${asvit[@]}" evaluate --arch "$seed_arch" --image-size "$image" --device "$device" --json)
  step reward 180 "${evaluate[@]}" --repeat 5 || failed=1
  for metric in ntk length curvature length-kappa length-kappa-reference; do
    step "metric-$metric" 90 "${evaluate[@]}" --repeat 1 --metrics "$metric" || failed=1
  done
  # The CUDA kernel on the curve metrics: --kernels auto does not use it on CUDA until it has passed here.
  step metric-length-native 90 "${evaluate[@]}" --repeat 1 --metrics length --kernels native || failed=1
  step throughput 240 "${asvit[@]}" soak --count "$soak_count" --baseline $(( soak_count / 4 )) \
    --image-size "$image" --device "$device" --json || failed=1
fi

log "$mode: $( (( failed )) && echo FAILED || echo passed) after $(( SECONDS - start_time )) s (device: ${gpu:-none}); output in $out"
exit "$failed"
