#!/usr/bin/env bash
# Screenshots of Kontrol's main screens for the README, as a new user sees them: starts the jar on a database of its own
# in a temp dir (the demo data loads), logs in as the admin it created, and photographs the pages at 1366 × 860 and
# 390 × 844 with Debian's Chromium (puppeteer-core drives it; npm ci runs on first use).
#
#   scripts/screenshots.sh [OUT_DIR]      (default docs/screenshots; build the jar first: ./mvnw -q package -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/docs/screenshots}
jar=$root/target/kontrol.jar
[[ -f $jar ]] || { echo "no $jar: build it with ./mvnw -q package -DskipTests" >&2; exit 2; }
command -v chromium > /dev/null || { echo "needs Debian's chromium (apt-get install chromium)" >&2; exit 2; }

work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cleanup() { [[ -n ${pid:-} ]] && kill "$pid" 2> /dev/null; wait 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT

(cd "$work" && exec java "@$root/deploy/jvm.options" -jar "$jar" --server.port="$port" > "$work/kontrol.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
  grep -q "Kontrol is ready at" "$work/kontrol.log" 2> /dev/null && break
  kill -0 "$pid" 2> /dev/null || { cat "$work/kontrol.log" >&2; exit 1; }
  sleep 1
done
password=$(grep -o 'Log in as:  admin  /  [^ ]*' "$work/kontrol.log" | awk '{print $6}')
[[ -n $password ]] || { echo "no admin password in the log" >&2; exit 1; }

cd "$root/scripts/screenshots"
[[ -d node_modules ]] || npm ci --no-audit --no-fund > /dev/null
node shoot.js "http://localhost:$port" admin "$password" "$out"
