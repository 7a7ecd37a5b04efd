#!/usr/bin/env bash
# Fuzz run: malformed webhook calls (half validly signed), malformed API calls, multipart uploads (decompression bombs
# among them) and outgoing-webhook settings against the jar on a fresh PostgreSQL database; every answer must be a 2xx,
# 3xx or 4xx, never a 5xx. See bench/README.md.
#
#   bench/fuzz.sh [--webhooks N] [--api N] [--uploads N] [--settings N] [--seed N] [--jar PATH]
#
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic goes to 127.0.0.1
# only (Twilio's API is pointed at a closed local port). Logs go to bench/out/<timestamp>-fuzz/.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

webhooks=10400
api=2500
uploads=600
settings=400
seed=1
jar=$root/target/kontrol.jar
while [[ $# -gt 0 ]]; do
  case "$1" in
    --webhooks) webhooks=${2:?}; shift 2 ;;
    --api) api=${2:?}; shift 2 ;;
    --uploads) uploads=${2:?}; shift 2 ;;
    --settings) settings=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
done
[[ -f $jar ]] || { echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests" >&2; exit 2; }
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
jvm_opts=("@$root/deploy/jvm.options") # the JVM settings that ship

mode=fuzz
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
  [[ -n $db ]] && drop_db "$db"
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

db=$(create_db bench)
mkdir -p "$tmp/data"
cp "$jar" "$tmp/kontrol.jar"
start_kontrol "$run/server.log" KONTROL_TWILIO_API_BASE_URL=http://127.0.0.1:9
customer=$(create_customer "Fuzz Customer" +14155550123)

set +e
java "$bench_dir/Fuzz.java" --base "$base" --token "$token" --basic "admin:$admin_password" \
  --webhooks "$webhooks" --api "$api" --uploads "$uploads" --settings "$settings" --customer "$customer" \
  --seed "$seed" | tee "$run/fuzz.txt"
rc=${PIPESTATUS[0]}
set -e
traces=$(grep -c "^\s*at " "$run/server.log" || true)
echo "stack-trace lines in the server log: $traces"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "webhooks=$webhooks" "api=$api" "seed=$seed" \
  "uploads=$uploads" "settings=$settings" "faults=$(awk '/^5xx answers:/ { print $3 }' "$run/fuzz.txt")" "trace_lines=$traces"
exit "$rc"
