#!/usr/bin/env python3
"""Quality checks for ontology/lexicon/*.csv (standard library only).

  * row counts per file, file sizes
  * no duplicate canonical name inside a file
  * no name/alias/adjective (normalised, case-folded) held by two rows, in one
    file or across files (including the other lexicons in the folder, e.g.
    ministries.csv and dialogues.csv, which are read but not owned here)
  * every attacks.csv `place` is a row of places.csv or a state name
  * every places.csv `country` is a code of states.csv
  * CSV hygiene: UTF-8, LF, header, no empty name
  * corpus scan (--corpus, --gold): every match with a matcher that applies the
    extractor's normalisation, case rule, whole-word and leftmost-longest
    matching; compared with the gold annotations.

Exit status 1 if a structural check fails.

Usage: python3 tools/lexicon/check_lexicons.py [--lexicon DIR] [--corpus DIR] [--gold DIR]
"""
import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexnorm import case_ok, key, norm, norm_with_map  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OWN = ["states", "groups", "organizations", "places", "conventions", "attacks"]
# the order in which the extractor loads them decides nothing here: collisions must be zero
TYPE_OF = {"states": "State", "groups": "TerroristGroup", "organizations": "Organization",
           "places": "Place", "conventions": "Convention", "attacks": "Attack",
           "ministries": "Ministry", "dialogues": "Dialogue"}


def split(v):
    return [x.strip() for x in (v or "").split(";") if x.strip()]


def load(lexdir):
    files = {}
    for p in sorted(lexdir.glob("*.csv")):
        raw = p.read_bytes()
        with open(p, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        files[p.stem] = (rows, raw)
    return files


def forms(stem, row):
    if stem == "titles":
        return []
    out = [("name", row.get("name", ""))]
    out += [("alias", a) for a in split(row.get("aliases"))]
    out += [("adjective", a) for a in split(row.get("adjectives"))]
    return [(k, v) for k, v in out if v.strip()]


def structural(files):
    ok = True
    print("== row counts")
    for stem in OWN:
        rows, raw = files[stem]
        print(f"  {stem}.csv: {len(rows)} rows, {len(raw)} bytes")
    print("== CSV hygiene")
    for stem in OWN:
        rows, raw = files[stem]
        problems = []
        if b"\r" in raw:
            problems.append("CR line endings")
        if not raw.endswith(b"\n"):
            problems.append("no final newline")
        if any(not (r.get("name") or "").strip() for r in rows):
            problems.append("empty name")
        if any(r.get("name", "").startswith("#") for r in rows):
            problems.append("comment-like line")
        print(f"  {stem}: {'OK' if not problems else ', '.join(problems)}")
        ok &= not problems
    print("== duplicate canonical names within a file")
    for stem in OWN:
        rows, _ = files[stem]
        seen = defaultdict(int)
        for r in rows:
            seen[r["name"]] += 1
        dups = [n for n, c in seen.items() if c > 1]
        print(f"  {stem}: {len(dups)} duplicates" + (f" {dups[:10]}" if dups else ""))
        ok &= not dups
    print("== names/aliases shared by two rows (normalised, case-folded)")
    holders = defaultdict(set)
    for stem, (rows, _) in files.items():
        for i, r in enumerate(rows):
            for kind, v in forms(stem, r):
                holders[key(v)].add((stem, r["name"]))
    shared = {k: v for k, v in holders.items() if len(v) > 1}
    own_shared = {k: v for k, v in shared.items() if any(s in OWN for s, _ in v)}
    for k, v in sorted(own_shared.items()):
        print(f"  {k!r}: {sorted(v)}")
    print(f"  {len(own_shared)} shared forms involving the six lexicons")
    ok &= not own_shared
    print("== attacks.place resolves")
    place_names = {r["name"] for r in files["places"][0]}
    state_names = {r["name"] for r in files["states"][0]}
    bad = [(r["name"], r["place"]) for r in files["attacks"][0]
           if r["place"] not in place_names and r["place"] not in state_names]
    print(f"  unresolved: {bad}")
    ok &= not bad
    print("== places.country is a states.csv code")
    codes = {r["code"] for r in files["states"][0]}
    badc = sorted({r["country"] for r in files["places"][0] if r["country"] and r["country"] not in codes})
    print(f"  unknown codes: {badc}")
    ok &= not badc
    kinds = defaultdict(int)
    for r in files["places"][0]:
        kinds[r["kind"]] += 1
    print(f"  places by kind: {dict(sorted(kinds.items()))}")
    badk = [k for k in kinds if k not in ("capital", "major", "city", "region")]
    ok &= not badk
    return ok


class Matcher:
    def __init__(self, files):
        self.table = defaultdict(list)   # casefolded normalised form -> [(norm form, stem, row)]
        self.maxlen = 0
        for stem, (rows, _) in files.items():
            for r in rows:
                for kind, v in forms(stem, r):
                    n = norm(v)
                    if not n:
                        continue
                    self.table[n.casefold()].append((n, stem, r, kind))
                    self.maxlen = max(self.maxlen, len(n))

    def scan(self, text):
        nt, pos = norm_with_map(text)
        low = nt.casefold()
        if len(low) != len(nt):
            low = "".join(c.casefold()[0] if c.casefold() else c for c in nt)
        out = []
        i = 0
        n = len(nt)
        while i < n:
            if not nt[i].isalnum() and nt[i] not in "\"'":
                i += 1
                continue
            if i > 0 and nt[i - 1].isalnum() and nt[i].isalnum():
                i += 1
                continue
            best = None
            for j in range(min(n, i + self.maxlen), i, -1):
                if j < n and nt[j].isalnum() and nt[j - 1].isalnum():
                    continue
                cands = self.table.get(low[i:j])
                if not cands:
                    continue
                for form, stem, row, kind in cands:
                    if case_ok(form, nt[i:j]):
                        best = (j, form, stem, row, kind)
                        break
                if best:
                    break
            if best:
                j, form, stem, row, kind = best
                start = pos[i]
                end = pos[j - 1] + 1
                out.append((start, end, text[start:end], stem, row, kind))
                i = j
            else:
                i += 1
        return out


def gold_labels(gold_dir):
    gold = {}
    for p in sorted(gold_dir.glob("*.json")):
        d = json.load(open(p, encoding="utf-8"))
        ents = []
        for e in d["entities"]:
            labels = {key(e["name"])} | {key(a) for a in e.get("aliases", []) or []}
            ents.append((e["type"], e["name"], labels, e.get("optional", False)))
        gold[d["doc"]] = ents
    return gold


def corpus_scan(files, corpus, gold_dir):
    m = Matcher({k: v for k, v in files.items() if k != "titles"})
    gold = gold_labels(gold_dir) if gold_dir else {}
    print("== corpus scan")
    nongold = []
    missing = []
    for p in sorted(corpus.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        ms = m.scan(text)
        g = gold.get(p.name, [])
        found = defaultdict(set)
        print(f"-- {p.name}: {len(ms)} matches")
        for start, end, surf, stem, row, kind in ms:
            typ = TYPE_OF.get(stem, stem)
            hit = [ge for ge in g if ge[0] == typ and key(row["name"]) in ge[2]]
            mark = "gold" if hit else "NOT-GOLD"
            if hit:
                found[(hit[0][0], hit[0][1])].add(surf)
            else:
                nongold.append((p.name, surf, stem, row["name"]))
            print(f"   {start:5d}-{end:<5d} {surf!r:40} -> {stem}:{row['name']} [{kind}] {mark}")
        for typ, name, labels, optional in g:
            if typ not in ("State", "TerroristGroup", "Organization", "Place", "Convention", "Attack"):
                continue
            if (typ, name) not in found:
                missing.append((p.name, typ, name, "optional" if optional else "REQUIRED"))
    print("== matches that are not gold entities (false-positive risks)")
    for x in nongold:
        print("  ", x)
    print("== gold entities (of the six lexicon types) not found by the lexicon")
    for x in missing:
        print("  ", x)
    return nongold, missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lexicon", type=Path, default=REPO / "ontology" / "lexicon")
    ap.add_argument("--corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold" / "seeds")
    ap.add_argument("--no-scan", action="store_true")
    args = ap.parse_args()
    files = load(args.lexicon)
    ok = structural(files)
    if not args.no_scan and args.corpus.exists():
        corpus_scan(files, args.corpus, args.gold if args.gold.exists() else None)
    print("STRUCTURAL CHECKS:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
