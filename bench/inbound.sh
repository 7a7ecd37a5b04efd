#!/usr/bin/env bash
# Benchmark of the inbound Twilio webhook (POST /api/webhooks/twilio/inbound): see bench/README.md.
#
#   bench/inbound.sh [options]
#
#   --seconds N        measured load duration (default 20)
#   --connections N    concurrent keep-alive connections, one request in flight each (default 20)
#   --warmup N         warm-up seconds before the measured window, not in the figures (default 15: after 5 s the JVM's
#                      C2 compiler still took a third of Kontrol's CPU in the measured window)
#   --kill             SIGKILL the server halfway through the measured window, let the load run on,
#                      restart the jar on the same database, redeliver what got no answer, verify again
#   --kill-at S        seconds after the load starts to SIGKILL (default warm-up + half the measured window)
#   --baseline         run the same load against the Node.js quickstart in bench/baseline instead
#                      (express + twilio.webhook(), stores nothing, so nothing to verify)
#   --jar PATH         the Kontrol jar (default target/kontrol.jar; build it with ./mvnw -q package -DskipTests)
#   --java-opts "..."  extra JVM options after the shipped deploy/jvm.options (or $KONTROL_BENCH_JAVA_OPTS)
#   --target-rps N     throughput target in req/s (default 3000 = 3/4 of the ~4,000 req/s Node baseline)
#   --target-p99 MS    p99 latency target in ms (default 25)
#   --strict           exit 3 when a target is missed (verification failures always exit 1)
#   --keep-db          do not drop the benchmark database at the end
#
#   --mix              a realistic mix instead of 1,000 unknown numbers: 80% of the texts from --customers known
#                      customers (created through POST /api/v1/customers first; --burst-customers of them text in
#                      bursts of 3-8 texts within a second), 20% from new numbers, and 5% of all calls forged (bad
#                      X-Twilio-Signature: expected 403, never stored, never acknowledged); checks the routing too
#   --customers N      known customers for --mix (default 40)
#   --burst-customers K  of them, how many text in bursts (default 10)
#   --forged-pct F     share of forged calls for --mix (default 5)
#   --new-pct P        share of the genuine texts from new numbers for --mix (default 20)
#   --compare          run Kontrol, then the Node.js quickstart, with the same load and options, in this one
#                      invocation, and compare them (goals: Kontrol >= --target-ratio x the quickstart's req/s,
#                      p99 <= the quickstart's p99 + --target-p99-margin, max RSS < --target-rss)
#   --target-ratio R   for --compare (default 1.0; 0.75 with --client autocannon, the issue's goal for that load)
#   --target-p99-margin MS  for --compare (default 5)
#   --target-rss MB    max RSS of Kontrol during the load, VmRSS sampled every second (default 350)
#   --client java|autocannon  the load generator (default java): bench/InboundLoad.java, thin (0.1-0.2 of a core), or
#                      bench/node-load/load.js, autocannon 9.0.0 signing every request with Twilio's Node SDK (twilio
#                      6.2.0), a client that costs a core itself; the same requests, CSV and figures. For plain runs,
#                      --baseline and --compare alike (not with --kill; the probe request is always InboundLoad's)
#   --db-latency-ms N  put the database N ms away: Kontrol reaches PostgreSQL through bench/DbLatencyProxy.java, which
#                      holds every chunk N ms in each direction (0.3-1 ms is a managed PostgreSQL or another container)
#   --quiet-start N    before the load, N texts one at a time (a quiet morning before the rush; default 0): the group
#                      statement is first run for groups of one text, as on a server that starts with light traffic
#   --profile          record Kontrol's measured window with JFR (profile settings, stack depth 512): hottest
#                      frames and threads in profile.txt; and a thread dump every 250 ms: where the webhook's threads
#                      spend wall-clock time in wallclock.txt; native memory tracking and the heap at the end of the
#                      window in memory.txt (slows the run: its figures are not for comparison)
#
# Needs: java 17+ (and jcmd, jfr for --profile), curl, psql (PostgreSQL at $PGHOST:$PGPORT, default 127.0.0.1:5432,
# user postgres, trust auth) and, for --baseline, --compare and --client autocannon, node 20+ and npm (npm ci runs on
# first use in bench/baseline and bench/node-load). Traffic goes to 127.0.0.1 only.
# Logs, CSVs and summaries go to bench/out/<timestamp>-<mode>/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

usage() {
  sed -n '2,50p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# the profile summaries (jfr_summary, wallclock_summary); this script keeps its own helpers below
# shellcheck source=common.sh
. "$bench_dir/common.sh"

seconds=20
connections=20
warmup=15
kill_mode=0
kill_at=
baseline=0
jar=$root/target/kontrol.jar
java_opts="@$root/deploy/jvm.options ${KONTROL_BENCH_JAVA_OPTS:-}" # what ships, then any extra
target_rps=3000
target_p99=25
strict=0
keep_db=0
resend_acked=200
mix=0
customers=40
burst_customers=10
forged_pct=5
new_pct=20
compare=0
target_ratio=
client=java
target_p99_margin=5
target_rss=350
profile=0
db_latency_ms=0
quiet_start=0
proxy_pid=
out_dir=
args=("$@")

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
    --java-opts) java_opts+=" ${2?}"; shift 2 ;;
    --target-rps) target_rps=${2:?}; shift 2 ;;
    --target-p99) target_p99=${2:?}; shift 2 ;;
    --strict) strict=1; shift ;;
    --keep-db) keep_db=1; shift ;;
    --mix) mix=1; shift ;;
    --customers) customers=${2:?}; shift 2 ;;
    --burst-customers) burst_customers=${2:?}; shift 2 ;;
    --forged-pct) forged_pct=${2:?}; shift 2 ;;
    --new-pct) new_pct=${2:?}; shift 2 ;;
    --compare) compare=1; shift ;;
    --target-ratio) target_ratio=${2:?}; shift 2 ;;
    --client) client=${2:?}; shift 2 ;;
    --target-p99-margin) target_p99_margin=${2:?}; shift 2 ;;
    --target-rss) target_rss=${2:?}; shift 2 ;;
    --profile) profile=1; shift ;;
    --db-latency-ms) db_latency_ms=${2?}; shift 2 ;;
    --quiet-start) quiet_start=${2?}; shift 2 ;;
    --out-dir) out_dir=${2:?}; shift 2 ;; # for --compare: where a part's logs go
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
read -r -a jvm_opts <<< "$java_opts"
[[ $client == java || $client == autocannon ]] || { echo "--client takes java or autocannon, not '$client'" >&2; exit 2; }
# the issue's goal with a load generator that costs a core itself (autocannon): >= 0.75x the quickstart
if [[ -z $target_ratio ]]; then
  target_ratio=1.0
  [[ $client == autocannon ]] && target_ratio=0.75
fi
for v in "$seconds" "$warmup" "$target_rps" "$target_p99" "$forged_pct" "$new_pct" "$target_ratio" "$target_p99_margin" "$target_rss"; do
  is_num "$v" || { echo "not a number: $v" >&2; exit 2; }
done
[[ $connections =~ ^[1-9][0-9]*$ ]] || { echo "--connections must be a positive integer" >&2; exit 2; }
[[ $customers =~ ^[1-9][0-9]*$ && $burst_customers =~ ^[0-9]+$ ]] || { echo "--customers and --burst-customers take integers" >&2; exit 2; }
((burst_customers <= customers)) || { echo "--burst-customers cannot exceed --customers" >&2; exit 2; }
if [[ $kill_mode == 1 && $baseline == 1 ]]; then
  echo "--kill and --baseline do not go together (the baseline stores nothing)" >&2
  exit 2
fi
if [[ $compare == 1 && ($kill_mode == 1 || $baseline == 1) ]]; then
  echo "--compare runs Kontrol and the baseline itself: not with --kill or --baseline" >&2
  exit 2
fi
if [[ $kill_mode == 1 && $client == autocannon ]]; then
  echo "--kill runs with the java client only (it redelivers what got no answer with InboundLoad)" >&2
  exit 2
fi
if [[ $profile == 1 && $baseline == 1 ]]; then
  echo "--profile profiles Kontrol: not with --baseline" >&2
  exit 2
fi
if [[ $kill_mode == 1 ]]; then
  [[ -n $kill_at ]] || kill_at=$(awk -v w="$warmup" -v s="$seconds" 'BEGIN { printf "%.1f", w + s / 2 }')
  is_num "$kill_at" || { echo "not a number: $kill_at" >&2; exit 2; }
fi

mode=kontrol
[[ $kill_mode == 1 ]] && mode=kontrol-kill
[[ $baseline == 1 ]] && mode=baseline
[[ $compare == 1 ]] && mode=compare
[[ $mix == 1 ]] && mode+=-mix
[[ $client == autocannon ]] && mode+=-autocannon

for tool in java javac curl awk; do
  command -v "$tool" > /dev/null || { echo "$tool is required" >&2; exit 2; }
done
if [[ $baseline == 1 || $compare == 1 || $client == autocannon ]]; then
  for tool in node npm; do
    command -v "$tool" > /dev/null || { echo "$tool (node 20+) is required for --baseline, --compare and --client autocannon" >&2; exit 2; }
  done
fi
if [[ $profile == 1 ]]; then
  for tool in jcmd jfr; do command -v "$tool" > /dev/null || { echo "$tool is required for --profile" >&2; exit 2; }; done
  java_opts+=" -XX:FlightRecorderOptions:stackdepth=512 -XX:NativeMemoryTracking=summary"
  read -r -a jvm_opts <<< "$java_opts"
fi
if [[ $baseline == 0 ]]; then
  command -v psql > /dev/null || { echo "psql is required" >&2; exit 2; }
  if [[ ! -f $jar ]]; then
    echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests   (or pass --jar PATH)" >&2
    exit 2
  fi
fi

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
path=/api/webhooks/twilio/inbound
run=${out_dir:-$bench_dir/out/$(date +%Y%m%d-%H%M%S)-$mode}
mkdir -p "$run"
kv() { awk -F= -v k="$2" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$1"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ $compare == 1 ]]; then
  # ---- --compare: this script twice, Kontrol then the quickstart, with the same options and load; then a comparison
  part_args=()
  for a in "${args[@]}"; do
    [[ $a == --compare || $a == --strict ]] || part_args+=("$a")
  done
  quickstart_args=()
  for a in "${part_args[@]}"; do
    [[ $a == --profile ]] || quickstart_args+=("$a")
  done
  echo "load average before the run: $(loadavg)" | tee "$run/machine.txt"
  top -bn1 | head -15 >> "$run/machine.txt" 2> /dev/null || true
  part_rc=()
  for part in kontrol quickstart; do
    echo "load average before $part: $(loadavg)" | tee -a "$run/machine.txt"
    rc=0
    if [[ $part == kontrol ]]; then
      "$0" "${part_args[@]}" --out-dir "$run/$part" 2>&1 | tee "$run/$part.txt" || rc=${PIPESTATUS[0]}
    else
      "$0" "${quickstart_args[@]}" --baseline --out-dir "$run/$part" 2>&1 | tee "$run/$part.txt" || rc=${PIPESTATUS[0]}
    fi
    part_rc+=("$rc")
    ((rc == 0 || rc == 3)) || echo "the $part part failed (exit $rc)" >&2
  done
  echo "load average after the run: $(loadavg)" | tee -a "$run/machine.txt"

  ks=$run/kontrol/load.summary qs=$run/quickstart/load.summary
  for f in "$ks" "$qs"; do
    [[ -f $f ]] || { echo "no $f: a part did not get to the load" >&2; exit 1; }
  done
  rate_key=rps
  [[ $mix == 1 ]] && rate_key=rps_all
  count403() { awk -v s="$(kv "$1" statuses)" 'BEGIN { n = split(s, a, " "); for (i = 1; i <= n; i++) if (a[i] ~ /^403:/) { sub(/^403:/, "", a[i]); c = a[i] } print c + 0 }'; }
  row() { # row NAME SUMMARY_DIR
    local d=$2 s=$2/load.summary rss=-
    [[ -f $d/rss.summary ]] && rss=$(kv "$d/rss.summary" max_rss_mb)
    printf '%-11s %9s %9s %8s %8s %8s %8s %6s %10s %9s %8s  %s\n' "$1" "$(kv "$s" "$rate_key")" "$(kv "$s" rps)" \
      "$(kv "$s" p50_ms)" "$(kv "$s" p90_ms)" "$(kv "$s" p99_ms)" "$(kv "$s" max_ms)" "$(count403 "$s")" \
      "$(kv "$s" non200)/$(kv "$s" errors)" "$(kv "$s" requests)" "$rss" "${3:-}"
  }
  k_verify=n/a
  [[ -f $run/kontrol/verify.summary ]] && k_verify=$(kv "$run/kontrol/verify.summary" verify)
  k_rate=$(kv "$ks" "$rate_key") q_rate=$(kv "$qs" "$rate_key")
  k_p99=$(kv "$ks" p99_ms) q_p99=$(kv "$qs" p99_ms)
  k_rss=$(kv "$run/kontrol/rss.summary" max_rss_mb 2> /dev/null || echo 0)
  ratio=$(awk -v k="$k_rate" -v q="$q_rate" 'BEGIN { printf "%.2f", (q > 0) ? k / q : 0 }')
  g_rate=$(awk -v k="$k_rate" -v q="$q_rate" -v r="$target_ratio" 'BEGIN { print (k >= r * q) ? "PASS" : "MISS" }')
  g_p99=$(awk -v k="$k_p99" -v q="$q_p99" -v m="$target_p99_margin" 'BEGIN { print (k <= q + m) ? "PASS" : "MISS" }')
  g_rss=$(awk -v k="${k_rss:-0}" -v t="$target_rss" 'BEGIN { print (k > 0 && k < t) ? "PASS" : "MISS" }')
  {
    echo
    echo "== bench/inbound.sh --compare: $(nproc) cores, $connections connections, ${warmup}s warm-up + ${seconds}s measured, the same load for both"
    [[ $client == autocannon ]] && echo "load generator: $(kv "$ks" client)"
    [[ $mix == 1 ]] && echo "mix: $(kv "$ks" mix)"
    printf '%-11s %9s %9s %8s %8s %8s %8s %6s %10s %9s %8s  %s\n' target 'req/s' '200s/s' 'p50 ms' 'p90 ms' 'p99 ms' 'max ms' 403s \
      'unexp/err' requests 'RSS MB' verify
    row Kontrol "$run/kontrol" "$k_verify"
    row quickstart "$run/quickstart" "(stores nothing)"
    [[ $mix == 1 ]] && echo "(req/s: calls answered as expected, 200 to a text and 403 to a forged call, per second; latency: of the 200s; RSS: max VmRSS during the load)"
    [[ $mix == 1 ]] && echo "forged calls answered 403: Kontrol $(kv "$ks" forged_403) of $(kv "$ks" forged) (p99 $(kv "$ks" forged_p99_ms) ms), quickstart $(kv "$qs" forged_403) of $(kv "$qs" forged) (p99 $(kv "$qs" forged_p99_ms) ms)"
    if [[ -f $run/kontrol/verify.summary ]]; then
      v=$run/kontrol/verify.summary
      echo "Kontrol's ledger: stored exactly once $(kv "$v" stored_once) of $(kv "$v" acked) acknowledged; missing $(kv "$v" missing), duplicated $(kv "$v" duplicated), content differs $(kv "$v" content_mismatch)$([[ $mix == 1 ]] && echo ", misrouted $(kv "$v" misrouted); forged sent $(kv "$v" forged), stored $(kv "$v" forged_stored), answered 200 $(kv "$v" forged_acked)"); $k_verify"
    fi
    grep -h '^CPU\|^WARNING' "$run/kontrol.txt" | sed 's/^/Kontrol    /'
    grep -h '^CPU\|^WARNING' "$run/quickstart.txt" | sed 's/^/quickstart /'
    cat "$run/machine.txt" | grep '^load average'
    echo "goal: req/s >= $target_ratio x quickstart: $g_rate ($k_rate vs $q_rate, ${ratio}x) | p99 <= quickstart p99 + $target_p99_margin ms: $g_p99 ($k_p99 vs $q_p99 ms) | max RSS < $target_rss MB: $g_rss (${k_rss:-?} MB)"
    echo "logs and CSVs: ${run#"$root"/}"
  } | tee "$run/compare.txt"
  {
    echo "kontrol_rate=$k_rate"; echo "quickstart_rate=$q_rate"; echo "ratio=$ratio"
    echo "kontrol_p99_ms=$k_p99"; echo "quickstart_p99_ms=$q_p99"; echo "kontrol_max_rss_mb=$k_rss"
    echo "verify=$k_verify"; echo "goal_rate=$g_rate"; echo "goal_p99=$g_p99"; echo "goal_rss=$g_rss"
  } > "$run/compare.summary"
  results=$bench_dir/out/results.tsv
  commit=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)
  [[ -n $(git -C "$root" status --porcelain -- src pom.xml 2> /dev/null) ]] && commit+="+dirty"
  jar_id="$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)/$(sha256sum "$jar" | cut -c1-8)"
  [[ -f $results ]] || printf 'date\tcommit\tjar_built/sha256\tmode\tconnections\twarmup_s\tseconds\trequests\tok\tnon200\terrors\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tverify\tanswers\n' > "$results"
  printf '%s\t%s\t%s\t%s\tkontrol_rate=%s\tquickstart_rate=%s\tratio=%s\tkontrol_p50_ms=%s\tquickstart_p50_ms=%s\tkontrol_p99_ms=%s\tquickstart_p99_ms=%s\tkontrol_403=%s\tquickstart_403=%s\tkontrol_max_rss_mb=%s\tverify=%s\tgoals=%s/%s/%s\tload_before=%s\n' \
    "$(date -Iseconds)" "$commit" "$jar_id" "$mode" "$k_rate" "$q_rate" "$ratio" "$(kv "$ks" p50_ms)" "$(kv "$qs" p50_ms)" \
    "$k_p99" "$q_p99" "$(count403 "$ks")" "$(count403 "$qs")" "$k_rss" "$k_verify" "$g_rate" "$g_p99" "$g_rss" \
    "$(grep -m1 '^load average before the run' "$run/machine.txt" | sed 's/.*: //; s/ /,/g')" >> "$results"
  for rc in "${part_rc[@]}"; do
    ((rc == 0 || rc == 3)) || exit 1
  done
  [[ $k_verify == FAIL ]] && exit 1
  [[ $strict == 1 && ($g_rate == MISS || $g_p99 == MISS || $g_rss == MISS) ]] && exit 3
  exit 0
fi

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
rss_pid=
db=
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  stop_rss
  if [[ -n $load_pid ]] && kill -0 "$load_pid" 2> /dev/null; then
    kill "$load_pid"
    wait "$load_pid" 2> /dev/null
  fi
  stop_server
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2> /dev/null
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

# RSS of the server (VmRSS of /proc/PID/status, the resident set), sampled every second into rss.csv
start_rss() {
  local pid=$1 out=$2
  echo "t_s,rss_mb" > "$out"
  (
    t0=$(date +%s.%N)
    while [[ -r /proc/$pid/status ]]; do
      r=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2> /dev/null) || break
      [[ -n $r ]] || break
      awk -v t0="$t0" -v t="$(date +%s.%N)" -v r="$r" 'BEGIN { printf "%.1f,%.1f\n", t - t0, r / 1024 }' >> "$out"
      sleep 1
    done
  ) &
  rss_pid=$!
}
stop_rss() {
  [[ -n $rss_pid ]] || return 0
  kill "$rss_pid" 2> /dev/null || true
  wait "$rss_pid" 2> /dev/null || true
  rss_pid=
}

port=$(free_port)
base=http://127.0.0.1:$port
url=$base$path
token=$(hex 16)
account_sid=AC$(hex 16)
admin_password=$(hex 12)
# --mix: the server needs an admin (customers are created through the API), and nothing it might send goes out:
# Twilio's REST API is a local port where nothing listens
kontrol_env=()
if [[ $mix == 1 ]]; then
  kontrol_env=(KONTROL_ADMIN_USERNAME=admin "KONTROL_ADMIN_PASSWORD=$admin_password"
    "KONTROL_TWILIO_API_BASE_URL=http://127.0.0.1:$(free_port)")
fi

# Where Kontrol reaches PostgreSQL: directly, or (--db-latency-ms) through the delaying proxy.
db_host=$PGHOST
db_port=$PGPORT
if [[ $db_latency_ms != 0 ]]; then
  start_db_proxy "$db_latency_ms" "$run/proxy.log"
  proxy_pid=$db_proxy_pid
  db_port=$db_proxy_port
  db_host=127.0.0.1
  log "PostgreSQL $db_latency_ms ms away: through bench/DbLatencyProxy.java on port $db_port"
fi

start_kontrol() {
  local logfile=$1
  SPRING_DATASOURCE_URL="jdbc:postgresql://$db_host:$db_port/$db" \
    SPRING_DATASOURCE_USERNAME=$PGUSER \
    KONTROL_DATA_DIR=$tmp/data \
    KONTROL_TWILIO_ACCOUNT_SID=$account_sid \
    KONTROL_TWILIO_AUTH_TOKEN=$token \
    KONTROL_TWILIO_PHONE_NUMBER=+14155550100 \
    KONTROL_PUBLIC_URL=$base \
    SERVER_PORT=$port \
    KONTROL_DEMO_DATA=false \
    env "${kontrol_env[@]}" java "${jvm_opts[@]}" -jar "$tmp/kontrol.jar" > "$logfile" 2>&1 &
  server_pid=$!
  local t0=$SECONDS
  wait_http "$base/actuator/health" 200 180 "$logfile"
  log "Kontrol is up on $base (pid $server_pid, healthy after $((SECONDS - t0)) s)"
}

# npm_ci DIR WHAT: the pinned packages of bench/DIR (package-lock.json), installed on first use
npm_ci() {
  if [[ ! -d $bench_dir/$1/node_modules ]]; then
    log "installing $2's packages (npm ci in bench/$1)"
    (cd "$bench_dir/$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

start_baseline() {
  npm_ci baseline "the baseline"
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
# The load itself: InboundLoad, or (--client autocannon) autocannon signing with Twilio's SDK; same options and output.
client_load=("${client_java[@]}")
if [[ $client == autocannon ]]; then
  npm_ci node-load "the autocannon load generator"
  client_load=(node "$bench_dir/node-load/load.js")
fi
mix_args=()
[[ $mix == 1 ]] && mix_args=(--mix --customers "$customers" --burst-customers "$burst_customers"
  --forged-pct "$forged_pct" --new-pct "$new_pct")

# --mix: the known customers, through the API as an office would (HTTP Basic as the admin), one number each
create_customers() {
  local i=0 phone out code
  while read -r phone; do
    i=$((i + 1))
    out=$(curl -s -w '\n%{http_code}' -u "admin:$admin_password" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Bench Customer $i\",\"phone\":\"$phone\",\"smsEnabled\":true}" "$base/api/v1/customers")
    code=${out##*$'\n'}
    if [[ $code != 201 ]]; then
      echo "POST /api/v1/customers for $phone answered $code: ${out%$'\n'*}" >&2
      return 1
    fi
    echo "${out%$'\n'*}" >> "$run/customers.json"
  done < <("${client_java[@]}" --print-customers --customers "$customers")
  local n
  n=$(psql -X -At -d "$db" -c "select count(*) from customer_phones p join customers c on c.id = p.customer_id
      where p.phone like '+14155552%' and p.is_primary and c.sms_enabled")
  [[ $n == "$customers" ]] || { echo "expected $customers customers with their numbers, found $n" >&2; return 1; }
  log "created $customers customers through POST /api/v1/customers (+14155552000..., $burst_customers of them text in bursts)"
}

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
  [[ $mix == 0 ]] || create_customers
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

quiet_csv=()
if [[ $quiet_start != 0 ]]; then
  quiet_csv=("$run/quiet.csv")
  "${client_java[@]}" "${load_args[@]}" --requests "$quiet_start" --connections 1 --warmup 0 --seconds 300 --quiet \
    --label quiet --out "$run/quiet.csv" > "$run/quiet.txt"
  log "quiet start: $quiet_start texts one at a time ($(tail -n +2 "$run/quiet.csv" | grep -c ',200,') answered 200)"
fi

load_before=$(loadavg)
log "load ($client client): $connections connections, ${warmup}s warm-up + ${seconds}s measured, against $url$([[ $mix == 1 ]] && echo ", mix of $customers customers, ${new_pct}% new numbers, ${forged_pct}% forged") (load average $load_before)"
start_rss "$server_pid" "$run/rss.csv"
"${client_load[@]}" "${load_args[@]}" "${mix_args[@]}" --seconds "$seconds" --warmup "$warmup" --connections "$connections" \
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
  dumper_pid=
  if [[ $profile == 1 ]]; then
    jcmd "$server_pid" JFR.start name=bench settings=profile filename="$tmp/inbound.jfr" > "$run/jfr.txt" 2>&1
    # wall-clock view, as bench/outbox.sh: a thread dump (SIGQUIT, printed to the server's log) every 250 ms
    log_from=$(stat -c %s "$run/server.log")
    (while kill -QUIT "$server_pid" 2> /dev/null; do sleep 0.25; done) &
    dumper_pid=$!
  fi
  nap "$seconds"
  cpu1=$(cpu_snapshot)
  if [[ $profile == 1 ]]; then
    kill "$dumper_pid" 2> /dev/null || true
    wait "$dumper_pid" 2> /dev/null || true
    jcmd "$server_pid" JFR.stop name=bench >> "$run/jfr.txt" 2>&1 || true
    # where the resident memory goes, at the end of the measured window (native memory tracking, summary)
    { jcmd "$server_pid" VM.native_memory summary; jcmd "$server_pid" GC.heap_info; } > "$run/memory.txt" 2>&1 || true
    tail -c +"$((log_from + 1))" "$run/server.log" > "$tmp/dumps.txt"
  fi
  cpu_line=$(cpu_report "$cpu0" "$cpu1")
fi

load_rc=0
wait "$load_pid" || load_rc=$?
load_pid=
stop_rss
load_after=$(loadavg)
# max RSS while the load ran (warm-up included)
awk -F, 'NR > 1 { if ($2 > max) max = $2; if (NR == 2) first = $2; last = $2; n++ }
  END { printf "max_rss_mb=%.1f\nfirst_rss_mb=%.1f\nlast_rss_mb=%.1f\nsamples=%d\n", max, first, last, n }' "$run/rss.csv" > "$run/rss.summary"
cat "$run/load.txt"
if [[ $load_rc != 0 ]]; then
  echo "the load generator failed (exit $load_rc); see $run/load.progress" >&2
  exit 1
fi

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
  verify verify-restart "$run/probe.csv" "${quiet_csv[@]}" "$run/load.csv"
  # Then what Twilio does next: redeliver what got no answer, plus some acknowledged ones (as after a
  # timeout): every one must be answered and still be stored exactly once.
  "${client_java[@]}" "${load_args[@]}" "${mix_args[@]}" --resend-from "$run/load.csv" --resend-acked "$resend_acked" \
    --connections 4 --quiet --label redelivery --out "$run/resend.csv" --summary "$run/resend.summary" \
    > "$run/resend.txt" 2>&1
  cat "$run/resend.txt"
  resend_line="redelivered: $(kv "$run/resend.summary" requests) ($(kv "$run/resend.summary" statuses))"
  verify verify "$run/probe.csv" "${quiet_csv[@]}" "$run/load.csv" "$run/resend.csv"
elif [[ $baseline == 0 ]]; then
  verify verify "$run/probe.csv" "${quiet_csv[@]}" "$run/load.csv"
fi

stop_server

if [[ $profile == 1 && -s $tmp/inbound.jfr ]]; then
  cp "$tmp/inbound.jfr" "$run/inbound.jfr"
  jfr_summary "$tmp/inbound.jfr" "$run/profile.txt" \
    '^(com\.kontrol|org\.postgresql|com\.twilio|org\.apache\.(catalina|coyote|tomcat)|org\.springframework|com\.zaxxer|javax\.crypto|com\.sun\.crypto|io\.micrometer|ch\.qos|org\.slf4j)' \
    "com.kontrol / org.postgresql / com.twilio / tomcat / spring / hikari / crypto" 70
fi
if [[ $profile == 1 && -s $tmp/dumps.txt ]]; then
  # Where the webhook's threads spend wall-clock time: per thread dump, for the group-commit writer and each Tomcat
  # worker that is serving a request, the innermost Kontrol frame (what it is doing) and the top frame (what it waits on).
  wallclock_summary "$tmp/dumps.txt" "$run/wallclock.txt" '^(group-commit|http-nio-[0-9]+-exec-)' "; idle Tomcat workers have none"
fi

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
  local v=$run/$1.summary mixed=
  [[ $mix == 1 ]] && mixed=", routed to the wrong thread $(kv "$v" misrouted); forged calls sent $(kv "$v" forged), stored $(kv "$v" forged_stored), answered 200 $(kv "$v" forged_acked)"
  echo "$2: stored exactly once $(kv "$v" stored_once) of $(kv "$v" acked) acknowledged; missing $(kv "$v" missing), duplicated $(kv "$v" duplicated), content differs $(kv "$v" content_mismatch)$mixed; $(kv "$v" verify)"
}
if [[ $mix == 1 ]]; then
  echo "mix ($(kv "$s" mix)): in the measured window $(kv "$s" known) texts from known customers singly, $(kv "$s" burst) in bursts ($(kv "$s" bursts_started) bursts in all), $(kv "$s" new) from new numbers; $(kv "$s" forged) forged, answered 403: $(kv "$s" forged_403), 200: $(kv "$s" forged_200)"
  echo "answered as expected (200 to a text, 403 to a forged call): $(kv "$s" rps_all) req/s, p50 $(kv "$s" all_p50_ms) ms, p99 $(kv "$s" all_p99_ms) ms; the 403s alone: p50 $(kv "$s" forged_p50_ms) ms, p99 $(kv "$s" forged_p99_ms) ms"
fi
[[ $client == autocannon ]] && echo "load generator: $(kv "$s" client) (a client that costs a core: see the CPU line)"
[[ -n $cpu_line ]] && echo "$cpu_line"
echo "RSS of the server during the load (VmRSS every second, $(kv "$run/rss.summary" samples) samples): max $(kv "$run/rss.summary" max_rss_mb) MB (at the start $(kv "$run/rss.summary" first_rss_mb) MB, at the end $(kv "$run/rss.summary" last_rss_mb) MB)"
echo "load average (1, 5, 15 min): $load_before before the load, $load_after after"
# Every request must be answered 200 (Twilio treats anything else as a failed delivery), except, with
# --kill, the ones that could not get an answer from a dead server. With --mix, forged calls must be answered 403.
answers=OK
not_ok=$(kv "$s" total_non200)
[[ $kill_mode == 1 ]] || not_ok=$((not_ok + $(kv "$s" total_errors)))
[[ $kill_mode == 1 ]] && not_ok=$((not_ok + $(kv "$run/resend.summary" total_non200) + $(kv "$run/resend.summary" total_errors)))
if ((not_ok > 0)); then
  answers=FAIL
  echo "FAIL: $not_ok requests were not answered $([[ $mix == 1 ]] && echo "as expected (200 to a text, 403 to a forged call)" || echo 200) (see the statuses above and the notes in the CSVs; server log: ${run#"$root"/}/server.log)"
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
[[ $profile == 0 ]] || echo "profile (JFR and thread dumps over the measured window; the figures above are of a profiled run): ${run#"$root"/}/profile.txt (recording: inbound.jfr), wall clock: ${run#"$root"/}/wallclock.txt"
echo "logs and CSVs: ${run#"$root"/}"

commit=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)
[[ -n $(git -C "$root" status --porcelain -- src pom.xml 2> /dev/null) ]] && commit+="+dirty"
results=$bench_dir/out/results.tsv
jar_id=-
[[ $baseline == 1 ]] || jar_id="$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)/$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)"
[[ -f $results ]] || printf 'date\tcommit\tjar_built/sha256\tmode\tconnections\twarmup_s\tseconds\trequests\tok\tnon200\terrors\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tverify\tanswers\n' > "$results"
# --mix lines carry more figures after the common columns, as key=value
extra=
[[ $mix == 1 ]] && extra=$(printf '\trps_all=%s\tforged=%s\tforged_403=%s\tforged_200=%s\tmax_rss_mb=%s\tload_before=%s\tprofile=%s' \
  "$(kv "$s" rps_all)" "$(kv "$s" forged)" "$(kv "$s" forged_403)" "$(kv "$s" forged_200)" "$(kv "$run/rss.summary" max_rss_mb)" \
  "${load_before// /,}" "$profile")
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\n' "$(date -Iseconds)" "$commit" "$jar_id" "$mode" "$connections" "$warmup" "$seconds" \
  "$(kv "$s" requests)" "$(kv "$s" ok)" "$(kv "$s" non200)" "$(kv "$s" errors)" "$rps" "$(kv "$s" p50_ms)" "$(kv "$s" p90_ms)" "$p99" "$(kv "$s" max_ms)" "$verify_status" "$answers" "$extra" >> "$results"

[[ $verify_status == FAIL || $answers == FAIL ]] && exit 1
[[ $strict == 1 && $missed == 1 ]] && exit 3
exit 0
