# Helpers shared by bench/sms-tab.sh and bench/outbox.sh (sourced, not run). They follow bench/inbound.sh.
# shellcheck shell=bash
# shellcheck disable=SC2154 # db, tmp, port, base, ... are the sourcing script's

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

# sleep in the background and wait, so that a trapped signal (Ctrl-C, TERM) is handled at once
nap() {
  sleep "$1" &
  wait $! || true
}
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
is_num() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
is_int() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
# kv FILE KEY: the value of KEY in a key=value file
kv() { awk -F= -v k="$2" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$1"; }

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

# wait_http PID URL EXPECT TIMEOUT LOGFILE: EXPECT is a status code, or "any" for any HTTP answer
wait_http() {
  local pid=$1 url=$2 expect=$3 timeout=$4 logfile=$5 start=$SECONDS code
  while ((SECONDS - start < timeout)); do
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "the process exited during start-up; last lines of $logfile:" >&2
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

# stop_pid PID: TERM, up to 10 s, then KILL
stop_pid() {
  local pid=$1 _
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2> /dev/null; then
    kill "$pid" 2> /dev/null
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2> /dev/null && kill -9 "$pid" 2> /dev/null
  fi
  wait "$pid" 2> /dev/null || true
}

# create_db PREFIX: creates a database kontrol_<prefix>_<random> and prints its name
create_db() {
  local name
  name=kontrol_$1_$(hex 4)
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "create database $name" > /dev/null
  echo "$name"
}
drop_db() {
  if psql -X -q -d postgres -c "drop database if exists $1 with (force)" > /dev/null 2>&1; then
    log "dropped database $1"
  else
    log "could not drop database $1"
  fi
}

# start_db_proxy MS LOGFILE: puts PostgreSQL MS ms away (bench/DbLatencyProxy.java, each way) on a free port; sets
# db_proxy_port and db_proxy_pid, and fails when the proxy does not take connections within 30 s.
start_db_proxy() {
  db_proxy_port=$(free_port)
  java -XX:+UseSerialGC "$(dirname "${BASH_SOURCE[0]}")/DbLatencyProxy.java" "$db_proxy_port" "$PGPORT" "$1" > "$2" 2>&1 &
  db_proxy_pid=$!
  for _ in $(seq 1 300); do
    (exec 3<> "/dev/tcp/127.0.0.1/$db_proxy_port") 2> /dev/null && return 0
    kill -0 "$db_proxy_pid" 2> /dev/null || break
    sleep 0.1
  done
  echo "the database proxy did not start (see $2)" >&2
  return 1
}

# start_kontrol LOGFILE [ENV=VALUE...]: starts $tmp/kontrol.jar on $port with database $db; sets server_pid.
# Uses: tmp, db, port, base, account_sid, token, admin_password, jvm_opts (array).
start_kontrol() {
  local logfile=$1
  shift
  env SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" \
    SPRING_DATASOURCE_USERNAME="$PGUSER" \
    KONTROL_DATA_DIR="$tmp/data" \
    KONTROL_TWILIO_ACCOUNT_SID="$account_sid" \
    KONTROL_TWILIO_AUTH_TOKEN="$token" \
    KONTROL_TWILIO_PHONE_NUMBER=+14155550100 \
    KONTROL_PUBLIC_URL="$base" \
    KONTROL_ADMIN_USERNAME=admin \
    KONTROL_ADMIN_PASSWORD="$admin_password" \
    SERVER_PORT="$port" \
    KONTROL_DEMO_DATA=false \
    "$@" \
    java "${jvm_opts[@]}" -jar "$tmp/kontrol.jar" > "$logfile" 2>&1 &
  server_pid=$!
  local t0=$SECONDS
  wait_http "$server_pid" "$base/actuator/health" 200 180 "$logfile"
  log "Kontrol is up on $base (pid $server_pid, healthy after $((SECONDS - t0)) s)"
}

# create_customer NAME PHONE: through the API (HTTP Basic admin); prints the new id
create_customer() {
  local out code
  out=$(curl -s -w '\n%{http_code}' -u "admin:$admin_password" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"phone\":\"$2\",\"smsEnabled\":true}" "$base/api/v1/customers")
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $code != 201 ]]; then
    echo "POST /api/v1/customers answered $code: $out" >&2
    return 1
  fi
  sed -E 's/^\{"id":([0-9]+).*/\1/' <<< "$out"
}

# CPU accounting, as in bench/inbound.sh: cpu_snapshot PID... prints "busy all iowait ticks(PID1) ticks(PID2) ... ticks(postgres)"
proc_ticks() { # utime + stime of the given pids (fields 14 and 15 of /proc/PID/stat)
  local p t=0 f
  for p in "$@"; do
    [[ -n $p && -r /proc/$p/stat ]] || continue
    read -r -a f < "/proc/$p/stat" 2> /dev/null || continue
    t=$((t + f[13] + f[14]))
  done
  echo "$t"
}
cpu_snapshot() {
  local _ u n sy idle io irq sirq st p out
  read -r _ u n sy idle io irq sirq st _ < /proc/stat
  out="$((u + n + sy + irq + sirq + st)) $((u + n + sy + idle + io + irq + sirq + st)) $io $((irq + sirq)) $st"
  for p in "$@"; do out+=" $(proc_ticks "$p")"; done
  # shellcheck disable=SC2046 # one word per postgres pid
  echo "$out $(proc_ticks $(pgrep -x postgres || true))"
}
# cpu_report SNAP0 SNAP1 NAME...: one name per PID given to cpu_snapshot, PostgreSQL last
cpu_report() {
  local a=$1 b=$2
  shift 2
  awk -v a="$a" -v b="$b" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" -v names="$*" 'BEGIN {
    split(a, x, " "); split(b, y, " "); k = split(names, nm, " ")
    all = (y[2] - x[2]) / cores; if (all <= 0) exit
    busy = (y[1] - x[1]) / all; rest = busy
    line = ""
    for (i = 1; i <= k + 1; i++) {
      c = (y[5 + i] - x[5 + i]) / all; rest -= c
      line = line sprintf("%s %.2f, ", (i <= k ? nm[i] : "PostgreSQL"), c)
    }
    irq = (y[4] - x[4]) / all; steal = (y[5] - x[5]) / all
    printf "CPU (%d cores): machine %.0f%% busy, %.0f%% iowait; in cores: %srest %.2f (of which irq+softirq %.2f, steal %.2f)\n",
      cores, 100 * busy / cores, 100 * (y[3] - x[3]) / (y[2] - x[2]), line, rest, irq, steal
    if (rest - irq - steal > 0.3)
      printf "WARNING: %.2f cores went to other processes during the run (another build or test?): these figures are skewed\n", rest - irq - steal
  }'
}

commit_id() {
  local c
  c=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)
  [[ -n $(git -C "$root" status --porcelain -- src pom.xml 2> /dev/null) ]] && c+="+dirty"
  echo "$c"
}
# all_ticks FILE: "pid comm ticks" of every process (kernel threads too), for top_others
all_ticks() {
  awk '{ line = $0; pid = $1; c = line; sub(/^[^(]*\(/, "", c); sub(/\) [A-Za-z] .*/, "", c); gsub(/ /, "_", c)
         r = line; sub(/^.*\) /, "", r); split(r, f, " "); print pid, c, f[12] + f[13] }' /proc/[0-9]*/stat > "$1" 2> /dev/null || true
}
# top_others FILE0 FILE1 SECONDS PID...: the processes, other than the given ones and PostgreSQL's, that used the most
# CPU between the two all_ticks snapshots (in cores), to tell what "rest" was
top_others() {
  local f0=$1 f1=$2 secs=$3
  shift 3
  awk -v hz="$(getconf CLK_TCK)" -v secs="$secs" -v skip=" $* " '
    NR == FNR { t0[$1] = $3; next }
    index(skip, " " $1 " ") == 0 && $2 != "postgres" {
      d = $3 - ($1 in t0 ? t0[$1] : 0) # a process started in between counts whole
      c = $2; sub(/[-\/].*/, "", c)     # kworker/1:0-events -> kworker
      if (d > 0) { sum[c] += d }
    }
    END { for (c in sum) if (sum[c] / hz / secs >= 0.01) printf "%.2f %s\n", sum[c] / hz / secs, c }' "$f0" "$f1" |
    sort -rn | head -6 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 } END { if (NR == 0) printf "none above 0.01 core" }'
}

# append_result MODE JAR_ID KEY=VALUE...: a line in bench/out/results.tsv. The first four columns are those of
# bench/inbound.sh's lines (date, commit, jar_built/sha256, mode); this benchmark's figures follow as key=value columns.
append_result() {
  local results=$bench_dir/out/results.tsv mode=$1 jar=$2
  shift 2
  [[ -f $results ]] || printf 'date\tcommit\tjar_built/sha256\tmode\tconnections\twarmup_s\tseconds\trequests\tok\tnon200\terrors\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tverify\tanswers\n' > "$results"
  local IFS=$'\t'
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -Iseconds)" "$(commit_id)" "$jar" "$mode" "$*" >> "$results"
}

# jfr_summary JFR OUT INCLUDE LABEL TOP: from a JFR recording, the execution samples by thread, the hottest frames (self),
# and the frames on the stack (inclusive) whose class matches the awk regex INCLUDE (named LABEL), the TOP first
jfr_summary() {
  local samples
  samples=$(mktemp)
  jfr print --stack-depth 200 --events jdk.ExecutionSample "$1" > "$samples"
  # (the regex through the environment: awk -v would take its backslashes for escapes)
  INCLUDE=$3 awk -v label="$4" -v top="$5" -f - "$samples" > "$2" <<'AWK'
    BEGIN { include = ENVIRON["INCLUDE"] }
    /^jdk.ExecutionSample/ { total++; depth = 0; delete seen }
    /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+$/, "#", t); threads[t]++ }
    /stackTrace = \[/ { in_stack = 1; next }
    in_stack && /^[ \t]*\]/ { in_stack = 0; next }
    in_stack {
      f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f)
      if (f == "...") next
      if (depth++ == 0) self[f]++
      if (!(f in seen)) { seen[f] = 1; incl[f]++ }
    }
    END {
      printf "%d execution samples\n\n== by thread\n", total
      for (t in threads) printf "%6d %5.1f%%  %s\n", threads[t], 100 * threads[t] / total, t | "sort -rn | head -20"
      close("sort -rn | head -20")
      printf "\n== top frames (self)\n"
      for (f in self) printf "%6d %5.1f%%  %s\n", self[f], 100 * self[f] / total, f | "sort -rn | head -40"
      close("sort -rn | head -40")
      printf "\n== frames on the stack (inclusive), %s\n", label
      sorter = "sort -rn | head -" top
      for (f in incl) if (f ~ include) printf "%6d %5.1f%%  %s\n", incl[f], 100 * incl[f] / total, f | sorter
      close(sorter)
    }
AWK
  rm -f "$samples"
}

# wallclock_summary DUMPS OUT THREADS NOTE: from thread dumps taken every 250 ms, where the threads whose names match the
# awk regex THREADS spend wall-clock time: per thread kind, the innermost Kontrol frame (what it is doing) and the top
# frame (what it waits on); NOTE is added to the first table's heading
wallclock_summary() {
  THREADS=$3 awk -v idle="$4" -f - "$1" > "$2" <<'AWK'
    BEGIN { threads_re = ENVIRON["THREADS"] }
    function flush() {
      if (name != "" && kontrol != "") { what[tname ": " kontrol]++; detail[tname ": " kontrol " <- " top]++ }
      else if (name != "") { what[tname ": (no Kontrol frame) " top]++; detail[tname ": (no Kontrol frame) " top]++ }
      name = ""; kontrol = ""; top = ""
    }
    /^Full thread dump/ { flush(); dumps++ }
    /^"/ {
      flush()
      n = $0; sub(/^"/, "", n); sub(/".*/, "", n)
      if (n ~ threads_re) { name = n; tname = n; sub(/-?[0-9]+$/, "", tname); sub(/-[0-9]+-exec/, "-exec", tname); threads[tname]++ }
      next
    }
    name != "" && /^\tat / {
      f = $0; sub(/^\tat /, "", f); sub(/\(.*/, "", f)
      if (top == "") top = f
      if (kontrol == "" && f ~ /^com\.kontrol\./) kontrol = f
      next
    }
    name != "" && /^$/ { flush() }
    END {
      flush()
      printf "%d thread dumps\n", dumps
      for (t in threads) printf "  %s: %d thread samples\n", t, threads[t]
      printf "\n== innermost Kontrol frame, per thread kind (share of that kind's samples%s)\n", idle
      for (k in what) { t = k; sub(/:.*/, "", t); printf "%6d %5.1f%%  %s\n", what[k], 100 * what[k] / threads[t], k | "sort -rn | head -30" }
      close("sort -rn | head -30")
      printf "\n== innermost Kontrol frame <- top frame\n"
      for (k in detail) { t = k; sub(/:.*/, "", t); printf "%6d %5.1f%%  %s\n", detail[k], 100 * detail[k] / threads[t], k | "sort -rn | head -40" }
      close("sort -rn | head -40")
    }
AWK
}
