#!/usr/bin/env bash
# Benchmark of the outbox worker: see bench/README.md. Target: with the pace limit off, the worker sends at least
# 500 messages/s to a local stand-in for Twilio's REST API (WireMock).
#
#   bench/outbox.sh [options]
#
#   --messages N       texts queued in one transaction and timed (default 20000)
#   --warmup N         texts queued and sent first, not timed, so that the JIT has compiled the send path (default 2000;
#                      0 for none)
#   --senders N        KONTROL_SMS_SENDERS, concurrent sends (default: the app's default, 8)
#   --timeout S        give up when the texts are not all sent after S seconds (default 300)
#   --profile          record the measured window with JFR (profile settings, stack depth 512) and write the hottest
#                      frames and threads to profile.txt in the run's directory; also take a thread dump every 250 ms
#                      and write where the outbox threads spend wall-clock time to wallclock.txt (slows the run)
#   --jar PATH         the Kontrol jar (default target/kontrol.jar; build it with ./mvnw -q package -DskipTests)
#   --java-opts "..."  extra JVM options after the shipped deploy/jvm.options (or $KONTROL_BENCH_JAVA_OPTS)
#   --wiremock-jar P   the stand-in (default ~/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/...-3.13.2.jar)
#   --target-rate N    the bar in messages/s (default 1000)
#   --strict           exit 3 when the target is missed (a failed check always exits 1)
#   --keep-db          do not drop the benchmark database at the end
#   --history N        before the timed texts, N texts sent earlier (status delivered, each with its SID) in the
#                      table, as in production; with --analyze, the statistics then say that nearly every row has a SID
#   --analyze          diagnostics: VACUUM ANALYZE messages after the warm-up, before the timed texts are queued (as autovacuum
#                      does sooner or later; on the fresh database it has not, see README)
#   --sql STATEMENT    diagnostics: run STATEMENT on the bench database after the history and before the ANALYZE
#                      (repeatable), e.g. --sql "alter index messages_search set (fastupdate = off)"
#   --db-latency-ms N  put the database N ms away: Kontrol reaches PostgreSQL through bench/DbLatencyProxy.java, which
#                      holds every chunk N ms in each direction (the queueing and the checks go to it directly)
#   --db-set NAME=VAL  diagnostics: ALTER DATABASE <bench db> SET NAME = 'VAL' before the server starts (repeatable),
#                      e.g. --db-set session_preload_libraries=auto_explain --db-set auto_explain.log_min_duration=2
#
# Needs: java 17+ (with jcmd and jfr for --profile), curl, psql (PostgreSQL at $PGHOST:$PGPORT, default
# 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1 only. Logs and summaries go to
# bench/out/<timestamp>-outbox/; a line per run is added to bench/out/results.tsv.
set -euo pipefail

usage() {
  sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

n=20000
warmup=2000
senders=
timeout=300
profile=0
jar=$root/target/kontrol.jar
java_opts="@$root/deploy/jvm.options ${KONTROL_BENCH_JAVA_OPTS:-}" # what ships, then any extra
wiremock_jar=$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar
target_rate=1000
strict=0
keep_db=0
db_sets=()
db_latency_ms=0
analyze=0
history=0
extra_sql=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) n=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --senders) senders=${2:?}; shift 2 ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    --profile) profile=1; shift ;;
    --jar) jar=${2:?}; shift 2 ;;
    --java-opts) java_opts+=" ${2?}"; shift 2 ;;
    --wiremock-jar) wiremock_jar=${2:?}; shift 2 ;;
    --target-rate) target_rate=${2:?}; shift 2 ;;
    --strict) strict=1; shift ;;
    --keep-db) keep_db=1; shift ;;
    --analyze) analyze=1; shift ;;
    --history) history=$2; shift 2 ;;
    --sql) extra_sql+=("$2"); shift 2 ;;
    --db-set) db_sets+=("${2:?}"); shift 2 ;;
    --db-latency-ms) db_latency_ms=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
is_int "$n" || { echo "--messages must be a positive integer" >&2; exit 2; }
[[ $warmup =~ ^[0-9]+$ ]] || { echo "--warmup takes an integer" >&2; exit 2; }
[[ -z $senders ]] || is_int "$senders" || { echo "--senders must be a positive integer" >&2; exit 2; }
is_int "$timeout" || { echo "--timeout must be a positive integer" >&2; exit 2; }
is_num "$target_rate" || { echo "not a number: $target_rate" >&2; exit 2; }

for tool in java curl awk psql; do
  command -v "$tool" > /dev/null || { echo "$tool is required" >&2; exit 2; }
done
if [[ $profile == 1 ]]; then
  for tool in jcmd jfr; do command -v "$tool" > /dev/null || { echo "$tool is required for --profile" >&2; exit 2; }; done
fi
if [[ ! -f $jar ]]; then
  echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests   (or pass --jar PATH)" >&2
  exit 2
fi
[[ -f $wiremock_jar ]] || { echo "No WireMock at $wiremock_jar (pass --wiremock-jar PATH)" >&2; exit 2; }
[[ $profile == 1 ]] && java_opts+=" -XX:FlightRecorderOptions:stackdepth=512"
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
read -r -a jvm_opts <<< "$java_opts"

mode=outbox
run=$bench_dir/out/$(date +%Y%m%d-%H%M%S)-$mode
mkdir -p "$run"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kontrol-bench.XXXXXX")

server_pid=
db_proxy_pid=
wiremock_pid=
watch_pid=
db=
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  [[ -n $watch_pid ]] && stop_pid "$watch_pid"
  stop_pid "$server_pid"
  stop_pid "$db_proxy_pid"
  stop_pid "$wiremock_pid"
  if [[ -n $db ]]; then
    if [[ $keep_db == 1 ]]; then log "kept database $db"; else drop_db "$db"; fi
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wm_port=$(free_port)
wm=http://127.0.0.1:$wm_port
port=$(free_port)
[[ $port != "$wm_port" ]] || port=$(free_port)
base=http://127.0.0.1:$port
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
token=$(hex 16)
account_sid=AC$(hex 16)
admin_password=bench-$(hex 8)
business=+14155550100
phone=+14155550199
create_path=/2010-04-01/Accounts/$account_sid/Messages.json

# ---- the stand-in: "create message" answers 201 with a Twilio message resource and a fresh SID each time. The
# request journal stays on (it is how the requests are counted); request logging is off.
mkdir -p "$tmp/wiremock/mappings" "$tmp/wiremock/__files"
cat > "$tmp/wiremock/mappings/create-message.json" <<JSON
{
  "request": { "method": "POST", "url": "$create_path" },
  "response": {
    "status": 201,
    "headers": { "Content-Type": "application/json" },
    "body": "{\"account_sid\":\"$account_sid\",\"api_version\":\"2010-04-01\",\"body\":\"x\",\"date_created\":\"Thu, 24 Aug 2023 05:01:45 +0000\",\"date_sent\":null,\"date_updated\":\"Thu, 24 Aug 2023 05:01:45 +0000\",\"direction\":\"outbound-api\",\"error_code\":null,\"error_message\":null,\"from\":\"$business\",\"num_media\":\"0\",\"num_segments\":\"1\",\"price\":null,\"price_unit\":null,\"messaging_service_sid\":null,\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\",\"status\":\"queued\",\"to\":\"$phone\",\"uri\":\"/2010-04-01/Accounts/$account_sid/Messages/x.json\"}"
  }
}
JSON
java -jar "$wiremock_jar" --port "$wm_port" --root-dir "$tmp/wiremock" --global-response-templating \
  --async-response-enabled=false --disable-banner --disable-request-logging > "$run/wiremock.log" 2>&1 &
wiremock_pid=$!
wait_http "$wiremock_pid" "$wm/__admin/health" 200 60 "$run/wiremock.log"
log "WireMock is up on $wm (pid $wiremock_pid)"

db=$(create_db bench)
log "created database $db"
for setting in "${db_sets[@]}"; do
  [[ $setting =~ ^([a-z_.]+)=([^\']*)$ ]] || { echo "--db-set wants NAME=VALUE: $setting" >&2; exit 2; }
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "alter database $db set ${BASH_REMATCH[1]} = '${BASH_REMATCH[2]}'"
  log "  $db: set ${BASH_REMATCH[1]} = '${BASH_REMATCH[2]}'"
done
mkdir -p "$tmp/data"
jar_built=$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ) # of the jar copied (target/ may be rebuilt while this runs)
cp "$jar" "$tmp/kontrol.jar"
extra_env=(KONTROL_TWILIO_API_BASE_URL="$wm" KONTROL_SMS_MESSAGES_PER_SECOND=0)
[[ -z $senders ]] || extra_env+=(KONTROL_SMS_SENDERS="$senders")
if [[ $db_latency_ms != 0 ]]; then
  start_db_proxy "$db_latency_ms" "$run/proxy.log"
  extra_env+=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$db_proxy_port/$db") # after start_kontrol's own: wins
  log "PostgreSQL $db_latency_ms ms away: through bench/DbLatencyProxy.java on port $db_proxy_port"
fi
start_kontrol "$run/server.log" "${extra_env[@]}"

customer=$(create_customer "Outbox Bench" "$phone")
log "customer $customer ($phone)"

psql_db=(psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -d "$db")

# ---- probe: one text through the API, the way staff send one; it must come back with a SID from the stand-in
probe=$(curl -s -w '\n%{http_code}' -u "admin:$admin_password" -H 'Content-Type: application/json' \
  -d '{"body":"bench probe"}' "$base/api/v1/customers/$customer/messages")
if [[ ${probe##*$'\n'} != 202 ]]; then
  echo "POST /api/v1/customers/$customer/messages answered ${probe##*$'\n'}: ${probe%$'\n'*}" >&2
  exit 1
fi
probe_id=$(sed -E 's/^\{"id":([0-9]+).*/\1/' <<< "${probe%$'\n'*}")
for _ in $(seq 1 100); do
  read -r probe_status probe_sid < <("${psql_db[@]}" -c "select status, coalesce(sid, '-') from messages where id = $probe_id")
  [[ $probe_sid == - && $probe_status == queued ]] || break
  nap 0.1
done
if [[ $probe_sid == - ]]; then
  echo "the probe text $probe_id was not sent (status $probe_status): $("${psql_db[@]}" -c "select error_code, error_message from messages where id = $probe_id")" >&2
  tail -n 20 "$run/server.log" >&2
  exit 1
fi
log "probe text sent: $probe_sid"

# queue TAG COUNT: inserts COUNT outbound texts in one transaction, as the outbox writes them (Messages.addQueued);
# prints the server's clock just after the commit, in epoch seconds
# (The caller sets floor first: the highest id before the texts it queues; the polling looks past it by id, so that it
# costs the same on a table of a million rows as on an empty one.)
queue() {
  "${psql_db[@]}" <<SQL
begin;
insert into messages (sid, customer_id, direction, from_address, to_address, body, status, sent_by,
                      created_at, updated_at, status_callback)
select null, $customer, 'outbound', '$business', '$phone', '$1 ' || i, 'queued', '$1', now(), now(), '$base'
from generate_series(1, $2) i;
commit;
select extract(epoch from clock_timestamp());
SQL
}

# wait_sent TAG COUNT START_EPOCH: waits until no text of TAG is queued without a SID, polling every 100 ms on one
# connection (psql's \watch, so that the polling costs next to nothing); progress every 5 s
wait_sent() {
  local tag=$1 count=$2 start_ms line now left=-1 failed claimed next=5000
  start_ms=$(awk -v t="$3" 'BEGIN { printf "%.0f", t * 1000 }')
  printf "select (extract(epoch from clock_timestamp()) * 1000)::bigint, count(*) filter (where sid is null and status = 'queued'), count(*) filter (where status = 'failed'), count(*) filter (where sid is null and sending_since is not null) from messages where id > %s and sent_by = '%s'\n\\\\watch 0.1\n" "$floor" "$tag" > "$tmp/watch.sql"
  coproc WATCH { exec psql -X -q -At -F ' ' -d "$db" -f "$tmp/watch.sql" 2>&1; }
  # shellcheck disable=SC2153 # WATCH_PID is set by coproc
  watch_pid=$WATCH_PID
  while read -r -u "${WATCH[0]}" line; do
    [[ -n $line ]] || continue
    read -r now left failed claimed <<< "$line"
    [[ $now =~ ^[0-9]+$ && $left =~ ^[0-9]+$ ]] || { echo "polling failed: $line" >&2; left=-1; break; }
    ((left > 0)) || break
    if ((now - start_ms >= next)); then
      log "  $((count - left)) of $count sent, $claimed claimed and not sent yet, $failed failed"
      next=$((next + 5000))
    fi
    if ((now - start_ms >= timeout * 1000)); then
      log "  timed out after ${timeout}s: $left of $count still queued"
      break
    fi
  done
  stop_pid "$watch_pid"
  watch_pid=
  [[ $left == 0 ]]
}

if ((warmup > 0)); then
  log "warm-up: $warmup texts"
  floor=$("${psql_db[@]}" -c "select coalesce(max(id), 0) from messages")
  t=$(queue bench-warmup "$warmup")
  wait_sent bench-warmup "$warmup" "$t" || { echo "the warm-up texts were not all sent" >&2; exit 1; }
  read -r warm_s < <("${psql_db[@]}" -c "select round(extract(epoch from max(updated_at)) - $t, 3) from messages where id > $floor and sent_by = 'bench-warmup'")
  log "warm-up sent in ${warm_s}s ($(awk -v n="$warmup" -v s="$warm_s" 'BEGIN { printf "%.0f", n / s }') msg/s)"
fi
if (( history > 0 )); then
  "${psql_db[@]}" <<SQL
insert into messages (sid, customer_id, direction, from_address, to_address, body, status, sent_by,
                      created_at, updated_at, status_callback)
select 'SMhist' || lpad(to_hex(i), 28, '0'), $customer, 'outbound', '$business', '$phone', 'history ' || i,
       'delivered', 'bench-history', now() - interval '1 day', now() - interval '1 day', '$base'
from generate_series(1, $history) i;
SQL
  log "added $history earlier texts, each with a SID"
fi
for statement in "${extra_sql[@]}"; do
  "${psql_db[@]}" -c "$statement"
  log "ran: $statement"
done
if [[ $analyze == 1 ]]; then
  # VACUUM too: after a million inserts autovacuum would otherwise start on the table in the middle of the timed run
  "${psql_db[@]}" -c "vacuum (analyze) messages"
  log "vacuumed and analyzed messages"
fi
# from here on, the stand-in counts only the measured texts
curl -s -o /dev/null -X DELETE "$wm/__admin/requests"

jfr_file=$tmp/outbox.jfr
if [[ $profile == 1 ]]; then
  jcmd "$server_pid" JFR.start name=bench settings=profile filename="$jfr_file" > "$run/jfr.txt" 2>&1
fi

log "queueing $n texts in one transaction"
cpu0=$(cpu_snapshot "$server_pid" "$wiremock_pid")
all_ticks "$tmp/ticks0"
w0=$(date +%s.%N)
floor=$("${psql_db[@]}" -c "select coalesce(max(id), 0) from messages")
t_commit=$(queue bench "$n")
dumper_pid=
if [[ $profile == 1 ]]; then
  # wall-clock view: a thread dump (SIGQUIT, printed to the server's log) every 250 ms while the texts go out
  log_from=$(stat -c %s "$run/server.log")
  (while kill -QUIT "$server_pid" 2> /dev/null; do sleep 0.25; done) &
  dumper_pid=$!
fi
log "committed; waiting until every one has a SID"
sent_all=1
wait_sent bench "$n" "$t_commit" || sent_all=0
cpu1=$(cpu_snapshot "$server_pid" "$wiremock_pid")
all_ticks "$tmp/ticks1"
cpu_line=$(cpu_report "$cpu0" "$cpu1" Kontrol WireMock)
others=$(top_others "$tmp/ticks0" "$tmp/ticks1" "$(awk -v a="$w0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" \
  "$server_pid" "$wiremock_pid")

if [[ $profile == 1 ]]; then
  stop_pid "$dumper_pid"
  jcmd "$server_pid" JFR.stop name=bench >> "$run/jfr.txt" 2>&1 || true
  tail -c +"$((log_from + 1))" "$run/server.log" > "$tmp/dumps.txt"
fi

# ---- figures and checks, from the database and the stand-in
read -r rows with_sid distinct_sids well_formed failed max_attempts first_s last_s < <("${psql_db[@]}" -c "
  select count(*), count(sid), count(distinct sid), count(*) filter (where sid ~ '^SM[0-9a-f]{32}\$'),
         count(*) filter (where status = 'failed'), coalesce(max(send_attempts), 0),
         coalesce(round(extract(epoch from min(updated_at) filter (where sid is not null)) - $t_commit, 3), 0),
         coalesce(round(extract(epoch from max(updated_at) filter (where sid is not null)) - $t_commit, 3), 0)
  from messages where id > $floor and sent_by = 'bench'")
# messages accepted per second of the run (updated_at is set when the SID is stored)
"${psql_db[@]}" -F ',' -c "
  select floor(extract(epoch from updated_at) - $t_commit)::int as second, count(*)
  from messages where id > $floor and sent_by = 'bench' and sid is not null group by 1 order by 1" > "$run/timeline.csv"
wm_count=$(curl -s -X POST -d "{\"method\":\"POST\",\"url\":\"$create_path\"}" "$wm/__admin/requests/count" |
  sed -nE 's/.*"count" *: *([0-9]+).*/\1/p')
wm_unmatched=$(curl -s "$wm/__admin/requests/unmatched" | grep -c '"url"' || true)
# one create request as the stand-in got it: the form Twilio's API takes
curl -s "$wm/__admin/requests?limit=1" > "$run/last-request.json"
form_ok=OK
for want in "To=%2B${phone#+}" "From=%2B${business#+}" "Body=bench+" \
  "StatusCallback=http%3A%2F%2F127.0.0.1%3A$port%2Fapi%2Fwebhooks%2Ftwilio%2Fstatus"; do
  grep -q -- "$want" "$run/last-request.json" || form_ok="FAIL (no $want)"
done

stop_pid "$server_pid"
server_pid=

rate=$(awk -v n="$n" -v s="$last_s" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }')
# the steady rate: whole seconds between the first and the last (partial) one
# (seconds in which nothing was stored are not in the file: they count as 0)
steady=$(awk -F, 'NR == FNR { last = $1; next } $1 > 0 && $1 < last { s += $2 } END { if (last > 1) printf "%.0f", s / (last - 1); else print "-" }' "$run/timeline.csv" "$run/timeline.csv")

checks=OK
problems=()
[[ $sent_all == 1 ]] || problems+=("not all sent within ${timeout}s")
[[ $rows == "$n" ]] || problems+=("$rows rows instead of $n")
[[ $with_sid == "$n" && $distinct_sids == "$n" ]] || problems+=("$with_sid with a SID, $distinct_sids distinct, of $n")
[[ $well_formed == "$n" ]] || problems+=("$((n - well_formed)) SIDs not SM + 32 hex")
[[ $failed == 0 ]] || problems+=("$failed failed")
[[ $max_attempts == 1 ]] || problems+=("some texts took $max_attempts attempts")
[[ $wm_count == "$n" ]] || problems+=("the stand-in got ${wm_count:-?} create requests for $n texts")
[[ $wm_unmatched == 0 ]] || problems+=("$wm_unmatched requests matched no stub")
[[ $form_ok == OK ]] || problems+=("create request: $form_ok")
((${#problems[@]} == 0)) || checks=FAIL

if [[ $profile == 1 && -s $jfr_file ]]; then
  cp "$jfr_file" "$run/outbox.jfr"
  jfr_summary "$jfr_file" "$run/profile.txt" \
    '^(com\.kontrol|org\.postgresql|com\.twilio|jdk\.internal\.net\.http|java\.net\.http|org\.springframework\.jdbc|com\.zaxxer|com\.fasterxml)' \
    "com.kontrol / org.postgresql / com.twilio / java.net.http / jdbc / jackson" 60
fi

if [[ $profile == 1 && -s $tmp/dumps.txt ]]; then
  # Where the worker's threads spend wall-clock time: per thread dump, each outbox thread's innermost Kontrol frame
  # (what it is doing) and its top frame (what it waits on).
  wallclock_summary "$tmp/dumps.txt" "$run/wallclock.txt" '^outbox-' ""
fi

# ---- summary
verdict=$(awk -v r="$rate" -v t="$target_rate" 'BEGIN { print (r >= t) ? "PASS" : "MISS" }')
echo
echo "== bench/outbox.sh: $(nproc) cores, $n texts queued in one transaction (warm-up $warmup$( (( history == 0 )) || echo ", $history earlier texts with SIDs")$([[ $analyze == 0 ]] || echo ", then ANALYZE")), senders ${senders:-default}, pace limit off"
fmt='%-10s %8s %9s %9s %10s %10s %9s %10s %8s %8s\n'
# shellcheck disable=SC2059 # one format for the table
printf "$fmt" texts sent 'msg/s' 'steady/s' 'first s' 'last s' 'stand-in' 'distinct' failed attempts
# shellcheck disable=SC2059
printf "$fmt" "$n" "$with_sid" "$rate" "$steady" "$first_s" "$last_s" "${wm_count:-?}" "$distinct_sids" "$failed" "$max_attempts"
echo "(msg/s = texts / (last SID stored - commit of the insert); steady/s = mean of the whole seconds in between;"
echo " first s = from the commit to the first SID stored; per-second counts: ${run#"$root"/}/timeline.csv)"
echo "$cpu_line"
echo "other processes, in cores (kernel threads included; psql and awk are this script's polling): $others"
if ((${#problems[@]} > 0)); then
  echo "checks: FAIL: $(printf '%s; ' "${problems[@]}")"
else
  echo "checks: OK (every text sent once: $n create requests at the stand-in, $n distinct SIDs stored, none failed, one attempt each)"
fi
echo "target: >= $target_rate msg/s: $verdict ($rate msg/s)"
[[ $profile == 0 ]] || echo "profile: CPU ${run#"$root"/}/profile.txt (JFR recording: outbox.jfr), wall clock ${run#"$root"/}/wallclock.txt"
echo "jar: $jar (built $jar_built, sha256 $(sha256sum "$tmp/kontrol.jar" | cut -c1-8))"
echo "logs: ${run#"$root"/}"

append_result "$mode" "$jar_built/$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "messages=$n" "warmup=$warmup" \
  "senders=${senders:-default}" "sent=$with_sid" "msg_per_s=$rate" "steady_per_s=$steady" "first_s=$first_s" "last_s=$last_s" \
  "standin_requests=${wm_count:-?}" "distinct_sids=$distinct_sids" "failed=$failed" "max_attempts=$max_attempts" \
  "analyze=$analyze" "history=$history" "profile=$profile" "checks=$checks" "target=$verdict"

[[ $checks == FAIL ]] && exit 1
[[ $strict == 1 && $verdict == MISS ]] && exit 3
exit 0
