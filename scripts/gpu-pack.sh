#!/usr/bin/env bash
# Packs what scripts/gpu-check.sh needs on a bare GPU machine (no JDK, no Maven, no network) into parts
# small enough to carry one per command: a trimmed Java 17 runtime (jlink, modules found by jdeps), the
# asvit jar with its runtime jars (libtorch's CUDA natives included), the compiled tests and the JUnit
# console launcher. Run it on the build machine; it writes
#   target/gpu-carry/asvit-gpu.tar.part-NN   the parts (one tar, split; the jars are already compressed)
#   target/gpu-carry/asvit-gpu.sha256         their checksums and the whole tar's, checked on the GPU machine
#   target/gpu-carry/sizes.txt                what the payload is made of, in bytes
#
#   scripts/gpu-pack.sh          the -Pgpu build (CUDA 13); needs nvcc here, so that the jar's native
#                                library has the CUDA kernel
#   scripts/gpu-pack.sh --cpu    the same layout from the CPU build, to dry-run gpu-check.sh on this machine
#
# ASVIT_PACK_PART_MIB: the part size; by default 64 MiB less what a command copies besides (the files
# git tracks or would add) less 1 MiB, so that a part and the working tree fit one 64 MiB transfer.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"

flavour=gpu
profile=(-Pgpu)
case "${1:-}" in
  "") ;;
  --cpu) flavour=cpu; profile=() ;;
  *) echo "gpu-pack.sh: error: unknown option '$1' (accepted: --cpu, or nothing for the -Pgpu build)" >&2; exit 2 ;;
esac

junit_version=1.14.1   # the platform release of the junit-bom 5.14.1 in pom.xml
console="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$junit_version/junit-platform-console-standalone-$junit_version.jar"
if [[ ! -f "$console" ]]; then
  mvn -B -ntp -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" \
    -Dtransitive=false
fi

# The jar of the wanted flavour, from clean: cli/target/lib must not keep the other flavour's natives.
echo "gpu-pack: building the $flavour jar (mvn clean package, tests compiled, not run)..." >&2
mvn -B -ntp -q -DskipTests "${profile[@]+"${profile[@]}"}" -pl cli -am clean package >&2
echo "$flavour" >cli/target/asvit-flavour   # what ./asvit reads to know the jar's flavour
native_status="$(cat java/target/native/status)"
echo "gpu-pack: native kernels: $native_status" >&2
if [[ "$flavour" == gpu && "$native_status" != *CUDA* ]]; then
  echo "gpu-pack: error: the native library was built without the CUDA kernel ($native_status); build where nvcc is found" >&2
  exit 1
fi

pack="$root/target/gpu-pack"
stage="$pack/stage"
carry="$root/target/gpu-carry"
rm -rf "$pack" "$carry"
mkdir -p "$stage/app" "$carry"
cp cli/target/asvit-cli-0.1.0-SNAPSHOT.jar "$stage/app/asvit.jar"
cp -r cli/target/lib "$stage/app/lib"
# Test classes only: their resources (the golden fixtures) are tracked files, already on the GPU machine.
cp -r java/target/test-classes "$stage/app/test-classes"
find "$stage/app/test-classes" -type f ! -name '*.class' -delete
find "$stage/app/test-classes" -type d -empty -delete
cp "$console" "$stage/app/junit-console.jar"
echo "$flavour $(git rev-parse HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')" >"$stage/app/BUILD"

# The runtime: the modules jdeps finds in everything that will run, no debug symbols, man pages or headers.
modules="$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps --class-path "$stage/app/lib/*" \
  "$stage/app/asvit.jar" "$stage/app/test-classes" "$stage/app/junit-console.jar")"
echo "gpu-pack: jlink modules: $modules" >&2
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$stage/jre"

tar -cf "$pack/asvit-gpu.tar" -C "$stage" .
tracked_bytes="$(git ls-files -z --cached --others --exclude-standard | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)"
part_mib="${ASVIT_PACK_PART_MIB:-$(( 64 - (tracked_bytes + 1048575) / 1048576 - 1 ))}"
split -b "${part_mib}M" -d -a 2 "$pack/asvit-gpu.tar" "$carry/asvit-gpu.tar.part-"
(cd "$carry" && sha256sum asvit-gpu.tar.part-* >asvit-gpu.sha256)
(cd "$pack" && sha256sum asvit-gpu.tar | sed 's/asvit-gpu.tar$/whole/' >>"$carry/asvit-gpu.sha256")

{
  echo "flavour: $(cat "$stage/app/BUILD")"
  echo "jlink modules: $modules"
  du -sb "$stage/jre" | sed 's|'"$stage"/'||'
  du -sb "$stage/app/asvit.jar" "$stage/app/test-classes" "$stage/app/junit-console.jar" | sed 's|'"$stage"/'||'
  du -b "$stage"/app/lib/*.jar | sort -n | sed 's|'"$stage"/'||'
  echo "$(stat -c %s "$pack/asvit-gpu.tar") tar (all of it)"
  echo "$tracked_bytes working tree (copied with every command)"
  echo "$part_mib MiB per part, $(ls "$carry"/asvit-gpu.tar.part-* | wc -l) parts"
} >"$carry/sizes.txt"
rm -rf "$pack"
cat "$carry/sizes.txt"
ls "$carry"
