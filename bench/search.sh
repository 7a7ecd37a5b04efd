#!/usr/bin/env bash
# Benchmark of search (the navigation's box, /search): see bench/README.md. Target: with 1,000,000 messages on
# PostgreSQL, the first page of results renders in under 150 ms (p99, from the client), for a rare word (in 40 texts),
# a frequent one (3%), a common one (21%), two words, a phrase, a phone number, a job number and a customer's name.
#
#   bench/search.sh [--customers N] [--messages N] [--requests N] [--warmup N] [--jar PATH] [--keep-db]
#
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1
# only. Logs go to bench/out/<timestamp>-search/; a line per run is added to bench/out/results.tsv.
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
target_ms=150
while [[ $# -gt 0 ]]; do
  case "$1" in
    --customers) customers=${2:?}; shift 2 ;;
    --messages) messages=${2:?}; shift 2 ;;
    --requests) requests=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
[[ -f $jar ]] || { echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests" >&2; exit 2; }
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
jvm_opts=("@$root/deploy/jvm.options") # the JVM settings that ship

mode=search
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

# Customers with a number and a job each; texts of eight words drawn from a trade's vocabulary, skewed so that the
# first words are in a third of all texts and the last in a few hundred (as real words are), every tenth about a job.
log "seeding $customers customers and $messages messages"
per=$((messages / customers))
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" > "$run/seed.txt" <<SQL
insert into customers (name, sms_enabled, created_at, updated_at)
select 'Customer ' || n, true, now() - interval '400 days', now() - interval '400 days'
from generate_series(1, ${customers}) n;
update customers set name = 'Maria Quillon' where id = 4242;
insert into customer_phones (customer_id, phone, is_primary, created_at)
select id, '+1415' || (2000000 + id)::text, true, created_at from customers;
insert into jobs (number, title, status, customer_id, portal_token, created_at, updated_at)
select 1000 + id, 'Service visit', 'SCHEDULED', id, md5(id::text), created_at, created_at from customers;
create temporary table vocabulary as
select string_to_array('the can you come today tomorrow please thanks water heater sink leak leaking boiler '
  || 'furnace pipe drain clogged toilet faucet shower valve pressure thermostat filter duct vent roof gutter shingle '
  || 'estimate invoice quote payment card receipt appointment morning afternoon evening monday tuesday wednesday '
  || 'thursday friday saturday technician arrive arriving late early gate code dog garage basement attic kitchen '
  || 'bathroom garden hose meter gas smell noise rattle drip flood mold warranty part replacement install repair '
  || 'inspection permit ladder window door lock key neighbor parking street address upstairs downstairs hot cold '
  || 'broken working again still since yesterday week month price discount cash check reschedule cancel confirm',
  ' ') as words;
insert into messages (customer_id, job_id, direction, from_address, to_address, body, status, sent_by, created_at,
                      updated_at)
select c.id,
       case when t % 10 = 0 then (select j.id from jobs j where j.customer_id = c.id) end,
       case when t % 2 = 0 then 'inbound' else 'outbound' end,
       '+14155550100', '+14155550100',
       (select string_agg(v.words[1 + floor(power(random(), 2.5) * array_length(v.words, 1))::int], ' ')
        from vocabulary v, generate_series(1, 8) k where k > 0 * t * c.id),
       case when t % 2 = 0 then 'received' else 'delivered' end,
       case when t % 2 = 0 then null else 'dana' end,
       now() - ((${per} - t) * interval '1 hour') - (c.id * interval '1 second'),
       now() - ((${per} - t) * interval '1 hour') - (c.id * interval '1 second')
from customers c, generate_series(1, ${per}) t;
update messages set body = body || ' zeolite softener' where id % 25000 = 0; -- a word in 40 texts only
analyze;
SQL
count=$(psql -X -At -d "$db" -c "select count(*) from messages")
common=$(psql -X -At -d "$db" -c "select count(*) from messages where search @@ to_tsquery('english', 'come')")
rare=$(psql -X -At -d "$db" -c "select count(*) from messages where search @@ to_tsquery('english', 'reschedule')")
phrase=$(psql -X -At -d "$db" -c \
  "select count(*) from messages where search @@ websearch_to_tsquery('english', '\"water heater\"')")
log "messages: $count; with 'come': $common; with 'reschedule': $rare; with \"water heater\": $phrase"

java -XX:+UseSerialGC -cp "$tmp/classes" PageTimer --base "$base" --login "admin:$admin_password" \
  --target rare=/search?q=zeolite \
  --target frequent=/search?q=reschedule \
  --target common=/search?q=come \
  --target two_words=/search?q=leaking+basement \
  --target phrase=/search?q=%22water+heater%22 \
  --target phone=/search?q=%28415%29+200-4242 \
  --target job=/search?q=%235242 \
  --target name=/search?q=quillon \
  --expect rare="Older results" --expect frequent="Older results" --expect common="Older results" --expect phrase="Older results" \
  --expect phone="Maria Quillon" --expect job="Maria Quillon" --expect name="Older results" \
  --warmup "$warmup" --requests "$requests" --out "$run/search.csv" --summary "$run/search.summary" \
  | tee "$run/search.txt"

echo
echo "== bench/search.sh: $(nproc) cores, $count messages ('come' in $common, 'reschedule' in $rare, 'zeolite' in 40)"
worst=0
results=()
for label in rare frequent common two_words phrase phone job name; do
  p50=$(kv "$run/search.summary" "${label}_p50_ms")
  p99=$(kv "$run/search.summary" "${label}_p99_ms")
  echo "first page, $label: p50 $p50 ms, p99 $p99 ms"
  worst=$(awk -v a="$worst" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')
  results+=("${label}_p99_ms=$p99")
done
verdict=$(awk -v p="$worst" -v t="$target_ms" 'BEGIN { print (p < t ? "PASS" : "MISS") }')
echo "target: every first page < ${target_ms} ms (p99): $verdict (worst p99 $worst ms)"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "messages=$count" "${results[@]}" \
  "target=$verdict"
