#!/usr/bin/env bash
# Export at the size analysts work at: builds a store of at least 10,000
# statements (the sample corpus and the held-out statements, copied over
# and over with one unique line appended to each copy, so each is a
# document of its own), then measures with GNU time (/usr/bin/time -v)
# the wall time and peak memory (max RSS) of
#   - ctkg export --format graphml   (the property-graph projection)
#   - ctkg export --format nq        (every named graph, streamed)
#   - ctkg export --format nt        (the facts, streamed)
#   - ctkg query 'CONSTRUCT WHERE { ?s ?p ?o }' --format nt, the same dump
#     through SPARQL, for comparison
#   - ctkg query 'ASK {}': opening the store, which every run pays
# and prints one line per run: seconds, peak MiB, what was written, rate.
#
#   benches/export.sh [STATEMENTS]     (default 10005)
#
# Uses a release build (cargo build --release; the first one compiles
# RocksDB again, about 25 minutes on two cores). Set CTKG_BENCH_DIR to keep
# the generated statements and store between runs, CTKG to use another
# ctkg binary.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-10005}
ctkg=${CTKG:-}
if [ -z "$ctkg" ]; then
  cargo build --release --quiet
  ctkg="${CARGO_TARGET_DIR:-target}/release/ctkg"
fi
work=${CTKG_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

statements="$work/statements-$want"
if [ ! -f "$statements/manifest.csv" ]; then
  benches/replicate-corpus --docs "$want" --out "$statements" >/dev/null
fi

store="$work/store-$want"
if [ ! -f "$store/CURRENT" ]; then
  /usr/bin/time -f "%e %M" -o "$work/build.time" "$ctkg" build "$statements" --store "$store" 2>"$work/build.log"
  read -r secs kib <"$work/build.time"
  echo "build: $want statements in ${secs} s, peak $((kib / 1024)) MiB; $(tail -n 1 "$work/build.log" | sed 's/^ctkg: //')"
fi

# one measured run: label, what it wrote, command...
measure() {
  local label=$1 out=$2
  shift 2
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$out" 2>"$work/err.txt"
  local secs kib
  secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  printf '%-34s %8.2f s %7d MiB  %s\n' "$label" "$secs" $((kib / 1024)) "$(rate "$secs" "$out")"
}

rate() {
  local secs=$1 out=$2 n
  case $out in
  *.graphml)
    local nodes edges
    nodes=$(grep -c '<node ' "$out")
    edges=$(grep -c '<edge ' "$out")
    awk -v n="$nodes" -v e="$edges" -v s="$secs" 'BEGIN { printf "%d nodes, %d edges: %.0f edges/s", n, e, e / s }'
    ;;
  *.txt) printf 'baseline' ;;
  *)
    n=$(wc -l <"$out")
    awk -v n="$n" -v s="$secs" 'BEGIN { printf "%d statements: %.0f statements/s", n, n / s }'
    ;;
  esac
}

echo "store: $(du -sh "$store" | cut -f1) in $store"
# opening the store alone, which every run below pays too
measure "query ASK {} (opening the store)" "$work/ask.txt" "$ctkg" query --store "$store" --format json 'ASK {}'
measure "export --format graphml" "$work/ctkg.graphml" "$ctkg" export --store "$store" --format graphml
measure "export --format nq" "$work/ctkg.nq" "$ctkg" export --store "$store" --format nq
measure "export --format nt" "$work/ctkg.nt" "$ctkg" export --store "$store" --format nt
measure "query CONSTRUCT WHERE {?s ?p ?o} nt" "$work/query.nt" \
  "$ctkg" query --store "$store" --format nt 'CONSTRUCT WHERE { ?s ?p ?o }'
