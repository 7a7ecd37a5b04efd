#!/usr/bin/env bash
# Benchmark of Customers › Import (issue 36): see bench/README.md. Target: a 50,000-line CSV imported in under a minute
# (from the confirm to the run's end), on PostgreSQL, through the pages an admin uses: upload, map, preview, confirm,
# follow the progress. Also timed: the upload, the preview of every line, and the undo.
#
#   bench/import.sh [--lines N] [--existing N] [--jar PATH] [--keep-db]
#
# The file: N lines of new customers (first and last name, a mobile, street and city, a reference, a consent column
# with 1 line in 100 opted out), of which 1 in 200 has a bad number (refused), 1 in 100 repeats an earlier line's
# number without a reference (it joins that line's customer: no change); --existing customers already in Kontrol
# (default 10,000), 1 line in 50 naming one of them by its number (merged; each such customer named by 5 lines, the
# later 4 changing nothing) and 1 in 50 by its reference (updated, 5 times each). Kontrol's RSS is read after the run.
# Needs: java 17+, curl, psql (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth). Traffic to 127.0.0.1 only.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
# shellcheck source=common.sh
. "$bench_dir/common.sh"

lines=50000
existing=10000
jar=$root/target/kontrol.jar
keep_db=0
target_s=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lines) lines=${2:?}; shift 2 ;;
    --existing) existing=${2:?}; shift 2 ;;
    --jar) jar=${2:?}; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
for n in "$lines" "$existing"; do is_int "$n" || { echo "not a positive number: $n" >&2; exit 2; }; done
if [[ ! -f $jar && $jar == "$root/target/kontrol.jar" ]]; then (cd "$root" && ./mvnw -q package -DskipTests -o); fi
[[ -f $jar ]] || { echo "No jar at $jar: build it first with   ./mvnw -q package -DskipTests" >&2; exit 2; }
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
jvm_opts=("@$root/deploy/jvm.options") # the JVM settings that ship

mode=import
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
# shellcheck disable=SC2034 # used by start_kontrol in common.sh
token=$(hex 16) account_sid=AC$(hex 16)
admin_password=bench-$(hex 8)
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
now_ms() { date +%s%3N; }

db=$(create_db bench)
mkdir -p "$tmp/data"
cp "$jar" "$tmp/kontrol.jar"
start_kontrol "$run/server.log"

log "seeding $existing customers already in Kontrol"
q "insert into customers (name, sms_enabled, external_ref, created_at, updated_at)
   select 'Known ' || n, true, 'K-' || n, now(), now() from generate_series(1, $existing) n;
   insert into customer_phones (customer_id, phone, is_primary, created_at)
   select id, '+1415' || (2000000 + id), true, now() from customers;" > /dev/null
known_ids=$(q "select min(id) || ' ' || max(id) from customers")
read -r first_id _ <<< "$known_ids"

log "writing a file of $lines lines"
awk -v n="$lines" -v existing="$existing" -v first="$first_id" 'BEGIN {
  print "First name,Last name,Mobile,Street,City,Customer ID,SMS consent"
  for (i = 1; i <= n; i++) {
    phone = sprintf("+1628%07d", 2000000 + i); ref = "N-" i; consent = (i % 100 == 7) ? "opted out" : "yes"
    if (i % 200 == 3) phone = "555-" i                                             # a bad number: refused
    else if (i % 100 == 11 && i > 100) { phone = sprintf("+1628%07d", 2000000 + i - 50); ref = "" } # an earlier line'"'"'s number
    else if (i % 50 == 13) { phone = sprintf("+1415%07d", 2000000 + first + i % existing); ref = "" }   # a known number
    else if (i % 50 == 17) { ref = "K-" (1 + i % existing); phone = sprintf("+1628%07d", 2000000 + i) } # a known reference
    printf "Pat,\"Imported %d\",%s,\"%d Main St\",Springfield,%s,%s\n", i, phone, i, ref, consent
  }
}' > "$tmp/customers.csv"
bytes=$(stat -c %s "$tmp/customers.csv")

# Logged in as the admin, as a browser: the session cookie and the form's CSRF token.
jar_file=$tmp/cookies
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
t=$(curl -s -c "$jar_file" "$base/login" | csrf)
curl -s -b "$jar_file" -c "$jar_file" -o /dev/null -d "username=admin&password=$admin_password&_csrf=$t" "$base/login"
t=$(curl -s -b "$jar_file" "$base/customers/import" | csrf)

t0=$(now_ms)
mapping=$(curl -s -b "$jar_file" -o /dev/null -w '%{redirect_url}' -F "_csrf=$t" -F "file=@$tmp/customers.csv;type=text/csv" \
  "$base/customers/import")
upload_ms=$(( $(now_ms) - t0 ))
[[ $mapping == */mapping ]] || { echo "upload failed: $mapping" >&2; exit 1; }
id=$(sed -E 's#.*/import/([0-9]+)/mapping#\1#' <<< "$mapping")
t=$(curl -s -b "$jar_file" "$mapping" | csrf)
curl -s -b "$jar_file" -o /dev/null -d "_csrf=$t&charset=UTF-8&delimiter=comma&column0=first_name&column1=last_name&column2=phone&column3=address&column4=address&column5=external_ref&column6=consent" "$mapping"

t0=$(now_ms)
curl -s -b "$jar_file" "$base/customers/import/$id" > "$run/preview.html"
preview_ms=$(( $(now_ms) - t0 ))
grep -q "Nothing has been written yet" "$run/preview.html" || { echo "no preview: see $run/preview.html" >&2; exit 1; }
before=$(q "select count(*) from customers")
t=$(csrf < "$run/preview.html")

log "confirming the import of $lines lines (import $id)"
t0=$(now_ms)
curl -s -b "$jar_file" -o /dev/null -d "_csrf=$t" "$base/customers/import/$id/confirm"
state=running
while [[ $state == running ]]; do
  sleep 0.2
  state=$(q "select state from customer_imports where id = $id")
done
run_ms=$(( $(now_ms) - t0 ))
counts=$(q "select created || ' ' || updated || ' ' || merged || ' ' || unchanged || ' ' || refused || ' ' || opted_out
            from customer_imports where id = $id")
read -r created updated merged unchanged refused opted_out <<< "$counts"
after=$(q "select count(*) from customers")
rss_mb=$(( $(ps -o rss= -p "$server_pid") / 1024 ))
opt=$(q "select count(*) from number_consent where source = 'imported' and opted_out")

t=$(curl -s -b "$jar_file" "$base/customers/import/$id" | csrf)
t0=$(now_ms)
curl -s -b "$jar_file" -o /dev/null -d "_csrf=$t" "$base/customers/import/$id/undo"
undo_ms=$(( $(now_ms) - t0 ))
after_undo=$(q "select count(*) from customers")

check=ok
[[ $state == done && $((after - before)) == "$created" && $after_undo == "$before" && $opt == "$opted_out" ]] || check=FAILED
echo
echo "== bench/import.sh: $(nproc) cores, $lines lines ($((bytes / 1024)) KB), $existing customers before"
echo "upload ${upload_ms} ms; preview of every line ${preview_ms} ms; run (confirm to done) ${run_ms} ms; undo ${undo_ms} ms"
echo "lines: $created created, $updated updated, $merged merged, $unchanged unchanged, $refused refused; $opted_out numbers opted out"
echo "customers: $before before, $after after ($((after - before)) new), $after_undo after the undo; state $state: $check"
echo "Kontrol's RSS after the run: ${rss_mb} MB"
verdict=$(awk -v ms="$run_ms" -v t="$target_s" 'BEGIN { print (ms < t * 1000 ? "PASS" : "MISS") }')
echo "target: $lines lines imported in under ${target_s} s: $verdict ($(awk -v ms="$run_ms" 'BEGIN { printf "%.1f", ms / 1000 }') s)"
append_result "$mode" "$(sha256sum "$tmp/kontrol.jar" | cut -c1-8)" "lines=$lines" "upload_ms=$upload_ms" \
  "preview_ms=$preview_ms" "run_ms=$run_ms" "undo_ms=$undo_ms" "rss_mb=$rss_mb" "created=$created" "refused=$refused" "check=$check" \
  "target=$verdict"
[[ $check == ok ]]
