#!/usr/bin/env bash
# Benchmark of Reports (issue 34): see bench/README.md. Target: with 1,000,000 messages and 10,000 conversations on
# PostgreSQL, the Reports page for the last 90 days (GET /reports?range=90&hours=business, as the admin) renders in
# under 200 ms (p99, from the client). GET /api/v1/reports/summary for the same days is timed after it.
#
#   bench/reports.sh [--customers N] [--messages N] [--days N] [--zone ZONE] [--requests N] [--warmup N] [--jar PATH]
#                    [--keep-db]
#
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1
# only. Logs go to bench/out/<timestamp>-reports/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

customers=10000
messages=1000000
days=120                # the history's length: the 90 days shown and part of the 90 before (the page compares)
zone=America/Chicago    # the business's zone (kontrol.time-zone): the report's days and hours are its
requests=200
warmup=20
jar=$root/target/kontrol.jar
keep_db=0
target_ms=200
while [[ $# -gt 0 ]]; do
  case "$1" in
    --customers) customers=${2:?}; shift 2 ;;
    --messages) messages=${2:?}; shift 2 ;;
    --days) days=${2:?}; shift 2 ;;
    --zone) zone=${2:?}; shift 2 ;;
    --requests) requests=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
done
for n in "$customers" "$messages" "$days" "$requests"; do is_int "$n" || { echo "not a positive number: $n" >&2; exit 2; }; done
if [[ ! -f $jar && $jar == "$root/target/kontrol.jar" ]]; then (cd "$root" && ./mvnw -q package -DskipTests -o); fi
[[ -f $jar ]] || { echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests" >&2; exit 2; }
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
jvm_opts=("@$root/deploy/jvm.options") # the JVM settings that ship

mode=reports
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
  stop_pid "$client_pid"
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
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
token=$(hex 16) account_sid=AC$(hex 16)
admin_password=bench-$(hex 8)
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

javac -d "$tmp/classes" "$bench_dir/PageTimer.java"
db=$(create_db bench)
mkdir -p "$tmp/data"
cp "$jar" "$tmp/kontrol.jar"
start_kontrol "$run/server.log" KONTROL_TIME_ZONE="$zone"

# As bench/conversations.sh: customers with a number and texts alternating customer and office, and their
# conversations as the V11 migration computes them; here spread over $days days (each customer's texts 1.2 days apart
# at 100 a customer), between 07:00 and 20:00 in the business's zone. Outbound: 7 in 10 typed (five people), 2 in 10
# notifications, 1 in 10 after-hours replies; every 20th a 3-segment text. Every 50th row is a customer's call (1 in 4
# missed); every 50th inbound text has a picture, every 100th outbound one too. Then what the app keeps as texts
# happen: report_counts as MessageTally counts them (per day and hour of the zone), with the tally's cursor at the
# last message so that the running app counts nothing again (one transaction: the tally waits for it); a response
# for 1 inbound text in 4; 30,000 report_events.
log "seeding $customers customers and $messages messages over $days days ($zone)"
per=$((messages / customers))
t0=$SECONDS
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" > "$run/seed.txt" <<SQL
begin;
insert into customers (name, sms_enabled, created_at, updated_at)
select 'Customer ' || n, true, now() - interval '400 days', now() - interval '400 days'
from generate_series(1, ${customers}) n;
insert into customer_phones (customer_id, phone, is_primary, created_at)
select id, '+1415' || lpad(id::text, 7, '0'), true, created_at from customers;
insert into messages (customer_id, direction, from_address, to_address, body, status, sent_by, created_at, updated_at)
select c.id, d.direction, '+14155550100', '+14155550100',
       case when d.direction = 'call' then ''
            else 'Message ' || t || ' about the job at ' || c.id || ' Main Street, can you come on Tuesday?'
                 || case when d.direction = 'outbound' and t % 20 = 1 then repeat(' We will bring the parts.', 12) else '' end
       end,
       case d.direction when 'inbound' then 'received' when 'outbound' then 'delivered'
                        else case when c.id % 4 = 0 then 'missed' else 'answered' end end,
       case when d.direction <> 'outbound' then null
            when (c.id + t) % 10 < 7 then (array['dana', 'sam', 'alex', 'jordan', 'riley'])[1 + (c.id + t) % 5]
            when (c.id + t) % 10 < 9 then 'notification' else 'after-hours' end,
       d.at, d.at
from customers c, generate_series(1, ${per}) t,
     lateral (select case when t % 50 = 25 then 'call' when (t + c.id % 3) % 2 = 0 then 'inbound' else 'outbound' end,
                     ((now() at time zone '${zone}')::date - ((${per} - t) * ${days} / ${per})
                      + interval '7 hours' + ((c.id * 37 + t * 101) % 780) * interval '1 minute'
                      + (c.id % 60) * interval '1 second')
                     at time zone '${zone}') x(direction, local_at),
     lateral (select x.direction, case when x.local_at > now() - interval '1 minute'
                                       then x.local_at - interval '1 day' else x.local_at end) d(direction, at);
insert into message_media (message_id, position, url, content_type)
select id, 0, 'https://api.twilio.com/2010-04-01/Media/ME' || md5(id::text), 'image/jpeg'
from messages where direction = 'inbound' and id % 50 = 0;
insert into outbound_media (token, message_id, content_type, file_name, size_bytes, data, created_by, created_at, expires_at)
select md5('kontrol-bench-' || id), id, 'image/jpeg', 'photo.jpg', 1, '\\x00', sent_by, created_at, created_at + interval '7 days'
from messages where direction = 'outbound' and id % 100 = 1;
insert into conversations (customer_id, last_message_id, last_inbound_id, last_activity_at, waiting_since, answered_at)
select m.customer_id, max(m.id), max(case when m.direction = 'inbound' then m.id end), max(m.created_at),
       min(case when m.direction = 'inbound'
                     and m.id > coalesce((select max(o.id) from messages o
                                          where o.customer_id = m.customer_id and o.direction = 'outbound'), 0)
                then m.created_at end),
       max(case when m.direction = 'outbound' then m.created_at end)
from messages m where m.customer_id is not null group by m.customer_id;
with m as (
  select m.created_at at time zone '${zone}' as local_at, m.direction, m.sent_by, length(m.body) as len,
         case when m.direction <> 'outbound' then null
              when m.sent_by = 'notification' then 'notification'
              when m.sent_by is null
                   or m.sent_by in ('after-hours', 'help', 'verification', 'on-call', 'Kontrol', 'missed-call') then 'automatic'
              else 'typed' end as kind,
         exists (select 1 from message_media x where x.message_id = m.id)
         or exists (select 1 from outbound_media o where o.message_id = m.id) as picture
  from messages m where m.direction in ('inbound', 'outbound', 'call'))
insert into report_counts (day, hour, metric, username, count)
select m.local_at::date, extract(hour from m.local_at), k.metric, k.username, sum(k.n)
from m cross join lateral (values
  (case m.direction when 'call' then 'calls_in' when 'inbound' then 'texts_in' else 'texts_out_' || m.kind end,
   case when m.kind = 'typed' then m.sent_by else '' end, 1),
  (case when m.direction = 'outbound' then 'segments_out' end, '', -- GSM-7 text: 160 in one segment, else 153 each
   case when m.len <= 160 then 1 else ceil(m.len / 153.0)::int end),
  (case when m.picture and m.direction = 'inbound' then 'mms_in' when m.picture and m.direction = 'outbound' then 'mms_out' end,
   '', 1)) k(metric, username, n)
where k.metric is not null
group by 1, 2, 3, 4;
update report_tally set last_message_id = (select max(id) from messages) where id = 1;
insert into report_responses (customer_id, message_id, username, kind, waited_since, answered_at, wall_seconds, business_seconds)
select m.customer_id, m.id + 1, (array['dana', 'sam', 'alex', 'jordan', 'riley', null])[1 + m.id % 6],
       case when m.id % 3 = 0 then 'first' else 'next' end,
       m.created_at, m.created_at + m.wall * interval '1 second', m.wall, (m.wall * m.share)::bigint
from (select m.*, (20 + power(random(), 6) * 172800)::bigint as wall, 0.3 + 0.7 * random() as share
      from messages m where m.direction = 'inbound' and random() < 0.25) m
where m.created_at + m.wall * interval '1 second' < now(); -- answered by now
-- the answers' daily rollup, as the app keeps it with each answer (ResponseDays)
insert into report_response_days (day, kind, username, business_seconds, wall_seconds)
select cast(answered_at at time zone '${zone}' as date), kind, coalesce(username, ''),
       array_agg(business_seconds::int order by id), array_agg(wall_seconds::int order by id)
from report_responses group by 1, 2, 3;
insert into report_events (at, kind, customer_id, message_id, code, detail)
select now() - random() * interval '${days} days', e.kind,
       case when e.kind not in ('opted_out', 'opted_in') then c.id end,
       case when e.kind not in ('opted_out', 'opted_in', 'closed', 'reopened') then n end,
       case when e.kind = 'delivery_failed' then f.code end,
       case when e.kind = 'delivery_failed' then f.detail when e.kind in ('opted_out', 'opted_in') then p.phone end
from generate_series(1, 30000) n
cross join lateral (select (array['opened', 'opened', 'opened', 'opened', 'opened', 'opened', 'closed', 'closed', 'closed',
        'closed', 'closed', 'reopened', 'reopened', 'delivery_failed', 'delivery_failed', 'delivery_failed',
        'opted_out', 'opted_in', 'call_missed', 'call_missed'])[1 + n % 20]) e(kind)
join (values (0, 30003, 'Unreachable destination handset'), (1, 30003, 'Unreachable destination handset'),
             (2, 30005, 'Unknown destination handset'), (3, 30006, 'Landline or unreachable carrier'),
             (4, 30007, 'Message filtered'), (5, 30008, 'Unknown error'),
             (6, 21610, 'Attempt to send to unsubscribed recipient')) f(i, code, detail) on f.i = (n / 20) % 7
join customers c on c.id = (select min(id) from customers) + n % ${customers}
join customer_phones p on p.customer_id = c.id;
commit;
analyze;
SQL
seed_s=$((SECONDS - t0))
count=$(q "select count(*) from messages")
rows=$(q "select (select count(*) from report_counts) || ' report_counts, ' || (select count(*) from report_responses)
  || ' report_responses, ' || (select count(*) from report_events) || ' report_events, '
  || (select count(*) from conversations) || ' conversations'")
log "seeded in ${seed_s} s: $count messages; $rows"

# The last 90 days as the page's "90 days" button shows them (today in the business's zone and the 89 before).
to=$(TZ=$zone date +%F)
from=$(TZ=$zone date -d "$to - 89 days" +%F)
in_range=$(q "select count(*) from messages where direction = 'inbound' and created_at >= '$from'::timestamp at time zone
  '$zone' and created_at < '$to'::timestamp at time zone '$zone' + interval '1 day'")

# run_client NAME ARGS...: runs PageTimer, sampling CPU while it runs (as bench/sms-tab.sh); prints its table and CPU
run_client() {
  local name=$1 snap0 snap last w0 w1 w rc=0
  shift
  java -XX:+UseSerialGC -cp "$tmp/classes" PageTimer --base "$base" "$@" --warmup "$warmup" --requests "$requests" \
    --out "$run/$name.csv" --summary "$run/$name.summary" > "$run/$name.txt" 2>&1 &
  client_pid=$!
  snap0=$(cpu_snapshot "$server_pid" "$client_pid")
  all_ticks "$tmp/ticks0"
  cp "$tmp/ticks0" "$tmp/ticks1"
  w0=$(date +%s.%N) w1=$w0 last=$snap0
  while kill -0 "$client_pid" 2> /dev/null; do
    snap=$(cpu_snapshot "$server_pid" "$client_pid")
    all_ticks "$tmp/ticks"
    w=$(date +%s.%N)
    if kill -0 "$client_pid" 2> /dev/null; then last=$snap w1=$w && mv "$tmp/ticks" "$tmp/ticks1"; fi
    nap 0.5
  done
  wait "$client_pid" || rc=$?
  { cat "$run/$name.txt"; cpu_report "$snap0" "$last" Kontrol client
    echo "  other processes, in cores: $(top_others "$tmp/ticks0" "$tmp/ticks1" \
      "$(awk -v a="$w0" -v b="$w1" 'BEGIN { print (b > a) ? b - a : 1 }')" "$server_pid" "$client_pid")"
  } | tee "$run/$name.cpu"
  client_pid=
  return "$rc"
}

log "timing the page and the API for $from .. $to: $warmup warm-up + $requests timed requests each, one at a time"
run_client page --login "admin:$admin_password" --target page="/reports?range=90&hours=business" \
  --expect page="How fast we answer" --expect page="30003" \
  --expect-not page="Nobody answered a waiting customer" --expect-not page="No wait was answered"
run_client api --basic "admin:$admin_password" \
  --target api="/api/v1/reports/summary?from=$from&to=$to&hours=business" --expect api='"firstResponse":{"count":'

# The figures are the seeded ones, and the app's tally counted nothing twice (it ran alongside the seeding).
curl -s -u "admin:$admin_password" "$base/api/v1/reports/summary?from=$from&to=$to&hours=business" > "$run/summary.json"
api_in=$(grep -o '"texts":{"in":[0-9]*' "$run/summary.json" | grep -o '[0-9]*$' || echo none)
tally=$(q "select (select sum(count) from report_counts where metric = 'texts_in')
  = (select count(*) from messages where direction = 'inbound')
  and (select last_message_id from report_tally) = (select max(id) from messages)")
check=ok
[[ $api_in == "$in_range" && $tally == t ]] || check=FAILED

echo
echo "== bench/reports.sh: $(nproc) cores, $customers conversations, $count messages over $days days ($zone), seeded in ${seed_s} s"
echo "report tables: $rows"
results=("messages=$count" "customers=$customers" "seed_s=$seed_s")
for label in page api; do
  line="$label:"
  for p in p50 p90 p99 max; do
    v=$(kv "$run/$label.summary" "${label}_${p}_ms")
    line+=" $p $v ms,"
    results+=("${label}_${p}_ms=$v")
  done
  echo "${line%,} ($(kv "$run/$label.summary" "${label}_bytes") bytes)"
done
echo "texts in over $from .. $to: $in_range in messages, $api_in in the API's summary; app's tally counted nothing twice: $([[ $tally == t ]] && echo yes || echo NO): $check"
page_p99=$(kv "$run/page.summary" page_p99_ms)
verdict=$(awk -v p="$page_p99" -v t="$target_ms" 'BEGIN { print (p < t ? "PASS" : "MISS") }')
echo "target: the 90-day Reports page < ${target_ms} ms (p99): $verdict (p99 $page_p99 ms)"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "${results[@]}" "check=$check" "target=$verdict"
[[ $check == ok ]]
