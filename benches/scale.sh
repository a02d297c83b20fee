#!/usr/bin/env bash
# How ctkg's costs grow with the corpus, measured side by side with its
# peers in one run, on synthetic statements (`ctkg synth --seed 1`; varied
# states, officials, groups and phrasings, so the store's dictionary grows
# as a real corpus's does):
#   - extraction: `ctkg extract` throughput (MB/s, statements/s) on both cores
#   - build into a new store: time, peak memory, quads, bytes on disk
#   - `oxigraph load` (PyPI `oxigraph`) of the same quads as N-Quads: time, bytes
#   - opening the store and answering `ASK {}` (median of 10, hyperfine)
#   - an incremental build with one statement changed
#   - every named query (median of 5 runs, hyperfine; 3 at 100,000
#     statements and more, where one whole-corpus query takes seconds)
#   - peak memory of build, a query and an export
# With --spacy, also spaCy en_core_web_sm (NER only, nlp.pipe) on the
# 10,000-statement corpus, against `ctkg extract` on the same files.
#
#   benches/scale.sh [--spacy] [SIZE...]     (default sizes: 1000 10000 100000)
#
# Prints one Markdown table per measure; keeps raw numbers in
# $CTKG_BENCH_DIR/scale.tsv. Needs a release build (built here if $CTKG is
# not set), hyperfine (Debian) and the oxigraph CLI (pip install oxigraph).
set -euo pipefail
cd "$(dirname "$0")/.."

spacy=0
sizes=()
for a in "$@"; do
  case $a in
    --spacy) spacy=1 ;;
    *) sizes+=("$a") ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

ctkg=${CTKG:-}
if [ -z "$ctkg" ]; then
  cargo build --release --quiet
  ctkg="$(pwd)/${CARGO_TARGET_DIR:-target}/release/ctkg"
fi
for tool in hyperfine oxigraph /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "benches/scale.sh: $tool is missing (scripts/setup installs it)" >&2; exit 1; }
done
work=${CTKG_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
results="$work/scale.tsv"
: >"$results"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; }

# seconds and peak MiB of one run of a command (output discarded)
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$out" 2>"$work/stderr" || {
    cat "$work/stderr" >&2
    return 1
  }
  read -r secs kib <"$work/t"
  echo "$secs $((kib / 1024))"
}

# median seconds of a command run by hyperfine, or "failed" (a query past
# ctkg's default timeout fails, and the table says so)
median() {
  local runs=$1
  shift
  if hyperfine --style none --runs "$runs" --warmup 1 --export-json "$work/h.json" "$@" >/dev/null 2>&1; then
    python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json"
  else
    echo failed
  fi
}
# "123 ms", or what failed
ms() { case $1 in failed) echo "failed (past the default timeout?)" ;; *) python3 -c "print('%.0f ms' % ($1 * 1000))" ;; esac; }

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
echo "# ctkg at scale ($(date -u +%F), $machine, $("$ctkg" --version))"

for n in "${sizes[@]}"; do
  corpus="$work/synth-$n"
  [ -f "$corpus/manifest.csv" ] || "$ctkg" synth --docs "$n" --seed 1 --out "$corpus" >/dev/null 2>&1
  bytes=$(find "$corpus" -maxdepth 1 -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
  echo
  echo "## $n statements ($(python3 -c "print('%.1f' % ($bytes / 1e6))") MB of text)"

  read -r secs mib < <(timed /dev/null "$ctkg" extract "$corpus")
  mbs=$(python3 -c "print('%.1f' % ($bytes / 1e6 / $secs))")
  sps=$(python3 -c "print('%.0f' % ($n / $secs))")
  echo "- extract: ${secs} s, ${mbs} MB/s, ${sps} statements/s, peak ${mib} MiB"
  record "$n" extract_s "$secs"; record "$n" extract_mb_per_s "$mbs"; record "$n" extract_peak_mib "$mib"

  store="$work/store-$n"
  rm -rf "$store"
  read -r secs mib < <(timed /dev/null "$ctkg" build "$corpus" --store "$store")
  quads=$("$ctkg" stats --store "$store" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["quads"])')
  size=$(du -sb "$store" | cut -f1)
  echo "- build into a new store: ${secs} s, peak ${mib} MiB, ${quads} quads ($((quads / n)) per statement), $((size / 1024 / 1024)) MB on disk ($(python3 -c "print('%.1f' % ($size / $bytes))") bytes per input byte)"
  record "$n" build_s "$secs"; record "$n" build_peak_mib "$mib"; record "$n" quads "$quads"; record "$n" store_bytes "$size"

  # the same quads for oxigraph: every named graph, and the merged default graph
  dump="$work/dump-$n.nq"
  "$ctkg" export --store "$store" --format nq --out "$dump" 2>/dev/null
  "$ctkg" query --store "$store" --format nt --timeout 0 'CONSTRUCT WHERE { ?s ?p ?o }' >>"$dump"
  rm -rf "$work/oxigraph-$n"
  read -r osecs omib < <(timed /dev/null oxigraph load --location "$work/oxigraph-$n" --file "$dump")
  osize=$(du -sb "$work/oxigraph-$n" | cut -f1)
  echo "- oxigraph load of the same $(wc -l <"$dump") quads: ${osecs} s, peak ${omib} MiB, $((osize / 1024 / 1024)) MB on disk; ctkg build / oxigraph load: $(python3 -c "print('%.2f' % ($secs / $osecs))")x time, $(python3 -c "print('%.2f' % ($size / $osize))")x size"
  record "$n" oxigraph_load_s "$osecs"; record "$n" oxigraph_bytes "$osize"

  ask=$(median 10 "$ctkg query --store $store --format csv 'ASK {}'")
  echo "- open the store and answer ASK {}: $(ms "$ask") (median of 10)"
  record "$n" open_ask_s "$ask"

  one=$(find "$corpus" -maxdepth 1 -name '*.txt' | sort | awk 'NR == 1')
  echo "Changed for the benchmark." >>"$one"
  read -r isecs imib < <(timed /dev/null "$ctkg" build "$corpus" --store "$store")
  echo "- incremental build, one statement changed: ${isecs} s, peak ${imib} MiB"
  record "$n" incremental_s "$isecs"

  # a fact that is there, for fact-evidence
  read -r meeting place < <("$ctkg" query --store "$store" --format tsv \
    'SELECT ?m ?p WHERE { ?m ctkg:heldIn ?p } ORDER BY ?m LIMIT 1' | tail -n 1)
  echo
  runs=5
  [ "$n" -lt 100000 ] || runs=3
  echo "| named query | median ($runs runs) |"
  echo "|---|---|"
  for q in $(ls queries | sed -n 's/\.rq$//p'); do
    case $q in
      partner-history) params=(--param partner=India) ;;
      entity-evidence) params=(--param entity=Lashkar-e-Taiba) ;;
      fact-evidence) params=(--param "subject=$meeting" --param predicate=heldIn --param "object=$place") ;;
      *) params=() ;;
    esac
    cmd="$ctkg query --store $store --format csv --name $q"
    for p in "${params[@]}"; do cmd+=" '$p'"; done
    t=$(median "$runs" "$cmd")
    echo "| $q | $(ms "$t") |"
    record "$n" "query_${q}_s" "$t"
  done

  read -r qsecs qmib < <(timed /dev/null "$ctkg" query --store "$store" --format csv --name meetings-timeline)
  read -r esecs emib < <(timed /dev/null "$ctkg" export --store "$store" --format graphml)
  echo
  echo "- peak memory: build ${mib} MiB, query (timeline) ${qmib} MiB, export graphml ${emib} MiB (${esecs} s)"
  record "$n" query_peak_mib "$qmib"; record "$n" export_peak_mib "$emib"
  rm -f "$dump"
done

if [ "$spacy" = 1 ]; then
  corpus="$work/synth-10000"
  [ -f "$corpus/manifest.csv" ] || "$ctkg" synth --docs 10000 --seed 1 --out "$corpus" >/dev/null 2>&1
  echo
  echo "## spaCy en_core_web_sm (NER only) against ctkg extract, same 10,000 statements"
  python3 benches/spacy_ner.py "$corpus" | tee "$work/spacy.txt"
  read -r secs _ < <(timed /dev/null "$ctkg" extract "$corpus")
  bytes=$(find "$corpus" -maxdepth 1 -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
  ssecs=$(awk '/seconds/ {print $2}' "$work/spacy.txt")
  echo "- ctkg extract: ${secs} s, $(python3 -c "print('%.2f' % ($bytes / 1e6 / $secs))") MB/s; $(python3 -c "print('%.0f' % ($ssecs / $secs))")x spaCy"
fi
echo
echo "raw numbers: $results"
