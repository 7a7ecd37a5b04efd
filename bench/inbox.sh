#!/usr/bin/env bash
# Benchmark of the unassigned inbox (Communication > Messages): see bench/README.md. Target: with 10,000 unknown
# numbers, the inbox's first page renders in under 100 ms (measured from the client, so server time plus loopback).
#
#   bench/inbox.sh [--numbers N] [--texts-per-number N] [--requests N] [--warmup N] [--jar PATH] [--keep-db]
#
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1
# only. Logs go to bench/out/<timestamp>-inbox/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

numbers=10000
per_number=3
requests=200
warmup=100
jar=$root/target/kontrol.jar
keep_db=0
target_ms=100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --numbers) numbers=${2:?}; shift 2 ;;
    --texts-per-number) per_number=${2:?}; shift 2 ;;
    --requests) requests=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    *) sed -n '2,8p' "$0" >&2; exit 2 ;;
  esac
done
[[ -f $jar ]] || { echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests" >&2; exit 2; }
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
jvm_opts=("@$root/deploy/jvm.options") # the JVM settings that ship

mode=inbox
run=$bench_dir/out/$(date +%Y%m%d-%H%M%S)-$mode
mkdir -p "$run"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kontrol-bench.XXXXXX")
server_pid=
db=
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  stop_pid "$server_pid"
  if [[ -n $db ]]; then
    if [[ $keep_db == 1 ]]; then log "kept database $db"; else drop_db "$db"; fi
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(free_port)
base=http://127.0.0.1:$port
token=$(hex 16)
account_sid=AC$(hex 16)
admin_password=bench-$(hex 8)

javac -d "$tmp/classes" "$bench_dir/PageTimer.java"
db=$(create_db bench)
mkdir -p "$tmp/data"
cp "$jar" "$tmp/kontrol.jar"
start_kontrol "$run/server.log"

log "seeding $numbers unknown numbers with $per_number texts each"
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" > "$run/seed.txt" <<SQL
insert into messages (sid, customer_id, direction, from_address, to_address, body, status, created_at, updated_at)
select 'SM' || md5('kontrol-inbox-' || n || '-' || t), null, 'inbound',
       '+1' || (2000000000 + n * 7919 % 7999999999)::text, '+14155550100',
       'Hi, is this the plumber? Message ' || t || ' from number ' || n, 'received',
       now() - ((${numbers} - n) * ${per_number} + (${per_number} - t)) * interval '1 second',
       now() - ((${numbers} - n) * ${per_number} + (${per_number} - t)) * interval '1 second'
from generate_series(1, ${numbers}) n, generate_series(1, ${per_number}) t;
analyze messages;
SQL
waiting=$(psql -X -At -d "$db" -c "select count(distinct from_address) from messages where customer_id is null")
log "unknown numbers in the inbox: $waiting"

java -XX:+UseSerialGC -cp "$tmp/classes" PageTimer --base "$base" --login "admin:$admin_password" \
  --target inbox=/communication/messages --expect inbox="Older conversations" \
  --warmup "$warmup" --requests "$requests" --out "$run/inbox.csv" --summary "$run/inbox.summary" | tee "$run/inbox.txt"

p50=$(kv "$run/inbox.summary" inbox_p50_ms)
p90=$(kv "$run/inbox.summary" inbox_p90_ms)
p99=$(kv "$run/inbox.summary" inbox_p99_ms)
verdict=$(awk -v p="$p99" -v t="$target_ms" 'BEGIN { print (p < t ? "PASS" : "MISS") }')
echo
echo "== bench/inbox.sh: $(nproc) cores, $waiting unknown numbers x $per_number texts"
echo "first page of Communication > Messages: p50 $p50 ms, p90 $p90 ms, p99 $p99 ms"
echo "target: first page < ${target_ms} ms (p99): $verdict"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "numbers=$waiting" "per_number=$per_number" \
  "p50_ms=$p50" "p90_ms=$p90" "p99_ms=$p99" "target=$verdict"
