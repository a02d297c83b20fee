#!/usr/bin/env bash
# Load test: `ctkg serve` against `oxigraph serve-read-only` (the PyPI
# package `oxigraph`, same engine version) on the same quads, with wrk
# from a second process: CONNECTIONS concurrent clients for DURATION on
# each of three query shapes, one server at a time.
#
#   point      one document's facts (a lookup by subject)
#   timeline   queries/meetings-timeline.rq (aggregates over every meeting)
#   construct  a CONSTRUCT of one meeting's neighbourhood (N-Triples)
#
# The data: the statements of corpus/ and tests/fixtures/heldout/corpus
# copied until there are DOCS of them, each with a line of its own appended
# (so each is a document of its own), built with `ctkg build`; the same
# quads, dumped from ctkg's Graph Store endpoint (/store, N-Quads), are
# loaded into oxigraph's own store with `oxigraph load`.
#
#   benches/serve.sh              # DOCS=10000 DURATION=30s CONNECTIONS=64 ROUNDS=2
#   DOCS=2000 DURATION=10s ROUNDS=1 benches/serve.sh
#
# Both servers run at once and each shape is measured on one, then the
# other, ROUNDS times; a shape passes when ctkg's mean requests/s is at
# least oxigraph's and ctkg answered every request with a success.
#
# Needs a release build (cargo build --release; CTKG=path to use another
# binary), wrk and the oxigraph CLI (scripts/setup-server installs both).
# The data is kept in WORK (default /tmp/ctkg-serve-bench) between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${DOCS:-10000}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
rounds=${ROUNDS:-2}
work=${WORK:-/tmp/ctkg-serve-bench}
target=${CARGO_TARGET_DIR:-target}
ctkg=${CTKG:-$target/release/ctkg}
ctkg_port=${CTKG_PORT:-17878}
ox_port=${OX_PORT:-17879}

for tool in wrk oxigraph curl python3; do
  command -v "$tool" >/dev/null || { echo "benches/serve.sh: $tool is missing (scripts/setup-server installs it)" >&2; exit 1; }
done
[ -x "$ctkg" ] || { echo "benches/serve.sh: no ctkg at $ctkg; run cargo build --release (or set CTKG)" >&2; exit 1; }
mkdir -p "$work"
log() { echo "benches/serve.sh: $*" >&2; }

# ---- the data ----
statements="$work/statements-$docs"
if [ ! -f "$statements/.done" ]; then
  log "writing $docs statements into $statements"
  rm -rf "$statements"
  python3 - "$statements" "$docs" corpus tests/fixtures/heldout/corpus <<'PY'
import csv, io, os, sys
out, total, *sources = sys.argv[1:]
total = int(total)
os.makedirs(out)
originals, manifest = [], {}
for folder in sources:
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            originals.append((name, open(os.path.join(folder, name), encoding="utf-8").read()))
    path = os.path.join(folder, "manifest.csv")
    if os.path.exists(path):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            manifest[row["file"]] = row
rows = []
for i in range(total):
    name, text = originals[i % len(originals)]
    copy = f"{i:05d}_{name}"
    with open(os.path.join(out, copy), "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + f"\n\n(Benchmark copy {i}.)\n")
    if name in manifest:
        rows.append({**manifest[name], "file": copy})
with open(os.path.join(out, "manifest.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["file", "date", "title", "source"], extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
PY
  touch "$statements/.done"
fi

store="$work/ctkg-store-$docs"
if [ ! -f "$work/ctkg-store-$docs.done" ]; then
  log "building $store with ctkg build"
  rm -rf "$store"
  /usr/bin/time -f "ctkg build: %e s, %M KB" "$ctkg" build "$statements" --store "$store"
  touch "$work/ctkg-store-$docs.done"
fi

wait_for() { # url
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  log "no answer from $1"
  return 1
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

start_ctkg() {
  "$ctkg" serve --store "$store" --bind "127.0.0.1:$ctkg_port" --timeout 120 2>"$work/ctkg-serve.log" &
  server_pid=$!
  wait_for "http://127.0.0.1:$ctkg_port/health"
}

oxstore="$work/oxigraph-store-$docs"
if [ ! -f "$oxstore.done" ]; then
  log "dumping the quads from ctkg's /store and loading them with oxigraph load"
  start_ctkg
  curl -sf "http://127.0.0.1:$ctkg_port/store" -o "$work/all-$docs.nq"
  stop_server
  rm -rf "$oxstore"
  oxigraph load --location "$oxstore" --file "$work/all-$docs.nq"
  touch "$oxstore.done"
fi
quads=$(wc -l <"$work/all-$docs.nq")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the query shapes ----
point_doc=$(python3 -c "import os,sys; n=sorted(f for f in os.listdir(sys.argv[1]) if f.endswith('.txt'))[len(os.listdir(sys.argv[1]))//2]; import re; print(re.sub(r'[^A-Za-z0-9]+','-',n).strip('-').lower())" "$statements")
declare -A query accept
query[point]="SELECT ?p ?o WHERE { <https://w3id.org/ctkg/id/doc/$point_doc> ?p ?o }"
accept[point]="application/sparql-results+json"
query[timeline]=$(cat queries/meetings-timeline.rq)
accept[timeline]="application/sparql-results+json"
query[construct]="CONSTRUCT { ?m ?p ?o . ?s ?q ?m } WHERE { VALUES ?m { <https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15> } { ?m ?p ?o } UNION { ?s ?q ?m } }"
accept[construct]="application/n-triples"
shapes=(point timeline construct)

lua_for() { # shape → a wrk script that POSTs the query and prints a result line
  local shape=$1 file="$work/$shape.lua"
  python3 - "${query[$shape]}" "${accept[$shape]}" >"$file" <<'PY'
import json, sys, urllib.parse
body = "query=" + urllib.parse.quote(sys.argv[1], safe="")
print(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}')
print('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"')
print(f'wrk.headers["Accept"] = {json.dumps(sys.argv[2])}')
print('''done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %d %d %.1f %.1f\\n", summary.requests,
    summary.requests / (summary.duration / 1e6), e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end''')
PY
  echo "$file"
}

declare -A results
run_one() { # name url shape round
  local name=$1 url=$2 shape=$3 round=$4 script line
  script=$(lua_for "$shape")
  # a warm-up request, which also checks the answer is a success
  curl -sf -o /dev/null -H "Accept: ${accept[$shape]}" --data-urlencode "query=${query[$shape]}" "$url" ||
    { log "$name refused the $shape query"; exit 1; }
  line=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 120s -s "$script" "$url" | grep '^RESULT')
  results[$name,$shape,$round]=$line
  log "$name $shape (round $round): $line"
}

# both servers up at once, and each shape run on one then the other, so
# the two see the same machine (others' load on it changes by the minute)
log "ctkg serve on $store ($quads quads); oxigraph serve-read-only on $oxstore"
start_ctkg
ctkg_pid=$server_pid
oxigraph serve-read-only --location "$oxstore" --bind "127.0.0.1:$ox_port" 2>"$work/oxigraph-serve.log" &
ox_pid=$!
trap 'kill $ctkg_pid $ox_pid 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$ox_port/query?query=ASK%7B%7D"
for round in $(seq 1 "$rounds"); do
  for shape in "${shapes[@]}"; do
    run_one ctkg "http://127.0.0.1:$ctkg_port/sparql" "$shape" "$round"
    run_one oxigraph "http://127.0.0.1:$ox_port/query" "$shape" "$round"
  done
done
kill $ctkg_pid $ox_pid 2>/dev/null || true
wait $ctkg_pid $ox_pid 2>/dev/null || true
server_pid=""

echo
echo "$docs statements, $quads quads; wrk -t$threads -c$connections -d$duration, $rounds round(s); $(nproc) cores; load average before: $load_before"
echo
echo "| shape | round | server | requests/s | requests | socket errors | non-2xx | p50 ms | p99 ms |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
status=0
for shape in "${shapes[@]}"; do
  ctkg_total=0
  ox_total=0
  for round in $(seq 1 "$rounds"); do
    for name in ctkg oxigraph; do
      read -r _ n rps errors non2xx p50 p99 <<<"${results[$name,$shape,$round]}"
      echo "| $shape | $round | $name | $rps | $n | $errors | $non2xx | $p50 | $p99 |"
      if [ "$name" = ctkg ]; then
        ctkg_total=$(python3 -c "print($ctkg_total + $rps)")
        if [ "$errors" != 0 ] || [ "$non2xx" != 0 ]; then
          log "ctkg had errors on $shape"; status=1
        fi
      else
        ox_total=$(python3 -c "print($ox_total + $rps)")
      fi
    done
  done
  if ! python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$ctkg_total" "$ox_total"; then
    log "ctkg is slower than oxigraph on $shape (mean of the rounds)"; status=1
  fi
done
exit $status
