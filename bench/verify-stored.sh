#!/usr/bin/env bash
# Checks that every MessageSid acknowledged with HTTP 200 in one or more InboundLoad CSVs is stored
# exactly once in PostgreSQL, and that the stored text is the text that was sent.
# CSVs of a --mix load (a sixth column, kind) are also checked for: no forged call stored or answered 200
# (a forged call is never "acknowledged"), known customers' texts in their customer's thread, and texts from
# new numbers in the unassigned inbox (customer_id null).
#
#   bench/verify-stored.sh [options] DATABASE CSV [CSV...]
#
# Options:
#   --table NAME         table holding the messages (default messages)
#   --column NAME        column holding the MessageSid (default sid)
#   --no-content-check   skip the check of body / from_address / direction of the stored rows
#   --summary FILE       also write the counts as key=value lines
# PostgreSQL connection: PGHOST (default 127.0.0.1), PGPORT (5432), PGUSER (postgres), via psql.
#
# Exit status: 0 all acknowledged SIDs stored exactly once (and content intact), 1 otherwise, 2 usage or
# database error.
set -euo pipefail

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

table=messages
column=sid
content_check=1
summary=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --table) table=${2:?}; shift 2 ;;
    --column) column=${2:?}; shift 2 ;;
    --no-content-check) content_check=0; shift ;;
    --summary) summary=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    --*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[[ $# -ge 2 ]] || usage
db=$1
shift
for csv in "$@"; do
  [[ -r $csv ]] || { echo "cannot read $csv" >&2; exit 2; }
done
[[ $table =~ ^[A-Za-z_][A-Za-z0-9_]*$ && $column =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "bad table/column name" >&2; exit 2; }

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The kind of each row: the sixth column of a --mix CSV (known, burst, new, forged), else "plain".
kinds='FNR == 1 { k = ($6 == "kind") ? 6 : 0; next } { kind = k ? $k : "plain" }'
# Acknowledged = answered 200 at least once (a redelivered SID may appear in several rows or files); a forged
# call answered 200 is not acknowledged but a failure (forged_acked).
awk -F, "$kinds"' $2 == "200" && kind != "forged" { print $1 }' "$@" | sort -u > "$work/acked"
# Sent but never answered (connection dropped mid-request): whether they are stored is unknown and either
# outcome is correct; only reported.
awk -F, "$kinds"' $2 == "error" && $5 != "connect" && kind != "forged" { print $1 }' "$@" | sort -u | comm -23 - "$work/acked" > "$work/unanswered"
# --mix: every forged call sent (whatever its answer), those answered 200, and the kind of each acknowledged text.
awk -F, "$kinds"' kind == "forged" && $5 != "connect" { print $1 }' "$@" | sort -u > "$work/forged"
awk -F, "$kinds"' kind == "forged" && $2 == "200" { print $1 }' "$@" | sort -u > "$work/forged_acked"
awk -F, "$kinds"' $2 == "200" && kind != "forged" { print $1 "," kind }' "$@" | sort -u > "$work/acked_kinds"
mix=0
[[ -s $work/forged || -n $(awk -F, 'FNR == 1 && $6 == "kind" { print; exit }' "$@") ]] && mix=1

if grep -qvE '^[A-Za-z0-9]{1,64}$' "$work/acked" "$work/unanswered" "$work/forged"; then
  echo "unexpected MessageSid values in the CSV" >&2
  exit 2
fi

psql=(psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "$db")

has_content_columns=0
if [[ $content_check == 1 ]]; then
  n=$("${psql[@]}" -c "select count(*) from information_schema.columns
      where table_name = '$table' and column_name in ('body', 'from_address', 'direction')")
  [[ $n == 3 ]] && has_content_columns=1
fi

if [[ $has_content_columns == 1 ]]; then
  # The exact text InboundLoad.java sends for a SID: Hi & welcome, n-tilde and u-acute, a check mark, an emoji.
  mismatch_sql="(select count(*) from $table m join acked a on a.sid = m.$column
     where m.body is distinct from U&'Hi & welcome, \\00F1and\\00FA \\2713 \\+01F600 msg ' || substr(m.$column, 3, 8) || ' (a+b=c; 100%)'
        or m.from_address !~ '^\\+1(415555[0-9]{4}|628[2-9][0-9]{6})\$'
        or m.direction is distinct from 'inbound')"
else
  mismatch_sql="(select -1)"
fi
if [[ $mix == 1 ]]; then
  # routed as Kontrol must: a known customer's text to that customer (the one customer with that number), a new
  # number's text to the unassigned inbox
  misrouted_sql="(select count(*) from $table m join acked_kinds k on k.sid = m.$column
     where (k.kind in ('known', 'burst') and m.customer_id is distinct from
              (select p.customer_id from customer_phones p where p.phone = m.from_address order by p.customer_id limit 1))
        or (k.kind = 'new' and m.customer_id is not null)
        or (k.kind in ('known', 'burst') and m.customer_id is null))"
  forged_sql="(select count(*) from forged), (select count(*) from $table m where m.$column in (select sid from forged)),
       (select count(*) from forged_acked)"
else
  misrouted_sql="(select -1)"
  forged_sql="-1, -1, -1"
fi

result=$("${psql[@]}" <<SQL
create temp table acked (sid text primary key);
create temp table unanswered (sid text primary key);
create temp table forged (sid text primary key);
create temp table forged_acked (sid text primary key);
create temp table acked_kinds (sid text primary key, kind text not null);
\copy acked from '$work/acked'
\copy unanswered from '$work/unanswered'
\copy forged from '$work/forged'
\copy forged_acked from '$work/forged_acked'
\copy acked_kinds from '$work/acked_kinds' with (format csv)
analyze acked;
analyze acked_kinds;
with counts as (
  select m.$column as sid, count(*) as n from $table m where m.$column in (select sid from acked) group by m.$column
)
select (select count(*) from acked),
       count(*) filter (where c.n = 1),
       count(*) filter (where c.n is null),
       count(*) filter (where c.n > 1),
       $mismatch_sql,
       (select count(*) from unanswered),
       (select count(*) from $table m where m.$column in (select sid from unanswered)),
       (select count(*) from $table),
       $misrouted_sql,
       $forged_sql
  from acked a left join counts c using (sid);
SQL
) || { echo "psql failed" >&2; exit 2; }

IFS='|' read -r acked once missing duplicated mismatched unanswered unanswered_stored rows misrouted forged forged_stored forged_acked <<< "$result"

status=OK
if [[ $acked -eq 0 || $missing -ne 0 || $duplicated -ne 0 || $mismatched -gt 0 ]]; then
  status=FAIL
fi
if [[ $mix == 1 ]] && ((misrouted != 0 || forged_stored != 0 || forged_acked != 0)); then
  status=FAIL
fi

printf 'verify: database %s, %s.%s, %s\n' "$db" "$table" "$column" "$*"
printf '  acknowledged (200)        %s\n' "$acked"
printf '  stored exactly once       %s\n' "$once"
printf '  missing                   %s\n' "$missing"
printf '  duplicated                %s\n' "$duplicated"
if [[ $mismatched -ge 0 ]]; then
  printf '  stored content differs    %s\n' "$mismatched"
else
  printf '  stored content            not checked\n'
fi
printf '  unanswered, stored        %s of %s (sent, no answer: either outcome is correct)\n' "$unanswered_stored" "$unanswered"
if [[ $mix == 1 ]]; then
  printf '  routed to the wrong thread %s (known customers to theirs, new numbers to the inbox)\n' "$misrouted"
  printf '  forged calls sent          %s\n' "$forged"
  printf '  forged, stored             %s\n' "$forged_stored"
  printf '  forged, answered 200       %s\n' "$forged_acked"
fi
printf '  rows in %-17s %s\n' "$table" "$rows"
[[ $acked -eq 0 ]] && printf '  nothing was acknowledged, so nothing was verified\n'
printf 'verify: %s\n' "$status"

if [[ -n $summary ]]; then
  cat > "$summary" <<EOF
verify=$status
acked=$acked
stored_once=$once
missing=$missing
duplicated=$duplicated
content_mismatch=$mismatched
unanswered=$unanswered
unanswered_stored=$unanswered_stored
rows=$rows
misrouted=$misrouted
forged=$forged
forged_stored=$forged_stored
forged_acked=$forged_acked
EOF
fi

[[ $status == OK ]]
