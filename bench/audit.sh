#!/usr/bin/env bash
# Benchmark of Settings > Audit log: see bench/README.md. Target: with 1,000,000 entries, the first page renders in
# under 100 ms (p99, measured from the client), unfiltered and with each filter (person, action, customer, a day).
#
#   bench/audit.sh [--entries N] [--requests N] [--warmup N] [--jar PATH] [--keep-db]
#
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1
# only. Logs go to bench/out/<timestamp>-audit/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

entries=1000000
requests=200
warmup=100
jar=$root/target/kontrol.jar
keep_db=0
target_ms=100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --entries) entries=${2:?}; shift 2 ;;
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

mode=audit
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

# Two years of a busy office: 20 people and the customers, carrier and Kontrol itself; a customer on 7 entries of 10;
# times rising with the id, as they do when entries are appended.
log "seeding $entries audit entries"
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" > "$run/seed.txt" <<SQL
insert into audit_events (at, actor, action, customer_id, detail)
select now() - (${entries} - n) * (interval '730 days' / ${entries}),
       case when n % 10 < 7 then 'staff' || (n % 20) when n % 10 < 9 then 'customer' else 'system' end,
       (array['message.sent','message.sent','message.sent','inbox.assigned','inbox.dismissed','optout.changed',
              'approval.decided','settings.changed','login.succeeded','login.failed'])[1 + n % 10],
       case when n % 10 < 7 then 1 + (n::bigint * 7919) % 20000 end,
       'Queued text ' || n || ' to +1415555' || lpad((n % 10000)::text, 4, '0')
from generate_series(1, ${entries}) n;
analyze audit_events;
SQL
count=$(psql -X -At -d "$db" -c "select count(*) from audit_events")
day=$(psql -X -At -d "$db" -c "select to_char((now() - interval '700 days')::date, 'YYYY-MM-DD')")
customer=$(psql -X -At -d "$db" -c "select customer_id from audit_events where customer_id is not null limit 1")
log "audit entries: $count; a day for the date filter: $day; a customer: $customer"

java -XX:+UseSerialGC -cp "$tmp/classes" PageTimer --base "$base" --login "admin:$admin_password" \
  --target all=/settings/audit \
  --target person=/settings/audit?actor=staff3 \
  --target action=/settings/audit?action=approval.decided \
  --target customer="/settings/audit?customerId=$customer" \
  --target day="/settings/audit?from=$day&to=$day" \
  --expect all="Older entries" --expect person="Older entries" --expect action="Older entries" \
  --expect customer="/customers/$customer/sms" --expect day="Older entries" \
  --warmup "$warmup" --requests "$requests" --out "$run/audit.csv" --summary "$run/audit.summary" | tee "$run/audit.txt"

echo
echo "== bench/audit.sh: $(nproc) cores, $count audit entries"
worst=0
results=()
for label in all person action customer day; do
  p50=$(kv "$run/audit.summary" "${label}_p50_ms")
  p99=$(kv "$run/audit.summary" "${label}_p99_ms")
  echo "first page, $label: p50 $p50 ms, p99 $p99 ms"
  worst=$(awk -v a="$worst" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')
  results+=("${label}_p99_ms=$p99")
done
verdict=$(awk -v p="$worst" -v t="$target_ms" 'BEGIN { print (p < t ? "PASS" : "MISS") }')
echo "target: every first page < ${target_ms} ms (p99): $verdict (worst p99 $worst ms)"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "entries=$count" "${results[@]}" "target=$verdict"
