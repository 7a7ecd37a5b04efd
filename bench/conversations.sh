#!/usr/bin/env bash
# Benchmark of the team inbox (Communication > Messages): see bench/README.md. Targets: with 10,000 conversations and
# 1,000,000 messages, the first page of Needs reply and of All renders in under 100 ms (p99, from the client), and the
# workspace (the list, the longest-waiting conversation's thread and its customer on one page) in under 150 ms.
#
#   bench/conversations.sh [--customers N] [--messages N] [--requests N] [--warmup N] [--jar PATH] [--keep-db]
#
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1
# only. Logs go to bench/out/<timestamp>-conversations/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

customers=10000
messages=1000000
requests=200
warmup=100
jar=$root/target/kontrol.jar
keep_db=0
target_ms=100
split_target_ms=150
while [[ $# -gt 0 ]]; do
  case "$1" in
    --customers) customers=${2:?}; shift 2 ;;
    --messages) messages=${2:?}; shift 2 ;;
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

mode=conversations
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

# 10,000 customers with a number each and 100 texts each, alternating customer and office; two thirds of them end on
# the customer's text (waiting for a reply). Then their conversations, as the V11 migration computes them.
log "seeding $customers customers and $messages messages"
per=$((messages / customers))
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" > "$run/seed.txt" <<SQL
insert into customers (name, sms_enabled, created_at, updated_at)
select 'Customer ' || n, true, now() - interval '400 days', now() - interval '400 days'
from generate_series(1, ${customers}) n;
insert into customer_phones (customer_id, phone, is_primary, created_at)
select id, '+1415' || lpad(id::text, 7, '0'), true, created_at from customers;
insert into messages (customer_id, direction, from_address, to_address, body, status, sent_by, created_at, updated_at)
select c.id,
       case when (t + c.id % 3) % 2 = 0 then 'inbound' else 'outbound' end,
       '+14155550100', '+14155550100',
       'Message ' || t || ' about the job at ' || c.id || ' Main Street, can you come on Tuesday?',
       case when (t + c.id % 3) % 2 = 0 then 'received' else 'delivered' end,
       case when (t + c.id % 3) % 2 = 0 then null else 'dana' end,
       now() - ((${per} - t) * interval '1 hour') - (c.id * interval '1 second'),
       now() - ((${per} - t) * interval '1 hour') - (c.id * interval '1 second')
from customers c, generate_series(1, ${per}) t;
insert into conversations (customer_id, last_message_id, last_inbound_id, last_activity_at, waiting_since, answered_at)
select m.customer_id, max(m.id), max(case when m.direction = 'inbound' then m.id end), max(m.created_at),
       min(case when m.direction = 'inbound'
                     and m.id > coalesce((select max(o.id) from messages o
                                          where o.customer_id = m.customer_id and o.direction = 'outbound'), 0)
                then m.created_at end),
       max(case when m.direction = 'outbound' then m.created_at end)
from messages m where m.customer_id is not null group by m.customer_id;
analyze;
SQL
count=$(psql -X -At -d "$db" -c "select count(*) from messages")
waiting=$(psql -X -At -d "$db" -c "select count(*) from conversations where waiting_since is not null")
log "messages: $count; conversations waiting for a reply: $waiting"
# The workspace as a dispatcher opens it: Needs reply's first row (the longest waiting) beside the list.
first=$(psql -X -At -d "$db" -c "select customer_id from conversations where waiting_since is not null order by waiting_since, customer_id limit 1")

java -XX:+UseSerialGC -cp "$tmp/classes" PageTimer --base "$base" --login "admin:$admin_password" \
  --target needs_reply=/communication/messages?view=needs_reply \
  --target all=/communication/messages?view=all \
  --target list=/communication/messages/list?view=needs_reply \
  --target split="/communication/conversations/$first?view=needs_reply" \
  --expect needs_reply="Older conversations" --expect all="Older conversations" \
  --expect split="Customer $first<" --expect split='id="reply"' \
  --warmup "$warmup" --requests "$requests" --out "$run/conversations.csv" --summary "$run/conversations.summary" \
  | tee "$run/conversations.txt"

echo
echo "== bench/conversations.sh: $(nproc) cores, $customers conversations, $count messages, $waiting waiting"
worst=0
results=()
for label in needs_reply all list split; do
  p50=$(kv "$run/conversations.summary" "${label}_p50_ms")
  p99=$(kv "$run/conversations.summary" "${label}_p99_ms")
  echo "first page, $label: p50 $p50 ms, p99 $p99 ms"
  [[ $label == split ]] || worst=$(awk -v a="$worst" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')
  results+=("${label}_p99_ms=$p99")
done
split_p99=$(kv "$run/conversations.summary" split_p99_ms)
verdict=$(awk -v p="$worst" -v t="$target_ms" -v s="$split_p99" -v st="$split_target_ms" \
  'BEGIN { print (p < t && s < st ? "PASS" : "MISS") }')
echo "target: every list page < ${target_ms} ms and the workspace < ${split_target_ms} ms (p99): $verdict" \
  "(worst list p99 $worst ms, workspace p99 $split_p99 ms)"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "messages=$count" "waiting=$waiting" "${results[@]}" \
  "target=$verdict"
