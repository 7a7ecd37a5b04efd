#!/usr/bin/env bash
# Benchmark of the inbound Twilio webhook (POST /api/webhooks/twilio/inbound): see bench/README.md.
#
#   bench/inbound.sh [options]
#
#   --seconds N        measured load duration (default 20)
#   --connections N    concurrent keep-alive connections, one request in flight each (default 20)
#   --warmup N         warm-up seconds before the measured window, not in the figures (default 5)
#   --kill             SIGKILL the server halfway through the measured window, let the load run on,
#                      restart the jar on the same database, redeliver what got no answer, verify again
#   --kill-at S        seconds after the load starts to SIGKILL (default warm-up + half the measured window)
#   --baseline         run the same load against the Node.js quickstart in bench/baseline instead
#                      (express + twilio.webhook(), stores nothing, so nothing to verify)
#   --jar PATH         the Kontrol jar (default target/kontrol.jar; build it with ./mvnw -q package -DskipTests)
#   --java-opts "..."  JVM options for the server (default: none, or $KONTROL_BENCH_JAVA_OPTS)
#   --target-rps N     throughput target in req/s (default 3000 = 3/4 of the ~4,000 req/s Node baseline)
#   --target-p99 MS    p99 latency target in ms (default 25)
#   --strict           exit 3 when a target is missed (verification failures always exit 1)
#   --keep-db          do not drop the benchmark database at the end
#
# Needs: java 17+, curl, psql (PostgreSQL at $PGHOST:$PGPORT, default 127.0.0.1:5432, user postgres,
# trust auth) and, for --baseline, node 20+ and npm. Traffic goes to 127.0.0.1 only.
# Logs, CSVs and summaries go to bench/out/<timestamp>-<mode>/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

usage() {
  sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)

seconds=20
connections=20
warmup=5
kill_mode=0
kill_at=
baseline=0
jar=$root/target/kontrol.jar
java_opts=${KONTROL_BENCH_JAVA_OPTS:-}
target_rps=3000
target_p99=25
strict=0
keep_db=0
resend_acked=200

is_num() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=${2:?}; shift 2 ;;
    --connections) connections=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --kill) kill_mode=1; shift ;;
    --kill-at) kill_at=${2:?}; shift 2 ;;
    --baseline) baseline=1; shift ;;
    --jar) jar=${2:?}; shift 2 ;;
    --java-opts) java_opts=${2?}; shift 2 ;;
    --target-rps) target_rps=${2:?}; shift 2 ;;
    --target-p99) target_p99=${2:?}; shift 2 ;;
    --strict) strict=1; shift ;;
    --keep-db) keep_db=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
read -r -a jvm_opts <<< "$java_opts"
for v in "$seconds" "$warmup" "$target_rps" "$target_p99"; do is_num "$v" || { echo "not a number: $v" >&2; exit 2; }; done
[[ $connections =~ ^[1-9][0-9]*$ ]] || { echo "--connections must be a positive integer" >&2; exit 2; }
if [[ $kill_mode == 1 && $baseline == 1 ]]; then
  echo "--kill and --baseline do not go together (the baseline stores nothing)" >&2
  exit 2
fi
if [[ $kill_mode == 1 ]]; then
  [[ -n $kill_at ]] || kill_at=$(awk -v w="$warmup" -v s="$seconds" 'BEGIN { printf "%.1f", w + s / 2 }')
  is_num "$kill_at" || { echo "not a number: $kill_at" >&2; exit 2; }
fi

mode=kontrol
[[ $kill_mode == 1 ]] && mode=kontrol-kill
[[ $baseline == 1 ]] && mode=baseline

for tool in java javac curl awk; do
  command -v "$tool" > /dev/null || { echo "$tool is required" >&2; exit 2; }
done
if [[ $baseline == 1 ]]; then
  command -v node > /dev/null || { echo "node (20+) is required for --baseline" >&2; exit 2; }
else
  command -v psql > /dev/null || { echo "psql is required" >&2; exit 2; }
  if [[ ! -f $jar ]]; then
    echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests   (or pass --jar PATH)" >&2
    exit 2
  fi
fi

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
path=/api/webhooks/twilio/inbound
run=$bench_dir/out/$(date +%Y%m%d-%H%M%S)-$mode
mkdir -p "$run"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kontrol-bench.XXXXXX")

# sleep in the background and wait, so that a trapped signal (Ctrl-C, TERM) is handled at once
nap() {
  sleep "$1" &
  wait $! || true
}
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

free_port() {
  local p _
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    # nothing answers a connect => free (bounded, loopback only)
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

server_pid=
load_pid=
db=
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  if [[ -n $load_pid ]] && kill -0 "$load_pid" 2> /dev/null; then
    kill "$load_pid"
    wait "$load_pid" 2> /dev/null
  fi
  stop_server
  if [[ -n $db ]]; then
    if [[ $keep_db == 1 ]]; then
      log "kept database $db"
    else
      if psql -X -q -d postgres -c "drop database if exists $db with (force)" > /dev/null 2>&1; then
        log "dropped database $db"
      else
        log "could not drop database $db"
      fi
    fi
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stop_server() {
  local _
  [[ -n $server_pid ]] || return 0
  if kill -0 "$server_pid" 2> /dev/null; then
    kill "$server_pid" 2> /dev/null
    for _ in $(seq 1 100); do
      kill -0 "$server_pid" 2> /dev/null || break
      sleep 0.1
    done
    kill -0 "$server_pid" 2> /dev/null && kill -9 "$server_pid" 2> /dev/null
  fi
  wait "$server_pid" 2> /dev/null || true
  server_pid=
}

# wait_http URL EXPECT TIMEOUT LOGFILE: EXPECT is a status code, or "any" for any HTTP answer
wait_http() {
  local url=$1 expect=$2 timeout=$3 logfile=$4 start=$SECONDS code
  while ((SECONDS - start < timeout)); do
    if ! kill -0 "$server_pid" 2> /dev/null; then
      echo "the server exited during start-up; last lines of $logfile:" >&2
      tail -n 40 "$logfile" >&2
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    if [[ $expect == any && $code != 000 ]] || [[ $code == "$expect" ]]; then
      return 0
    fi
    sleep 0.25
  done
  echo "no answer from $url within ${timeout}s; last lines of $logfile:" >&2
  tail -n 40 "$logfile" >&2
  return 1
}

port=$(free_port)
base=http://127.0.0.1:$port
url=$base$path
token=$(hex 16)
account_sid=AC$(hex 16)

start_kontrol() {
  local logfile=$1
  SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" \
    SPRING_DATASOURCE_USERNAME=$PGUSER \
    KONTROL_DATA_DIR=$tmp/data \
    KONTROL_TWILIO_ACCOUNT_SID=$account_sid \
    KONTROL_TWILIO_AUTH_TOKEN=$token \
    KONTROL_TWILIO_PHONE_NUMBER=+14155550100 \
    KONTROL_PUBLIC_URL=$base \
    SERVER_PORT=$port \
    KONTROL_DEMO_DATA=false \
    java "${jvm_opts[@]}" -jar "$tmp/kontrol.jar" > "$logfile" 2>&1 &
  server_pid=$!
  local t0=$SECONDS
  wait_http "$base/actuator/health" 200 180 "$logfile"
  log "Kontrol is up on $base (pid $server_pid, healthy after $((SECONDS - t0)) s)"
}

start_baseline() {
  if [[ ! -d $bench_dir/baseline/node_modules ]]; then
    log "installing the baseline's packages (npm ci in bench/baseline)"
    (cd "$bench_dir/baseline" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  PORT=$port HOST=127.0.0.1 TWILIO_AUTH_TOKEN=$token WEBHOOK_URL=$url \
    node "$bench_dir/baseline/server.js" > "$run/server.log" 2>&1 &
  server_pid=$!
  wait_http "$url" any 30 "$run/server.log"
  log "Node baseline is up on $base (pid $server_pid, node $(node --version))"
}

# cpu_snapshot: "busy_ticks all_ticks iowait_ticks server_ticks client_ticks postgres_ticks"
proc_ticks() { # utime + stime of the given pids (fields 14 and 15 of /proc/PID/stat; comm has no spaces here)
  local p t=0 f
  for p in "$@"; do
    [[ -n $p && -r /proc/$p/stat ]] || continue
    read -r -a f < "/proc/$p/stat" 2> /dev/null || continue
    t=$((t + f[13] + f[14]))
  done
  echo "$t"
}
cpu_snapshot() {
  local _ u n sy idle io irq sirq st
  read -r _ u n sy idle io irq sirq st _ < /proc/stat
  # shellcheck disable=SC2046 # one word per postgres pid
  echo "$((u + n + sy + irq + sirq + st)) $((u + n + sy + idle + io + irq + sirq + st)) $io" \
    "$(proc_ticks "$server_pid")" "$(proc_ticks "$load_pid")" "$(proc_ticks $(pgrep -x postgres || true))"
}
cpu_report() {
  awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" -v what="$mode" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    all = (y[2] - x[2]) / cores; if (all <= 0) exit
    srv = (y[4] - x[4]) / all; pg = (y[6] - x[6]) / all; cli = (y[5] - x[5]) / all; busy = (y[1] - x[1]) / all
    printf "CPU in the measured window (%d cores): machine %.0f%% busy, %.0f%% iowait; in cores: %s %.2f, PostgreSQL %.2f, load client %.2f, rest (softirq, other processes) %.2f\n",
      cores, 100 * busy / cores, 100 * (y[3] - x[3]) / (y[2] - x[2]), what, srv, pg, cli, busy - srv - pg - cli
    if (busy - srv - pg - cli > 0.3)
      printf "WARNING: %.2f cores went to other work during the run (another build or test?): these figures are skewed\n", busy - srv - pg - cli
  }'
}

# The load generator, compiled once (java bench/InboundLoad.java works too, but compiles on every start).
javac -d "$tmp/classes" "$bench_dir/InboundLoad.java"
client_java=(java -XX:+UseSerialGC -Xms256m -Xmx2g -cp "$tmp/classes" InboundLoad)
load_args=(--url "$url" --signed-url "$url" --token "$token" --account-sid "$account_sid")

if [[ $baseline == 1 ]]; then
  start_baseline
else
  db=kontrol_bench_$(hex 4)
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "create database $db" > /dev/null
  log "created database $db"
  mkdir -p "$tmp/data"
  # a private copy, so a rebuild of target/ during the run changes nothing (the restart uses it too)
  cp "$jar" "$tmp/kontrol.jar"
  start_kontrol "$run/server.log"
fi

# One correctly signed request first, to fail fast and clearly if the webhook is not there.
"${client_java[@]}" "${load_args[@]}" --requests 1 --connections 1 --warmup 0 --seconds 30 --quiet \
  --label probe --out "$run/probe.csv" > "$run/probe.txt"
probe_status=$(awk -F, 'NR == 2 { print $2 }' "$run/probe.csv")
if [[ $probe_status != 200 ]]; then
  echo "A correctly signed inbound webhook got '$probe_status' instead of 200 from $url" >&2
  [[ $probe_status == 404 ]] && echo "(404: this build has no inbound webhook yet?)" >&2
  [[ $probe_status == 403 ]] && echo "(403: the server validates against another URL or token?)" >&2
  tail -n 20 "$run/server.log" >&2
  exit 1
fi

log "load: $connections connections, ${warmup}s warm-up + ${seconds}s measured, against $url"
"${client_java[@]}" "${load_args[@]}" --seconds "$seconds" --warmup "$warmup" --connections "$connections" \
  --label "$mode" --out "$run/load.csv" --summary "$run/load.summary" > "$run/load.txt" 2> "$run/load.progress" &
load_pid=$!

killed_at=
restart_s=
cpu_line=
if [[ $kill_mode == 1 ]]; then
  nap "$kill_at"
  if kill -0 "$server_pid" 2> /dev/null; then
    kill -9 "$server_pid"
    wait "$server_pid" 2> /dev/null || true
    server_pid=
    killed_at=$kill_at
    log "SIGKILLed the server ${kill_at}s into the load; the load runs on against a dead port"
  else
    log "the server was already gone at ${kill_at}s" >&2
  fi
else
  # CPU use over the measured window (approximate: sampled from here, not by the client)
  nap "$warmup"
  cpu0=$(cpu_snapshot)
  nap "$seconds"
  cpu1=$(cpu_snapshot)
  cpu_line=$(cpu_report "$cpu0" "$cpu1")
fi

load_rc=0
wait "$load_pid" || load_rc=$?
load_pid=
cat "$run/load.txt"
if [[ $load_rc != 0 ]]; then
  echo "the load generator failed (exit $load_rc); see $run/load.progress" >&2
  exit 1
fi

kv() { awk -F= -v k="$2" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$1"; }

verify() { # verify NAME CSV...: sets verify_status to FAIL when a check fails
  local name=$1
  shift
  if "$bench_dir/verify-stored.sh" --summary "$run/$name.summary" "$db" "$@" > "$run/$name.txt" 2>&1; then
    [[ $verify_status == FAIL ]] || verify_status=OK
  else
    verify_status=FAIL
  fi
  cat "$run/$name.txt"
}

verify_status=n/a
resend_line=
if [[ $kill_mode == 1 ]]; then
  t0=$SECONDS
  start_kontrol "$run/server-restart.log"
  restart_s=$((SECONDS - t0))
  # After the restart: every SID acknowledged before the SIGKILL is stored exactly once.
  verify verify-restart "$run/probe.csv" "$run/load.csv"
  # Then what Twilio does next: redeliver what got no answer, plus some acknowledged ones (as after a
  # timeout): every one must be answered and still be stored exactly once.
  "${client_java[@]}" "${load_args[@]}" --resend-from "$run/load.csv" --resend-acked "$resend_acked" \
    --connections 4 --quiet --label redelivery --out "$run/resend.csv" --summary "$run/resend.summary" \
    > "$run/resend.txt" 2>&1
  cat "$run/resend.txt"
  resend_line="redelivered: $(kv "$run/resend.summary" requests) ($(kv "$run/resend.summary" statuses))"
  verify verify "$run/probe.csv" "$run/load.csv" "$run/resend.csv"
elif [[ $baseline == 0 ]]; then
  verify verify "$run/probe.csv" "$run/load.csv"
fi

stop_server

# ---- summary
s=$run/load.summary
rps=$(kv "$s" rps)
p99=$(kv "$s" p99_ms)
echo
echo "== bench/inbound.sh: $mode, $(nproc) cores, $connections connections, ${warmup}s warm-up + ${seconds}s measured"
printf '%-13s %9s %9s %8s %7s %9s %8s %8s %8s %8s  %s\n' target requests 200 non-200 errors 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' 'max ms' verify
printf '%-13s %9s %9s %8s %7s %9s %8s %8s %8s %8s  %s\n' "$mode" "$(kv "$s" requests)" "$(kv "$s" ok)" \
  "$(kv "$s" non200)" "$(kv "$s" errors)" "$rps" "$(kv "$s" p50_ms)" "$(kv "$s" p90_ms)" "$p99" "$(kv "$s" max_ms)" "$verify_status"
verify_line() {
  local v=$run/$1.summary
  echo "$2: stored exactly once $(kv "$v" stored_once) of $(kv "$v" acked) acknowledged; missing $(kv "$v" missing), duplicated $(kv "$v" duplicated), content differs $(kv "$v" content_mismatch); $(kv "$v" verify)"
}
[[ -n $cpu_line ]] && echo "$cpu_line"
# Every request must be answered 200 (Twilio treats anything else as a failed delivery), except, with
# --kill, the ones that could not get an answer from a dead server.
answers=OK
not_ok=$(kv "$s" total_non200)
[[ $kill_mode == 1 ]] || not_ok=$((not_ok + $(kv "$s" total_errors)))
[[ $kill_mode == 1 ]] && not_ok=$((not_ok + $(kv "$run/resend.summary" total_non200) + $(kv "$run/resend.summary" total_errors)))
if ((not_ok > 0)); then
  answers=FAIL
  echo "FAIL: $not_ok requests were not answered 200 (see the statuses above and the notes in the CSVs; server log: ${run#"$root"/}/server.log)"
fi
missed=0
if [[ $kill_mode == 1 ]]; then
  echo "SIGKILL at ${killed_at:-?}s; restarted and healthy in ${restart_s}s"
  verify_line verify-restart "after restart   "
  echo "unanswered at the kill (sent, no answer): $(kv "$run/verify-restart.summary" unanswered), of which already stored: $(kv "$run/verify-restart.summary" unanswered_stored)"
  echo "$resend_line"
  verify_line verify "after redelivery"
  echo "(throughput and latency of a --kill run include the dead half: compare them with nothing)"
elif [[ $baseline == 1 ]]; then
  echo "Kontrol's throughput target from this baseline: 3/4 x $rps = $(awk -v r="$rps" 'BEGIN { printf "%.0f", r * 0.75 }') req/s"
else
  verify_line verify "stored"
  rps_ok=$(awk -v r="$rps" -v t="$target_rps" 'BEGIN { print (r >= t) ? "PASS" : "MISS" }')
  p99_ok=$(awk -v p="$p99" -v t="$target_p99" -v n="$(kv "$s" ok)" 'BEGIN { print (n > 0 && p < t) ? "PASS" : "MISS" }')
  echo "target: >= $target_rps req/s: $rps_ok ($rps) | p99 < $target_p99 ms: $p99_ok ($p99 ms)"
  [[ $rps_ok == PASS && $p99_ok == PASS ]] || missed=1
fi
[[ $baseline == 1 ]] || echo "jar: $jar (built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ))"
echo "logs and CSVs: ${run#"$root"/}"

commit=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)
[[ -n $(git -C "$root" status --porcelain -- src pom.xml 2> /dev/null) ]] && commit+="+dirty"
results=$bench_dir/out/results.tsv
jar_id=-
[[ $baseline == 1 ]] || jar_id="$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)/$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)"
[[ -f $results ]] || printf 'date\tcommit\tjar_built/sha256\tmode\tconnections\twarmup_s\tseconds\trequests\tok\tnon200\terrors\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tverify\tanswers\n' > "$results"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Iseconds)" "$commit" "$jar_id" "$mode" "$connections" "$warmup" "$seconds" \
  "$(kv "$s" requests)" "$(kv "$s" ok)" "$(kv "$s" non200)" "$(kv "$s" errors)" "$rps" "$(kv "$s" p50_ms)" "$(kv "$s" p90_ms)" "$p99" "$(kv "$s" max_ms)" "$verify_status" "$answers" >> "$results"

[[ $verify_status == FAIL || $answers == FAIL ]] && exit 1
[[ $strict == 1 && $missed == 1 ]] && exit 3
exit 0
