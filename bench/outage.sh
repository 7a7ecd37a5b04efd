#!/usr/bin/env bash
# The database away under a steady signed load (issue 37): see bench/README.md, "The database away".
#
#   bench/outage.sh [options]
#
#   --before S         seconds of load before the database goes away (default 10)
#   --away S           seconds the database is away (default 15)
#   --after S          seconds of load after it is back (default 10)
#   --connections N    concurrent connections of the load, one request in flight each (default 8)
#   --kill-in-replay   SIGKILL Kontrol as soon as it starts storing the spool, start it again on the same data dir
#                      and database, and let it replay from the start
#   --jar PATH         the Kontrol jar (default target/kontrol.jar; build it with ./mvnw -q package -DskipTests)
#   --java-opts "..."  extra JVM options after the shipped deploy/jvm.options
#   --keep-db          do not drop the benchmark database at the end
#
# The database is a fresh one on $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres, trust auth) that this script
# takes away and gives back as a restart would: `alter database … allow_connections false`, its sessions terminated,
# then `allow_connections true`. The server itself never stops. Every request is a signed inbound text
# (bench/InboundLoad.java, timeout 15 s as Twilio's); every SID answered 200 must be stored exactly once, with its
# words (bench/verify-stored.sh). Figures go to bench/out/<timestamp>-outage/summary.txt and bench/out/results.tsv.
set -euo pipefail

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

before=10
away=15
after=10
connections=8
kill_in_replay=0
jar=$root/target/kontrol.jar
java_opts="@$root/deploy/jvm.options" # what ships, then any extra
keep_db=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --before) before=${2?}; shift 2 ;;
    --away) away=${2?}; shift 2 ;;
    --after) after=${2?}; shift 2 ;;
    --connections) connections=${2?}; shift 2 ;;
    --kill-in-replay) kill_in_replay=1; shift ;;
    --jar) jar=${2?}; shift 2 ;;
    --java-opts) java_opts+=" ${2?}"; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
read -r -a jvm_opts <<< "$java_opts"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
[[ -f $jar ]] || { echo "no $jar: build it with ./mvnw -q package -DskipTests" >&2; exit 2; }

stamp=$(date +%Y%m%d-%H%M%S)
run=$bench_dir/out/$stamp-outage
mkdir -p "$run"
tmp=$(mktemp -d)
db=kontrol_outage_$(hex 4)
server_pid=
load_pid=
cleanup() {
  [[ -n $load_pid ]] && kill "$load_pid" 2> /dev/null || true
  stop_pid "$server_pid" || true
  psql -q -d postgres -c "alter database $db allow_connections true" > /dev/null 2>&1 || true
  [[ $keep_db == 1 ]] || psql -q -d postgres -c "drop database if exists $db with (force)" > /dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

psql -q -d postgres -c "create database $db"
cp "$jar" "$tmp/kontrol.jar"
port=$(free_port)
base=http://127.0.0.1:$port
token=$(hex 16)

start_kontrol() {
  local logfile=$1
  SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" \
    SPRING_DATASOURCE_USERNAME=$PGUSER \
    KONTROL_DATA_DIR=$tmp/data \
    KONTROL_TWILIO_ACCOUNT_SID=AC$(hex 16) \
    KONTROL_TWILIO_AUTH_TOKEN=$token \
    KONTROL_TWILIO_PHONE_NUMBER=+14155550100 \
    KONTROL_TWILIO_API_BASE_URL=http://127.0.0.1:$(free_port) \
    KONTROL_PUBLIC_URL=$base \
    SERVER_PORT=$port \
    KONTROL_DEMO_DATA=false \
    java "${jvm_opts[@]}" -jar "$tmp/kontrol.jar" > "$logfile" 2>&1 &
  server_pid=$!
  wait_http "$server_pid" "$base/actuator/health" 200 180 "$logfile"
  log "Kontrol is up on $base (pid $server_pid)"
}

database() { # away | back
  if [[ $1 == away ]]; then
    psql -q -d postgres -c "alter database $db allow_connections false" > /dev/null
    psql -q -At -d postgres -c "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '$db'" > /dev/null
  else
    psql -q -d postgres -c "alter database $db allow_connections true" > /dev/null
  fi
}

javac -d "$tmp/classes" "$bench_dir/InboundLoad.java"
start_kontrol "$run/server.log"

total=$((before + away + after))
log "load: $connections connections for ${total} s; the database away from ${before} s to $((before + away)) s"
java -XX:+UseSerialGC -Xmx1g -cp "$tmp/classes" InboundLoad --url "$base/api/webhooks/twilio/inbound" \
  --token "$token" --seconds "$total" --warmup 0 --connections "$connections" --timeout-ms 15000 --quiet \
  --label outage --out "$run/load.csv" --summary "$run/load.summary" > "$run/load.txt" 2>&1 &
load_pid=$!

nap "$before"
database away
t_away=$(date +%s.%N)
log "the database is away"
nap "$away"
database back
t_back=$(date +%s.%N)
log "the database is back"

killed_line=
if [[ $kill_in_replay == 1 ]]; then
  for _ in $(seq 1 600); do
    grep -q "storing the .* webhooks of the outage spool" "$run/server.log" && break
    sleep 0.05
  done
  kill -9 "$server_pid"
  wait "$server_pid" 2> /dev/null || true
  log "SIGKILL while storing the spool: $(grep -o 'storing the [0-9]* webhooks' "$run/server.log" | tail -1)"
  killed_line="killed during replay; restarted on the same data dir"
  start_kontrol "$run/server-restart.log"
fi

wait "$load_pid" || true
load_pid=
log "load done: $(kv "$run/load.summary" statuses)"

# Drained: the spool empty (readiness UP again, not DEGRADED), at most 60 s after the database came back.
drained=
for _ in $(seq 1 1200); do
  if curl -fsS --max-time 2 "$base/actuator/health/readiness" 2> /dev/null | grep -q '"UP"'; then
    drained=$(date +%s.%N)
    break
  fi
  sleep 0.05
done
logs=("$run"/server*.log)
spooled=$(grep -o 'storing the [0-9]* webhooks' "$run/server.log" | head -1 | grep -o '[0-9]*' || echo 0)
replayed=$(grep -ho "Stored the outage spool's [0-9]* webhooks in [0-9]* ms" "${logs[@]}" | tr '\n' ';' || true)

verified=0
"$bench_dir/verify-stored.sh" --summary "$run/verify.summary" "$db" "$run/load.csv" > "$run/verify.txt" 2>&1 && verified=1

{
  echo "bench/outage.sh  $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')  $(date -Iseconds)"
  echo "load: $connections connections, ${before} s + ${away} s away + ${after} s; $killed_line"
  echo "answered: $(kv "$run/load.summary" total_attempts) requests, statuses {$(kv "$run/load.summary" statuses)},"\
       "errors $(kv "$run/load.summary" total_errors) (unanswered: a connection cut or refused), max $(kv "$run/load.summary" max_ms) ms,"\
       "p99 $(kv "$run/load.summary" p99_ms) ms"
  echo "spooled while away: $spooled; ${replayed:-no replay finished}"
  if [[ -n $drained ]]; then
    awk -v b="$t_back" -v d="$drained" 'BEGIN { printf "spool empty %.1f s after the database came back\n", d - b }'
  else
    echo "spool NOT empty 60 s after the database came back"
  fi
  echo "stored exactly once: $([[ $verified == 1 ]] && echo yes || echo NO) ($(tr '\n' ' ' < "$run/verify.summary" 2> /dev/null))"
} | tee "$run/summary.txt"
printf '%s\toutage\t%s\t%s\t%s\t%s\n' "$stamp" "$(kv "$run/load.summary" total_attempts)" "$(kv "$run/load.summary" statuses)" \
  "$spooled" "$([[ $verified == 1 ]] && echo ok || echo FAILED)" >> "$bench_dir/out/results.tsv"
[[ $verified == 1 && -n $drained ]]
