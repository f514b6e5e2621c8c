#!/usr/bin/env bash
# Does asvit reproduce the paper? Runs the asvit commands behind each of the paper's tables and figures into
# resumable run folders under --out, then writes the comparison document with its tables and PNG figures
# (`asvit reproduction-report`). Every run folder is resumed, never redone: after an interruption, the same
# command line continues where it stopped.
#
#   scripts/reproduce.sh --quick | --cpu | --paper [--out DIR] [--doc FILE] [--backend B] [options]
#
#   --quick   a smoke run of every part at tiny settings (minutes; the tests run it): 32 px, R = 1
#   --cpu     what a 2-core CPU does in a few hours: 10 quick-preset searches (64 px, R = 2) and 2 at the
#             paper's setting (224 px, R = 5); the paper's seed grown at 224 px, R = 5 (seed 0) and at 64 px,
#             R = 2 over 10 seeds by the metrics and at random; the NTK along the 224 px path on its noise
#             batch, on images and at 64 and 128 px; the metrics' cost at 224 px; counts and
#             re-tokenisation savings; the Fashion-MNIST study when its data is installed
#   --paper   the paper's settings throughout: 10 searches and 10 growths (and 10 random) at 224 px, R = 5,
#             on a GPU (ASVIT_GPU=1) or a Spark cluster (--backend spark --spark-master URL)
#
# Options:
#   --out DIR               run folders (default runs/reproduce-MODE)
#   --doc FILE              the document (default docs/reproduction.md; --quick: DIR/reproduction.md); its
#                           figures go to a folder beside it named after it (docs/reproduction/)
#   --backend B             local | threads:N | spark, passed to search and grow (never changes a result)
#   --spark-master URL      with --backend spark
#   --device D              cpu | cuda | auto, passed to every evaluating command (default cpu)
#   --search-seeds N        searches of the many-seed setting (the mode's count by default)
#   --search-image-size PX, --search-repeat R, --search-steps N   that setting (the mode's by default)
#   --grow-seeds N          growths of the many-seed setting, each by the metrics and at random
#   --grow-image-size PX, --grow-repeat R, --grow-stop N          that setting
#   --grow-data DIR         (--cpu) images for the NTK batch of one more growth, seed 0 at that setting, and
#                           of the ntk-path part (default: synthetic shapes from asvit make-dataset)
#   --parts LIST            comma-separated subset of search,search-paper,grow,grow-paper,grow-images,ntk-path,
#                           cost,count,schedule,study,report (default: all)
#
# Environment: ASVIT, the asvit command to run (default: ./asvit beside this folder).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
asvit="${ASVIT:-$root/asvit}"

die() { echo "reproduce.sh: error: $*" >&2; exit 2; }

mode=""; out=""; doc=""; backend=(); device=(--device cpu); parts="all"
search_seeds=""; search_px=""; search_r=""; search_steps=""
grow_seeds=""; grow_px=""; grow_r=""; grow_stop=""; grow_data=""
args_given=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick|--cpu|--paper) [[ -z "$mode" ]] || die "give one of --quick, --cpu, --paper, not two"; mode="${1#--}" ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    --doc) doc="${2:?--doc needs a file}"; shift ;;
    --backend) backend+=(--backend "${2:?--backend needs local, threads:N or spark}"); shift ;;
    --spark-master) backend+=(--spark-master "${2:?--spark-master needs a URL}"); shift ;;
    --device) device=(--device "${2:?--device needs cpu, cuda or auto}"); shift ;;
    --search-seeds) search_seeds="$2"; shift ;;
    --search-image-size) search_px="$2"; shift ;;
    --search-repeat) search_r="$2"; shift ;;
    --search-steps) search_steps="$2"; shift ;;
    --grow-seeds) grow_seeds="$2"; shift ;;
    --grow-image-size) grow_px="$2"; shift ;;
    --grow-repeat) grow_r="$2"; shift ;;
    --grow-stop) grow_stop="$2"; shift ;;
    --grow-data) grow_data="$2"; shift ;;
    --parts) parts="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (accepted: --quick, --cpu, --paper, --out, --doc, --backend, --spark-master, --device, --search-seeds, --search-image-size, --search-repeat, --search-steps, --grow-seeds, --grow-image-size, --grow-repeat, --grow-stop, --grow-data, --parts)" ;;
  esac
  shift
done
[[ -n "$mode" ]] || die "give one of --quick, --cpu, --paper"
for p in ${parts//,/ }; do
  case "$p" in all|search|search-paper|grow|grow-paper|grow-images|ntk-path|cost|count|schedule|study|report) ;;
    *) die "--parts: unknown part '$p' (accepted: search, search-paper, grow, grow-paper, grow-images, ntk-path, cost, count, schedule, study, report)" ;;
  esac
done
wants() { [[ ",$parts," == *",all,"* || ",$parts," == *",$1,"* ]]; }

seed_arch='8,2,3|4,1,2|4,1,4|4,1,6|32'
# The mode's settings. "many": the many-seed setting; "paper": runs at the paper's own 224 px, R = 5.
case "$mode" in
  quick) d_search=(32 1 10 2);  paper_search_seeds=0; d_grow=(32 1 3e6 2); paper_grow_seeds=0; cost=(32 1) ;;
  cpu)   d_search=(64 2 500 10); paper_search_seeds=2; d_grow=(64 2 80e6 10); paper_grow_seeds=1; cost=(224 5) ;;
  paper) d_search=(224 5 500 10); paper_search_seeds=0; d_grow=(224 5 80e6 10); paper_grow_seeds=0; cost=(224 5) ;;
esac
search_px="${search_px:-${d_search[0]}}"; search_r="${search_r:-${d_search[1]}}"
search_steps="${search_steps:-${d_search[2]}}"; search_seeds="${search_seeds:-${d_search[3]}}"
grow_px="${grow_px:-${d_grow[0]}}"; grow_r="${grow_r:-${d_grow[1]}}"
grow_stop="${grow_stop:-${d_grow[2]}}"; grow_seeds="${grow_seeds:-${d_grow[3]}}"
for n in "$search_seeds" "$search_px" "$search_r" "$search_steps" "$grow_seeds" "$grow_px" "$grow_r"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "seed counts, image sizes, repeats and steps must be whole numbers, got '$n'"
done

out="${out:-runs/reproduce-$mode}"
if [[ -z "$doc" ]]; then
  if [[ "$mode" == quick ]]; then doc="$out/reproduction.md"; else doc="$root/docs/reproduction.md"; fi
fi
mkdir -p "$out"
log="$out/commands.tsv"   # folder, wall seconds, command, load average at its start: one tab-separated line per command

# Runs one asvit command for the run folder $1 (relative to --out), logging its wall time; its output goes to $1.log.
run() {
  local folder="$1"; shift
  local start end status=0
  # --resume only where there is a run to resume: asvit refuses it on a missing or empty folder.
  local args=() a prev="" outdir=""
  for a in "$@"; do
    [[ "$prev" == --out ]] && outdir="$a"
    prev="$a"
  done
  for a in "$@"; do
    if [[ "$a" == --resume ]] && [[ ! -e "$outdir" || ( -d "$outdir" && -z "$(ls -A "$outdir" 2>/dev/null)" ) ]]; then
      continue
    fi
    args+=("$a")
  done
  set -- "${args[@]}"
  mkdir -p "$(dirname "$out/$folder")"
  echo "reproduce.sh: asvit $*" >&2
  local load; load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo nan)
  start=$(date +%s%N)
  "$asvit" "$@" > "$out/$folder.log" 2>&1 || status=$?
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  printf '%s\t%d.%03d\t%s\t%s\n' "$folder" $((ms / 1000)) $((ms % 1000)) "asvit $*" "$load" >> "$log"
  if [[ $status -ne 0 ]]; then
    echo "reproduce.sh: 'asvit $*' failed with exit code $status; its output: $out/$folder.log" >&2
    tail -n 5 "$out/$folder.log" >&2
    exit "$status"
  fi
}

# The JSON object a --json command printed (its last line that starts with '{'), from $1.log into $1.json.
json_of() { grep '^{' "$out/$1.log" | tail -n 1 > "$out/$1.json.part" && mv "$out/$1.json.part" "$out/$1.json"; }

# Folder names carry the setting, so runs of different settings never share a folder.
search_dir() { local n="search-${1}px-r$2"; [[ "$3" == 500 ]] || n="$n-$3steps"; echo "$n"; }
grow_dir() { local n="grow-${1}px-r$2"; [[ "$3" == 80e6 ]] || n="$n-stop$3"; echo "$n"; }

# The images for an NTK batch at $1 px: --grow-data, or else asvit make-dataset's synthetic shapes at that size
# (made once into shapes$1/), spatially smooth like photographs, unlike noise. Sets $data.
image_batch() {
  data="$grow_data"
  if [[ -z "$data" ]]; then
    [[ -d "$out/shapes$1/train" ]] || run "shapes$1" make-dataset --classes 8 --per-class 8 --val-per-class 0 --size "$1" --out "$out/shapes$1"
    data="$out/shapes$1/train"
  fi
}

if wants search; then
  d=$(search_dir "$search_px" "$search_r" "$search_steps")
  for ((s = 0; s < search_seeds; s++)); do
    run "$d/seed-$s" search --image-size "$search_px" --repeat "$search_r" --steps "$search_steps" --seed "$s" \
      "${device[@]}" ${backend[@]+"${backend[@]}"} --out "$out/$d/seed-$s" --resume
  done
fi
if wants search-paper && [[ $paper_search_seeds -gt 0 ]]; then
  for ((s = 0; s < paper_search_seeds; s++)); do
    run "search-224px-r5/seed-$s" search --preset paper --seed "$s" "${device[@]}" ${backend[@]+"${backend[@]}"} \
      --out "$out/search-224px-r5/seed-$s" --resume
  done
fi
grow_one() {   # image size, repeats, stop, rule, seed
  local d; d=$(grow_dir "$1" "$2" "$3")
  run "$d/$4-seed-$5" grow --arch "$seed_arch" --image-size "$1" --repeat "$2" --stop-params "$3" --rank "$4" \
    --seed "$5" --emit 29e6,52e6,88e6 "${device[@]}" ${backend[@]+"${backend[@]}"} --out "$out/$d/$4-seed-$5" --resume
}
if wants grow; then
  for ((s = 0; s < grow_seeds; s++)); do
    grow_one "$grow_px" "$grow_r" "$grow_stop" metrics "$s"
    grow_one "$grow_px" "$grow_r" "$grow_stop" random "$s"
  done
fi
if wants grow-paper && [[ $paper_grow_seeds -gt 0 ]]; then
  for ((s = 0; s < paper_grow_seeds; s++)); do grow_one 224 5 80e6 metrics "$s"; done
fi
if wants grow-images && [[ "$mode" == cpu ]]; then
  # The NTK batch from images instead of seeded noise (the reference feeds it ImageNet training images): the
  # paper's seed grown at the many-seed setting, seed 0.
  image_batch "$grow_px"
  d="$(grow_dir "$grow_px" "$grow_r" "$grow_stop")-images"
  run "$d/metrics-seed-0" grow --arch "$seed_arch" --image-size "$grow_px" --repeat "$grow_r" --stop-params "$grow_stop" \
    --rank metrics --seed 0 --data "$data" --emit 29e6,52e6,88e6 "${device[@]}" ${backend[@]+"${backend[@]}"} \
    --out "$out/$d/metrics-seed-0" --resume
fi
if wants ntk-path; then
  # Figure 3 right's direction: the NTK condition number along one grown path (seed 0 by the metrics, the
  # paper's setting where this mode grows at it), evaluated again on the growth's own noise batch, on a batch
  # of images, and on noise at 64 and 128 px, with the same seeds. Each network at the working width that the
  # growth evaluated.
  if [[ $paper_grow_seeds -gt 0 ]]; then px=224; r=5; d=$(grow_dir 224 5 80e6); else px="$grow_px"; r="$grow_r"; d=$(grow_dir "$grow_px" "$grow_r" "$grow_stop"); fi
  grown="$out/$d/metrics-seed-0/grow.csv"
  if [[ -s "$grown" ]]; then
    image_batch "$px"
    p="ntk-path-${px}px-r$r"
    mkdir -p "$out/$p"
    # grow.csv: step,"arch",workingWidth,...; the arch's width C becomes the working width.
    { echo "# grown by $d/metrics-seed-0"
      awk -F'"' 'NR > 1 { split($3, f, ","); sub(/,[0-9]+$/, "", $2); print $2 "," f[2] }' "$grown"; } > "$out/$p/path.txt"
    for batch in noise images; do
      extra=(); [[ "$batch" == images ]] && extra=(--data "$data")
      run "$p/$batch" evaluate-many --arch-file "$out/$p/path.txt" --metrics ntk --image-size "$px" --repeat "$r" --seed 0 \
        ${extra[@]+"${extra[@]}"} "${device[@]}" --out "$out/$p/$batch.csv" --resume
    done
    # The same networks on noise at smaller image sizes: whether the size sets the direction (not in --quick).
    if [[ "$mode" != quick ]]; then
      for size in 64 128; do
        [[ "$size" != "$px" ]] || continue
        run "$p/noise-${size}px" evaluate-many --arch-file "$out/$p/path.txt" --metrics ntk --image-size "$size" \
          --repeat "$r" --seed 0 "${device[@]}" --out "$out/$p/noise-${size}px.csv" --resume
      done
    fi
  else
    echo "reproduce.sh: ntk-path skipped: no finished growth at $grown yet (part grow or grow-paper)" >&2
  fi
fi
if wants cost && [[ ! -s "$out/cost/evaluate-${cost[0]}px-r${cost[1]}.json" ]]; then
  # Table 2: seconds per topology of each metric, the seed at the cost setting.
  run "cost/evaluate-${cost[0]}px-r${cost[1]}" evaluate --arch "$seed_arch" --image-size "${cost[0]}" --repeat "${cost[1]}" \
    --metrics ntk,length,curvature,length-kappa "${device[@]}" --json
  json_of "cost/evaluate-${cost[0]}px-r${cost[1]}"
fi
if wants count; then
  # Table 5: As-ViT Small, Base and Large (paper Table 4's topologies).
  for pair in 'small=8,2,3,3|4,1,2,1|4,1,4,4|4,1,6,2|32,88' 'base=8,2,3,3|4,1,2,1|4,1,4,5|4,1,6,2|32,116' \
              'large=8,2,3,5|4,1,2,2|4,1,4,5|4,1,6,2|32,180'; do
    run "count/${pair%%=*}" count --arch "${pair#*=}" --json
    json_of "count/${pair%%=*}"
  done
fi
if wants schedule; then
  # Table 6: re-tokenisation savings of As-ViT Large over 300 epochs.
  for s in paper-18 paper-37 paper-56; do
    run "schedule/$s" schedule --arch '8,2,3,5|4,1,2,2|4,1,4,5|4,1,6,2|32,180' --epochs 300 --retokenize "$s" --json
    json_of "schedule/$s"
  done
fi
if wants study && [[ "$mode" != quick ]]; then
  if [[ "$mode" == paper ]]; then
    run study study --preset gpu "${device[@]}" --out "$out/study" --resume
  elif [[ -d /usr/share/datasets/fashion-mnist ]]; then
    run study study --preset fashion-mnist "${device[@]}" --out "$out/study" --resume
  else
    echo "reproduce.sh: study skipped: no Fashion-MNIST in /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)" >&2
  fi
fi
if wants report; then
  invocation=""
  for a in "${args_given[@]}"; do   # quoted only where a shell needs it
    if [[ "$a" =~ ^[A-Za-z0-9_./:=,+-]+$ ]]; then invocation+=" $a"; else invocation+=" '${a//\'/\'\\\'\'}'"; fi
  done
  "$asvit" reproduction-report --runs "$out" --doc "$doc" --mode "$mode" --invocation "scripts/reproduce.sh${invocation}"
fi
