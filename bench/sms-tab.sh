#!/usr/bin/env bash
# Benchmark of the SMS tab with a long thread: see bench/README.md. Target: opening the SMS tab of a customer
# with 100,000 messages takes at most 1.5x the time it takes for a customer with 10 (ratio of the medians).
#
#   bench/sms-tab.sh [options]
#
#   --messages N       messages in the long thread (default 100000)
#   --small N          messages in the short thread (default 10)
#   --requests N       timed GETs per page (default 300), interleaved between the two customers
#   --warmup N         warm-up GETs in all, alternating between the two customers (default 200)
#   --api-requests N   timed GETs per customer of /api/v1/customers/<id>/messages?limit=50 (default: --requests;
#                      0 skips the API); every one of them is checked with BCrypt (HTTP Basic), see README
#   --jar PATH         the Kontrol jar (default target/kontrol.jar; build it with ./mvnw -q package -DskipTests)
#   --java-opts "..."  extra JVM options after the shipped deploy/jvm.options (or $KONTROL_BENCH_JAVA_OPTS)
#   --target-ratio R   the bar for median(long) / median(short) of the page (default 1.5)
#   --strict           exit 3 when the target is missed (a failed check always exits 1)
#   --keep-db          do not drop the benchmark database at the end
#
# Needs: java 17+, curl, psql (PostgreSQL at $PGHOST:$PGPORT, default 127.0.0.1:5432, user postgres, trust auth).
# Traffic goes to 127.0.0.1 only. Logs, CSVs and summaries go to bench/out/<timestamp>-sms-tab/; a line per run is
# added to bench/out/results.tsv.
set -euo pipefail

usage() {
  sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

big_n=100000
small_n=10
requests=300
warmup=200
api_requests=
jar=$root/target/kontrol.jar
java_opts="@$root/deploy/jvm.options ${KONTROL_BENCH_JAVA_OPTS:-}" # what ships, then any extra
target_ratio=1.5
strict=0
keep_db=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) big_n=${2:?}; shift 2 ;;
    --small) small_n=${2:?}; shift 2 ;;
    --requests) requests=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --api-requests) api_requests=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --java-opts) java_opts+=" ${2?}"; shift 2 ;;
    --target-ratio) target_ratio=${2:?}; shift 2 ;;
    --strict) strict=1; shift ;;
    --keep-db) keep_db=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
read -r -a jvm_opts <<< "$java_opts"
[[ -n $api_requests ]] || api_requests=$requests
for v in "$big_n" "$small_n" "$requests"; do is_int "$v" || { echo "not a positive integer: $v" >&2; exit 2; }; done
[[ $warmup =~ ^[0-9]+$ && $api_requests =~ ^[0-9]+$ ]] || { echo "--warmup and --api-requests take an integer" >&2; exit 2; }
is_num "$target_ratio" || { echo "not a number: $target_ratio" >&2; exit 2; }
((big_n > small_n)) || { echo "--messages must be more than --small" >&2; exit 2; }

for tool in java javac curl awk psql; do
  command -v "$tool" > /dev/null || { echo "$tool is required" >&2; exit 2; }
done
if [[ ! -f $jar ]]; then
  echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests   (or pass --jar PATH)" >&2
  exit 2
fi

mode=sms-tab
run=$bench_dir/out/$(date +%Y%m%d-%H%M%S)-$mode
mkdir -p "$run"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kontrol-bench.XXXXXX")

server_pid=
client_pid=
db=
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  [[ -n $client_pid ]] && stop_pid "$client_pid"
  stop_pid "$server_pid"
  server_pid=
  if [[ -n $db ]]; then
    if [[ $keep_db == 1 ]]; then log "kept database $db"; else drop_db "$db"; fi
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck disable=SC2034 # token, account_sid, jvm_opts: used by start_kontrol in common.sh
port=$(free_port)
base=http://127.0.0.1:$port
# shellcheck disable=SC2034
token=$(hex 16)
# shellcheck disable=SC2034
account_sid=AC$(hex 16)
admin_password=bench-$(hex 8)
business=+14155550100
big_phone=+14155550111
small_phone=+14155550122

# The timing client, compiled once.
javac -d "$tmp/classes" "$bench_dir/PageTimer.java"

db=$(create_db bench)
log "created database $db"
mkdir -p "$tmp/data"
# a private copy, so a rebuild of target/ during the run changes nothing
jar_built=$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ) # of the jar copied (target/ may be rebuilt while this runs)
cp "$jar" "$tmp/kontrol.jar"
start_kontrol "$run/server.log"

big=$(create_customer "Long Thread" "$big_phone")
small=$(create_customer "Short Thread" "$small_phone")
log "customers: $big (long thread, $big_phone), $small (short thread, $small_phone)"

# ---- seed: both threads in one statement, the short one's messages spread evenly over the long one's time, so that
# ids interleave as they would in a real database. Alternating inbound / outbound, 1-3 sentences (20-150 chars),
# unique SIDs, created_at one minute apart and increasing with id.
psql_db=(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db")
log "seeding $big_n + $small_n messages"
t0=$SECONDS
"${psql_db[@]}" > "$run/seed.txt" <<SQL
\\timing on
with p as (
  select array[
    'Hi, is the engineer still coming today?', 'Your appointment is confirmed for Tuesday at 9am.',
    'Thanks, see you then.', 'Can we move it to the afternoon instead?', 'The boiler is making that noise again.',
    'We''re running about 20 minutes late, sorry.', 'Please leave the side gate unlocked.',
    'Invoice 4471 is attached to your job page.', 'Great, the heating works perfectly now.',
    'I''ll be at work, my neighbour has a key.', 'Parts have arrived, we can book you in.',
    'What time do you open on Saturday?', 'Could you send me a quote for a new radiator?',
    'The technician is on his way now.', 'Is there parking near the house?', 'Payment received, thank you very much.',
    'No hot water since this morning.', 'Our team will call you before arriving.',
    'Do I need to be home for the inspection?', 'Your job has been marked as complete.',
    'Yes that works for me, thanks!', 'We''ve ordered the replacement valve.', 'Can you text me the portal link again?',
    'Sounds good, speak tomorrow.'] as a
), s as (
  select $big as customer_id, '$big_phone' as phone, i, i::numeric as pos from generate_series(1, $big_n) i
  union all
  select $small, '$small_phone', j, (j - 0.5) * $big_n / $small_n from generate_series(1, $small_n) j
), o as (
  select s.*, row_number() over (order by pos, customer_id) as r, count(*) over () as total from s
)
insert into messages (sid, customer_id, direction, from_address, to_address, body, status, sent_by,
                      created_at, updated_at)
select 'SM' || md5('kontrol-bench-' || o.customer_id || '-' || o.i),
       o.customer_id,
       case when o.i % 2 = 1 then 'inbound' else 'outbound' end,
       case when o.i % 2 = 1 then o.phone else '$business' end,
       case when o.i % 2 = 1 then '$business' else o.phone end,
       array_to_string((array[p.a[1 + (o.i * 7) % 24], p.a[1 + (o.i * 11 + 5) % 24],
                              p.a[1 + (o.i * 13 + 3) % 24]])[1:1 + (o.i * 5 + o.i / 3) % 3], ' '),
       case when o.i % 2 = 1 then 'received' else 'delivered' end,
       case when o.i % 2 = 1 then null else 'admin' end,
       now() - (o.total - o.r) * interval '1 minute',
       now() - (o.total - o.r) * interval '1 minute'
from o, p
order by o.r;
analyze messages;
analyze customers;
analyze customer_phones;
SQL
log "seeded in $((SECONDS - t0)) s"

# shellcheck disable=SC2016
read -r counts < <("${psql_db[@]}" -F ' ' -c "
  select count(*) filter (where customer_id = $big), count(*) filter (where customer_id = $small),
         min(length(body)), max(length(body)), count(distinct sid), count(*)
  from messages")
read -r got_big got_small min_len max_len distinct_sids all_rows <<< "$counts"
if [[ $got_big != "$big_n" || $got_small != "$small_n" || $distinct_sids != "$all_rows" ]]; then
  echo "seeding went wrong: $counts (expected $big_n and $small_n rows, unique SIDs)" >&2
  exit 1
fi
log "threads: $got_big and $got_small messages; bodies $min_len-$max_len chars; SIDs unique"

newest() { "${psql_db[@]}" -F '|' -c "select id, body from messages where customer_id = $1 order by id desc limit 1"; }
IFS='|' read -r big_last_id big_last_body <<< "$(newest "$big")"
IFS='|' read -r small_last_id small_last_body <<< "$(newest "$small")"

# The thread query as the app runs it (Messages.THREAD_PAGE), for the record.
thread_sql="select id, sid, customer_id, job_id, direction, from_address, to_address, body, status,
       error_code, error_message, sent_by, created_at
from messages
where customer_id = %s and id < 9223372036854775807
order by id desc
limit 50"
for c in "$big" "$small"; do
  # shellcheck disable=SC2059
  printf -- "-- customer %s\n" "$c"
  # shellcheck disable=SC2059
  "${psql_db[@]}" -c "explain (analyze, buffers) $(printf "$thread_sql" "$c")"
done > "$run/explain.txt"

# run_client NAME ARGS...: runs PageTimer, sampling CPU while it runs; sets cpu_line
run_client() {
  local name=$1 snap0 snap last pid
  shift
  java -XX:+UseSerialGC -Xms64m -Xmx512m -cp "$tmp/classes" PageTimer --base "$base" "$@" \
    --out "$run/$name.csv" --summary "$run/$name.summary" > "$run/$name.txt" 2>&1 &
  client_pid=$!
  pid=$client_pid
  snap0=$(cpu_snapshot "$server_pid" "$client_pid")
  all_ticks "$tmp/ticks0"
  local w0 w1 w
  w0=$(date +%s.%N)
  w1=$w0
  last=$snap0
  cp "$tmp/ticks0" "$tmp/ticks1"
  while kill -0 "$client_pid" 2> /dev/null; do
    snap=$(cpu_snapshot "$server_pid" "$client_pid")
    all_ticks "$tmp/ticks"
    w=$(date +%s.%N)
    # keep only snapshots taken while the client was certainly alive (its ticks were read)
    if kill -0 "$client_pid" 2> /dev/null; then
      last=$snap
      w1=$w
      mv "$tmp/ticks" "$tmp/ticks1"
    fi
    nap 0.5
  done
  local rc=0
  wait "$client_pid" || rc=$?
  client_pid=
  cpu_line=$(cpu_report "$snap0" "$last" Kontrol client)
  cpu_line+=$'\n'"  other processes, in cores: $(top_others "$tmp/ticks0" "$tmp/ticks1" \
    "$(awk -v a="$w0" -v b="$w1" 'BEGIN { print (b > a) ? b - a : 1 }')" "$server_pid" "$pid")"
  cat "$run/$name.txt"
  echo "$cpu_line"
  return "$rc"
}

checks=OK
touch "$run/pages.summary" "$run/api.summary"
log "SMS tab: $warmup warm-up GETs, then $requests timed GETs of each page, interleaved (logged-in session)"
if ! run_client pages --login "admin:$admin_password" --warmup "$warmup" --requests "$requests" \
  --target "long=/customers/$big/sms" --target "short=/customers/$small/sms" \
  --expect "long=id=\"message-$big_last_id\"" --expect "long=$big_last_body" --expect "long=/sms/older?before=" \
  --expect "short=id=\"message-$small_last_id\"" --expect "short=$small_last_body" --expect-not "short=/sms/older?before="; then
  checks=FAIL
fi
pages_cpu=$cpu_line

api_cpu=
if ((api_requests > 0)); then
  log "API: $warmup warm-up GETs, then $api_requests timed GETs of each customer's /messages?limit=50 (HTTP Basic)"
  if ! run_client api --basic "admin:$admin_password" --warmup "$warmup" --requests "$api_requests" \
    --target "long=/api/v1/customers/$big/messages?limit=50" --target "short=/api/v1/customers/$small/messages?limit=50" \
    --expect "long=\"id\":$big_last_id," --expect "long=$big_last_body" --expect-not "long=\"before\":null" \
    --expect "short=\"id\":$small_last_id," --expect "short=$small_last_body" --expect "short=\"before\":null"; then
    checks=FAIL
  fi
  api_cpu=$cpu_line
fi

stop_pid "$server_pid"
server_pid=

# ---- summary
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
fmt='%-5s %-12s %9s %9s %9s %9s %9s %8s\n'
# shellcheck disable=SC2059 # one format for all rows of the table
row() { printf -- "$fmt" "$@"; }
line() { # line SUMMARY KIND LABEL THREAD_SIZE
  local s=$1 k=$3
  row "$2" "$k ($4)" "$(kv "$s" "${k}_p50_ms")" "$(kv "$s" "${k}_p90_ms")" "$(kv "$s" "${k}_p99_ms")" \
    "$(kv "$s" "${k}_max_ms")" "$(kv "$s" "${k}_bytes")" "$(kv "$s" "${k}_n")"
}
ratio_line() { # ratio_line SUMMARY KIND
  local s=$1 q
  local r=() d=()
  for q in p50 p90 p99; do
    r+=("$(ratio "$(kv "$s" "long_${q}_ms")" "$(kv "$s" "short_${q}_ms")")")
    d+=("$(diff_ms "$(kv "$s" "long_${q}_ms")" "$(kv "$s" "short_${q}_ms")")")
  done
  row "$2" "long/short" "${r[@]}" '' '' ''
  row "$2" "long-short" "${d[@]}" '' '' ''
}
echo
echo "== bench/sms-tab.sh: $(nproc) cores, threads of $big_n and $small_n messages, $warmup warm-up + $requests timed GETs each (API: $api_requests)"
row what thread 'p50 ms' 'p90 ms' 'p99 ms' 'max ms' bytes n
ps=$run/pages.summary
as=$run/api.summary
line "$ps" page long "$big_n"
line "$ps" page short "$small_n"
ratio_line "$ps" page
if ((api_requests > 0)); then
  line "$as" api long "$big_n"
  line "$as" api short "$small_n"
  ratio_line "$as" api
fi
echo "pages: $pages_cpu"
[[ -z $api_cpu ]] || echo "api:   $api_cpu"
page_ratio=$(ratio "$(kv "$ps" long_p50_ms)" "$(kv "$ps" short_p50_ms)")
page_ratio90=$(ratio "$(kv "$ps" long_p90_ms)" "$(kv "$ps" short_p90_ms)")
verdict=$(awk -v r="$page_ratio" -v t="$target_ratio" 'BEGIN { print (r != "inf" && r <= t) ? "PASS" : "MISS" }')
echo "checks (every response 200; long page: newest message $big_last_id and the 'older' loader; short page: newest $small_last_id, no loader; API alike): $checks"
echo "target: median(long page) / median(short page) <= $target_ratio: $verdict ($page_ratio; p90 ratio $page_ratio90)"
if ((api_requests > 0)); then
  api_ratio=$(ratio "$(kv "$as" long_p50_ms)" "$(kv "$as" short_p50_ms)")
  echo "API (reported, same bar): $(awk -v r="$api_ratio" -v t="$target_ratio" 'BEGIN { print (r <= t) ? "PASS" : "MISS" }') ($api_ratio; every request pays a BCrypt check of the Basic password)"
fi
echo "thread query plans: ${run#"$root"/}/explain.txt"
echo "jar: $jar (built $jar_built, sha256 $(sha256sum "$tmp/kontrol.jar" | cut -c1-8))"
echo "logs and CSVs: ${run#"$root"/}"

fields=("long_n=$big_n" "short_n=$small_n" "requests=$requests" "warmup=$warmup"
  "page_long_p50_ms=$(kv "$ps" long_p50_ms)" "page_long_p90_ms=$(kv "$ps" long_p90_ms)" "page_long_p99_ms=$(kv "$ps" long_p99_ms)"
  "page_short_p50_ms=$(kv "$ps" short_p50_ms)" "page_short_p90_ms=$(kv "$ps" short_p90_ms)" "page_short_p99_ms=$(kv "$ps" short_p99_ms)"
  "page_ratio_p50=$page_ratio" "page_ratio_p90=$page_ratio90")
if ((api_requests > 0)); then
  fields+=("api_long_p50_ms=$(kv "$as" long_p50_ms)" "api_long_p90_ms=$(kv "$as" long_p90_ms)" "api_long_p99_ms=$(kv "$as" long_p99_ms)"
    "api_short_p50_ms=$(kv "$as" short_p50_ms)" "api_short_p90_ms=$(kv "$as" short_p90_ms)" "api_short_p99_ms=$(kv "$as" short_p99_ms)"
    "api_ratio_p50=$api_ratio" "api_ratio_p90=$(ratio "$(kv "$as" long_p90_ms)" "$(kv "$as" short_p90_ms)")")
fi
fields+=("checks=$checks" "target=$verdict")
append_result "$mode" "$jar_built/$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "${fields[@]}"

[[ $checks == FAIL ]] && exit 1
[[ $strict == 1 && $verdict == MISS ]] && exit 3
exit 0
