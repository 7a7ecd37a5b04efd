#!/usr/bin/env bash
# Benchmark of data retention (Settings › Data retention): a history of old texts, some with a picture, is redacted in
# one run through POST /api/v1/settings/retention/run, and (with --delete-at-twilio) each text is deleted at a local
# stand-in for Twilio's REST API (WireMock), its media first. Target: 100,000 texts redacted in one run.
#
#   bench/retention.sh [options]
#
#   --messages N         old texts in the history (default 100000)
#   --media-every K      every K-th text has a picture (default 20)
#   --recent N           texts newer than the rule, which must keep their words (default 1000)
#   --delete-at-twilio   also delete Twilio's copies (a GET of the media list and a DELETE per picture and per text)
#   --jar PATH           the Kontrol jar (default target/kontrol.jar; build it with ./mvnw -q package -DskipTests)
#   --java-opts "..."    extra JVM options after the shipped deploy/jvm.options (or $KONTROL_BENCH_JAVA_OPTS)
#   --wiremock-jar P     the stand-in (default ~/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/...-3.13.2.jar)
#   --keep-db            do not drop the benchmark database at the end
#
# Needs: java 17+, curl, psql (PostgreSQL at $PGHOST:$PGPORT, default 127.0.0.1:5432, user postgres, trust auth).
# Traffic goes to 127.0.0.1 only. Logs go to bench/out/<timestamp>-retention/; a line per run is added to
# bench/out/results.tsv.
set -euo pipefail

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
. "$bench_dir/common.sh"

n=100000
media_every=20
recent=1000
at_twilio=0
jar=$root/target/kontrol.jar
java_opts="@$root/deploy/jvm.options ${KONTROL_BENCH_JAVA_OPTS:-}" # what ships, then any extra
wiremock_jar=$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar
keep_db=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) n=${2:?}; shift 2 ;;
    --media-every) media_every=${2:?}; shift 2 ;;
    --recent) recent=${2:?}; shift 2 ;;
    --delete-at-twilio) at_twilio=1; shift ;;
    --jar) jar=${2:?}; shift 2 ;;
    --java-opts) java_opts+=" ${2?}"; shift 2 ;;
    --wiremock-jar) wiremock_jar=${2:?}; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
is_int "$n" || { echo "--messages must be a positive integer" >&2; exit 2; }
is_int "$media_every" || { echo "--media-every must be a positive integer" >&2; exit 2; }
[[ $recent =~ ^[0-9]+$ ]] || { echo "--recent takes an integer" >&2; exit 2; }
for tool in java curl awk psql; do
  command -v "$tool" > /dev/null || { echo "$tool is required" >&2; exit 2; }
done
[[ -f $jar ]] || { echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests" >&2; exit 2; }
[[ -f $wiremock_jar ]] || { echo "No WireMock at $wiremock_jar (pass --wiremock-jar PATH)" >&2; exit 2; }
read -r -a jvm_opts <<< "$java_opts"

run=$bench_dir/out/$(date +%Y%m%d-%H%M%S)-retention
mkdir -p "$run"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kontrol-bench.XXXXXX")
server_pid=
wiremock_pid=
db=
cleanup() {
  local rc=$?
  set +e
  stop_pid "$server_pid"
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
token=$(hex 16)
account_sid=AC$(hex 16)
admin_password=bench-$(hex 8)
phone=+14155550199
messages=/2010-04-01/Accounts/$account_sid/Messages

# Twilio: every text with a picture (its SID ends in "m") lists one medium; every DELETE answers 204.
mkdir -p "$tmp/wiremock/mappings" "$tmp/wiremock/__files"
cat > "$tmp/wiremock/mappings/media-list.json" <<JSON
{
  "request": { "method": "GET", "urlPathPattern": "$messages/SM[0-9a-f]+m/Media.json" },
  "response": { "status": 200, "headers": { "Content-Type": "application/json" },
    "body": "{\"media_list\":[{\"sid\":\"ME{{randomValue length=32 type='HEXADECIMAL'}}\",\"account_sid\":\"$account_sid\",\"content_type\":\"image/jpeg\"}],\"page\":0,\"page_size\":50,\"next_page_uri\":null,\"uri\":\"/x\"}" }
}
JSON
cat > "$tmp/wiremock/mappings/delete.json" <<JSON
{ "request": { "method": "DELETE", "urlPathPattern": "$messages/.*" }, "response": { "status": 204 } }
JSON
java -jar "$wiremock_jar" --port "$wm_port" --root-dir "$tmp/wiremock" --global-response-templating \
  --disable-banner --disable-request-logging > "$run/wiremock.log" 2>&1 &
wiremock_pid=$!
wait_http "$wiremock_pid" "$wm/__admin/health" 200 60 "$run/wiremock.log"

db=$(create_db bench)
log "created database $db"
mkdir -p "$tmp/data"
jar_built=$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)
cp "$jar" "$tmp/kontrol.jar"
start_kontrol "$run/server.log" KONTROL_TWILIO_API_BASE_URL="$wm"
customer=$(create_customer "Retention Bench" "$phone")

psql_db=(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db")
log "seeding $n old texts (every $media_every-th with a picture) and $recent recent ones"
"${psql_db[@]}" <<SQL
insert into messages (sid, customer_id, direction, from_address, to_address, body, status, created_at, updated_at)
select 'SM' || md5(g::text) || case when g % $media_every = 0 then 'm' else '' end, $customer,
       case when g % 2 = 0 then 'inbound' else 'outbound' end, '$phone', '+14155550100',
       'Bench text ' || g || ': the gate code is ' || (g % 10000) || ', the dog is friendly, see you at 9.',
       case when g % 2 = 0 then 'received' else 'delivered' end,
       now() - interval '800 days' + g * interval '1 second', now()
from generate_series(1, $n) g;
insert into message_media (message_id, position, url, content_type)
select id, 0, 'https://api.twilio.com$messages/' || sid || '/Media/ME1', 'image/jpeg'
from messages where sid like '%m';
insert into messages (sid, customer_id, direction, from_address, to_address, body, status, created_at, updated_at)
select 'SMr' || md5(g::text), $customer, 'inbound', '$phone', '+14155550100', 'Recent text ' || g, 'received',
       now() - interval '1 day', now()
from generate_series(1, $recent) g;
analyze messages;
SQL
with_media=$("${psql_db[@]}" -c "select count(*) from message_media")

rule="{\"days\": 365, \"deleteAtTwilio\": $([[ $at_twilio == 1 ]] && echo true || echo false)}"
curl -sf -u "admin:$admin_password" -X PUT -H 'Content-Type: application/json' -d "$rule" \
  "$base/api/v1/settings/retention" > /dev/null
log "rule: $rule; running"
t0=$(date +%s.%N)
answer=$(curl -s -w '\n%{http_code}' -u "admin:$admin_password" -X POST -H 'Content-Type: application/json' "$base/api/v1/settings/retention/run")
t1=$(date +%s.%N)
code=${answer##*$'\n'}
answer=${answer%$'\n'*}
[[ $code == 200 ]] || { echo "the run answered $code: $answer" >&2; tail -n 30 "$run/server.log" >&2; exit 1; }
seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
log "answer: $answer in $seconds s"

read -r redacted left_words left_media recent_kept < <("${psql_db[@]}" -F ' ' -c "
  select count(*) filter (where redacted_after_days = 365),
         count(*) filter (where created_at < now() - interval '365 days' and body <> ''),
         (select count(*) from message_media),
         count(*) filter (where body like 'Recent text %')
  from messages")
verify=ok
[[ $redacted == "$n" && $left_words == 0 && $left_media == 0 && $recent_kept == "$recent" ]] || verify=FAILED
deletes=-
if [[ $at_twilio == 1 ]]; then
  deletes=$(curl -s "$wm/__admin/requests/count" -H 'Content-Type: application/json' \
    -d '{"method": "DELETE", "urlPathPattern": ".*"}' | tr -d '\n' | sed -E 's/.*"count" *: *([0-9]+).*/\1/')
  deleted=$("${psql_db[@]}" -c "select count(*) from messages where provider_deleted_at is not null")
  [[ $deleted == "$n" && $deletes == $((n + with_media)) ]] || verify=FAILED
fi
rate=$(awk -v n="$n" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
log "redacted $redacted of $n old texts in $seconds s ($rate texts/s); words left: $left_words; media rows left:" \
  "$left_media; recent texts kept: $recent_kept/$recent; DELETEs at the stand-in: $deletes" \
  "(texts with a picture: $with_media); verify: $verify"
append_result retention "$jar_built" "messages=$n" "media=$with_media" "at_twilio=$at_twilio" "seconds=$seconds" \
  "texts_per_s=$rate" "deletes=$deletes" "verify=$verify"
[[ $verify == ok ]]
