#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from the Maven jars (no Spark download): a master and
# two workers on 127.0.0.1 (1 core, 2 GB each), one evaluate-many job of 40 topologies at 32 px, one worker
# (with its executor) killed by SIGKILL mid-job; then a short search on the cluster. Passes when every topology
# has exactly one result row, none failed, the values equal a local run's bit for bit, and the search equals
# the local search step for step. Every process it starts is stopped on exit, pass or fail.
#
# Needs the built modules (mvn -B -ntp verify, or mvn -pl cli-spark -am package): the executors run on the
# spark module's class path (core and Spark, no command line), the driver on cli-spark's (the command line too). CI runs it after the tests.
# Usage: spark/cluster-check.sh [SECONDS]   (a bound on the whole check; default 480)
set -euo pipefail
limit="${1:-480}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$root/spark/target/asvit-spark-0.1.0-SNAPSHOT.jar"
lib="$root/spark/target/lib"
driver_lib="$root/cli-spark/target/lib"
[[ -f "$jar" && -d "$lib" && -d "$driver_lib" ]] || { echo "cluster-check: build first (mvn -B -ntp verify)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/asvit-cluster.XXXXXX")"
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do
    kill -9 -- "-$p" 2>/dev/null || true   # each daemon leads its own process group (setsid): its executors go too
  done
  if [[ $rc != 0 ]]; then
    echo "cluster-check: FAILED (exit $rc); logs:" >&2
    tail -n 20 "$work"/*.log >&2 2>/dev/null || true
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
deadline=$(( $(date +%s) + limit ))
left() { echo $(( deadline - $(date +%s) )); }

# A SPARK_HOME whose jars/ are the module's dependencies: the workers launch executors with jars/* on the class path.
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
ln -s "$jar" "$SPARK_HOME/jars/"
ln -s "$lib"/*.jar "$SPARK_HOME/jars/"
opens=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
daemon() {   # daemon NAME CLASS ARGS...: started in its own session, logging to $work/NAME.log
  local name=$1; shift
  setsid java -Xmx256m "${opens[@]}" -cp "$SPARK_HOME/jars/*" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  disown $!   # killed on purpose: no job report
}

port=$(( 20000 + RANDOM % 20000 ))
master="spark://127.0.0.1:$port"
daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
until grep -q "I have been elected leader" "$work/master.log"; do
  (( $(left) > 0 )) || { echo "cluster-check: the master did not start" >&2; exit 1; }; sleep 1
done
for w in 1 2; do
  daemon "worker$w" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g --webui-port 0 \
    --work-dir "$work/work$w" "$master"
done
for w in 1 2; do
  until grep -q "Successfully registered with master" "$work/worker$w.log"; do
    (( $(left) > 0 )) || { echo "cluster-check: worker $w did not register" >&2; exit 1; }; sleep 1
  done
done
echo "cluster-check: master $master and 2 workers up after $(( limit - $(left) )) s"

job=(evaluate-many --sample 40 --seed 1 --image-size 32 --repeat 1 --batch 4 --chunk 40)
driver_java=(java -Xss8m -Xmx1g "${opens[@]}" -Dlog4j2.configurationFile=asvit-log4j2.properties
  -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.executor.memory=1g
  -Dspark.executor.cores=1 "-Dspark.executor.extraJavaOptions=-Xss8m -Dorg.bytedeco.javacpp.cachedir=$work/javacpp"
  -cp "$driver_lib/*" org.asvit.cli.AsvitCommand)
setsid timeout "$(left)" "${driver_java[@]}" "${job[@]}" --backend spark --spark-master "$master" \
  --out "$work/cluster.jsonl" > "$work/driver.log" 2>&1 &
driver=$!
pids+=("$driver")

# Kill worker 1 and its executor once its executor runs tasks.
until compgen -G "$work/work1/app-*/*/stderr" > /dev/null && grep -q "Running task" "$work"/work1/app-*/*/stderr; do
  (( $(left) > 0 )) || { echo "cluster-check: worker 1 never ran a task" >&2; exit 1; }
  kill -0 "$driver" 2>/dev/null || { echo "cluster-check: the job ended before worker 1 ran a task" >&2; exit 1; }
  sleep 0.5
done
sleep 2
kill -9 -- "-${pids[1]}"
echo "cluster-check: killed worker 1 (SIGKILL, with its executor) mid-job"
wait "$driver" || { echo "cluster-check: the cluster job failed" >&2; exit 1; }
grep -q "Lost executor\|lost executor\|ExecutorLost\|Removed executor\|remove executor" "$work/driver.log" \
  && echo "cluster-check: the driver saw the executor go and re-ran its tasks"

# The same topologies on the calling thread, in this JVM.
timeout "$(left)" "${driver_java[@]}" "${job[@]}" --backend local --out "$work/local.jsonl" > "$work/local.log" 2>&1

rows=$(wc -l < "$work/cluster.jsonl")
unique=$(jq -r .arch "$work/cluster.jsonl" | sort -u | wc -l)
failed=$(jq -r 'select(.error != null) | .arch' "$work/cluster.jsonl" | wc -l)
values() { jq -c 'del(.seconds)' "$1" | sort; }
[[ "$rows" == 40 && "$unique" == 40 ]] || { echo "cluster-check: $rows rows for $unique topologies, expected 40 and 40" >&2; exit 1; }
[[ "$failed" == 0 ]] || { echo "cluster-check: $failed rows have errors" >&2; exit 1; }
diff <(values "$work/cluster.jsonl") <(values "$work/local.jsonl") > "$work/diff.log" \
  || { echo "cluster-check: the cluster's values differ from the local run's:" >&2; head -4 "$work/diff.log" >&2; exit 1; }
echo "cluster-check: 40 topologies, one row each, values equal to a local run ($(( limit - $(left) )) s)"

# A search whose evaluations run on the cluster (the one worker left) follows the local search step for step:
# the same sampled topologies, metrics, rewards and policy, bit for bit (every step but its wall time).
search=(search --steps 4 --samples-per-step 3 --image-size 32 --repeat 1 --batch 4 --seed 3)
timeout "$(left)" "${driver_java[@]}" "${search[@]}" --backend spark --spark-master "$master" \
  --out "$work/search-cluster" > "$work/search-cluster.log" 2>&1 || { echo "cluster-check: the cluster search failed" >&2; exit 1; }
timeout "$(left)" "${driver_java[@]}" "${search[@]}" --backend local --out "$work/search-local" \
  > "$work/search-local.log" 2>&1 || { echo "cluster-check: the local search failed" >&2; exit 1; }
steps() { jq -c '.steps[] | del(.seconds)' "$1/search.json"; }
[[ $(steps "$work/search-local" | wc -l) == 12 ]] || { echo "cluster-check: the local search has no 12 sampled steps" >&2; exit 1; }
diff <(steps "$work/search-cluster") <(steps "$work/search-local") > "$work/search-diff.log" \
  || { echo "cluster-check: the cluster search differs from the local search:" >&2; head -4 "$work/search-diff.log" >&2; exit 1; }
echo "cluster-check: passed: also a 4-step search on the cluster equal to the local search step for step ($(( limit - $(left) )) s)"
