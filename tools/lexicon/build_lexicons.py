#!/usr/bin/env python3
"""Build the ctkg gazetteer lexicons (ontology/lexicon/*.csv).

Standard library only.  The optional third-party package `wordfreq` (PyPI) is
used ONLY by `--refresh-wordfreq`, which recomputes the committed table
tools/lexicon/curated/wordfreq_common.csv (English Zipf frequencies of the
candidate city names and alias words).  A normal run reads that table and
never imports wordfreq, so the output is byte-identical on every machine.

Inputs
  --data DIR     the public data files (default: ../shared/data relative to the
                 repository root); provenance in DIR/SOURCES.md
  curated/*.csv  hand-curated rows, links and overrides (documented in
                 ontology/lexicon/SOURCES.md, section "Curated files")
Outputs
  ontology/lexicon/{states,groups,organizations,places,conventions,attacks}.csv

Usage
  python3 tools/lexicon/build_lexicons.py [--data DIR] [--out DIR] [--report]
  python3 tools/lexicon/build_lexicons.py --refresh-wordfreq   # needs wordfreq
"""
import argparse
import csv
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexnorm import dominates, key, norm  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CURATED = HERE / "curated"

FILES = ["states", "groups", "organizations", "places", "conventions", "attacks"]
COLUMNS = {
    "states": ["code", "name", "aliases", "adjectives"],
    "groups": ["name", "aliases", "listed"],
    "organizations": ["name", "aliases", "short"],
    "places": ["name", "aliases", "country", "kind"],
    "conventions": ["name", "aliases"],
    "attacks": ["name", "aliases", "date", "place"],
}

# Priorities used to decide which row keeps a name/alias that several rows share
# (curated/owners.csv overrides them).
PRIO_STATE = 100
PRIO_CURATED = 90
PRIO_DATA = 60       # data-derived groups and organisations
PRIO_CAPITAL = 50    # capitals taken from the country data
PRIO_CITY = 10       # world-cities rows

# Thresholds on the English Zipf frequency (wordfreq) of lower-cased strings.
CITY_ZIPF_MAX = 3.0        # a `city` whose name is at least this frequent is dropped
ALIAS_WORD_ZIPF_MAX = 3.0  # a one-word data alias at least this frequent is dropped
ACRONYM_ZIPF_MAX = 4.5     # an upper-case acronym whose lower-case form is this frequent is a word (WHO, CAN)
PHRASE_WORD_ZIPF = 3.5     # a data alias of <=2 content words, all this frequent, is dropped
CITY_PHRASE_WORD_ZIPF = 4.0  # a multi-word city name whose words are all this frequent is dropped
WORDFREQ_STORE_MIN = 2.5   # what --refresh-wordfreq stores

PARTICLES = {
    "al", "el", "ul", "ud", "ut", "us", "e", "i", "wa", "wal", "fi", "bin", "ibn",
    "of", "the", "and", "in", "for", "on", "to", "a", "an", "de", "du", "des", "la",
    "le", "les", "et", "da", "do", "dos", "di", "del", "y", "ash", "as", "ad", "at",
    "ar", "az", "li", "min", "bil", "ta", "against", "with", "by", "or", "is",
}
VOWELS = set("AEIOUY")

REPORT = []


def log(msg):
    REPORT.append(msg)


# --------------------------------------------------------------------------
# helpers

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_multi(value):
    if not value:
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def clean(s):
    s = s.replace("\u00a0", " ").strip().strip('"').strip()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r" -(?=\S)", "-", s)   # "CORPS -QODS" left by a removed "(IRGC)"
    return s.strip(" ,;")


def is_latin(s):
    for ch in s:
        if 0x250 <= ord(ch) <= 0x2AF:   # IPA transcriptions
            return False
        if ch.isalpha():
            try:
                name = unicodedata.name(ch)
            except ValueError:
                return False
            if "LATIN" not in name:
                return False
    return True


def letters(s):
    return sum(1 for c in s if c.isalnum())


def looks_acronym(tok):
    t = tok.replace("-", "").replace(".", "").replace("/", "").replace("&", "")
    return bool(t) and t.isalnum() and t.upper() == t and any(c.isalpha() for c in t) and len(t) <= 8


class WordFreq:
    """Zipf frequencies from curated/wordfreq_common.csv (or live wordfreq when refreshing)."""

    def __init__(self, path, live=False):
        self.path = path
        self.live = live
        self.asked = set()
        self.table = {}
        if live:
            from wordfreq import zipf_frequency  # optional dependency, refresh only
            self._z = zipf_frequency
        elif path.exists():
            for r in read_csv(path):
                self.table[r["word"]] = float(r["zipf"])

    def __call__(self, word):
        w = word.casefold()
        if self.live:
            self.asked.add(w)
            if w not in self.table:
                self.table[w] = self._z(w, "en")
        return self.table.get(w, 0.0)

    def save(self):
        rows = sorted((w, z) for w, z in self.table.items() if z >= WORDFREQ_STORE_MIN)
        with open(self.path, "w", encoding="utf-8", newline="") as f:
            wr = csv.writer(f, lineterminator="\n")
            wr.writerow(["word", "zipf"])
            for w, z in rows:
                wr.writerow([w, f"{z:.2f}"])


class Row:
    def __init__(self, file, name, prio, curated=False, **extra):
        self.file = file
        self.name = name
        self.prio = prio
        self.curated = curated
        self.aliases = []      # surface forms (may include the name; removed on output)
        self.adjectives = []   # states only
        self.extra = extra
        self.protected = set()  # keys of curated aliases
        self.protected_forms = set()  # curated aliases as written

    def add(self, alias, protected=False):
        alias = clean(alias)
        if alias and alias not in self.aliases:
            self.aliases.append(alias)
        if protected and alias:
            self.protected.add(key(alias))
            self.protected_forms.add(norm(alias))

    def keys(self):
        return {key(a) for a in [self.name] + self.aliases + self.adjectives}

    def label(self):
        return f"{self.file}:{self.name}"


def load_drop():
    drop = defaultdict(set)
    for r in read_csv(CURATED / "drop.csv"):
        drop[r["file"]].add(key(r["alias"]))
    return drop


def load_owners():
    owners = {}
    for r in read_csv(CURATED / "owners.csv"):
        owners[key(r["alias"])] = (r["file"], r["name"])
    return owners


# --------------------------------------------------------------------------
# title casing of ALL-CAPS list entries

def smart_case(s, acronyms, first_upper=True):
    """Title-case an ALL-CAPS list entry, keeping acronyms upper case.

    A piece stays upper case if it is a known acronym (seen upper case in a
    mixed-case source or in the curated rows), has digits or no vowel, or the
    whole entry is one short token ("ELN", "JAK-A", "FARC-EP").
    """
    if any(c.islower() for c in s):
        return s
    single = " " not in s.strip() and all(len(p) <= 4 for p in re.split(r"[-/]", s.strip("()")) if p)
    out = []
    first = True
    for piece in re.split(r"([\s\-/()]+)", s):
        if not piece or re.fullmatch(r"[\s\-/()]+", piece):
            out.append(piece)
            continue
        bare = piece.strip(".,")
        low = piece.lower()
        if bare in acronyms or any(c.isdigit() for c in piece) or single or (
                len(bare) >= 2 and bare.isalpha() and not (set(bare) & VOWELS)):
            out.append(piece)
        elif not first and low in PARTICLES:
            out.append(low)
        elif first and not first_upper and low in PARTICLES:
            out.append(low)
        else:
            low = piece.lower()
            i = next((j for j, c in enumerate(low) if c.isalpha()), 0)
            out.append(low[:i] + low[i:i + 1].upper() + low[i + 1:])
        first = False
    return "".join(out)


# --------------------------------------------------------------------------
# STATES

ENGLISH_STATE_WORDS = re.compile(
    r"\b(Republic|Kingdom|States?|Federation|Federal|Union|Commonwealth|Democratic|People's"
    r"|Islamic|Principality|Sultanate|Emirates|Grand Duchy|Plurinational|Bolivarian|Socialist"
    r"|Arab|Independent|Territory|Island|Islands)\b"
)


def build_states(data, wf, drop):
    countries = json.load(open(data / "mledoze-countries/countries.json", encoding="utf-8"))
    cc = {r["ISO3166-1-Alpha-3"]: r for r in read_csv(data / "datasets-country-codes/country-codes.csv")}
    cur = {r["code"]: r for r in read_csv(CURATED / "states.csv")}
    rows = {}
    capitals = {}
    for c in countries:
        code = c["cca3"]
        if code == "UNK":
            code = "XKX"
        if not (c.get("unMember") or code in ("PSE", "VAT", "XKX", "TWN")):
            continue
        cr = cur.get(code, {})
        name = cr.get("name") or c["name"]["common"]
        row = Row("states", name, PRIO_STATE, curated=bool(cr), code=code)
        for a in split_multi(cr.get("aliases", "")):
            row.add(a, protected=True)
        for a in split_multi(cr.get("adjectives", "")):
            row.adjectives.append(a)
        # altSpellings mixes native names ("Nihon", "Zhōngguó", "Bundesrepublik
        # Deutschland") with English ones; native names read as ordinary words or
        # people's names in English text ("Nicolas Nihon"), so keep only the
        # English official forms.
        alt = [a for a in c.get("altSpellings", []) if ENGLISH_STATE_WORDS.search(a)]
        cand = [c["name"]["common"], c["name"]["official"]] + alt
        x = cc.get(code, {})
        for col in ("UNTERM English Short", "UNTERM English Formal", "official_name_en"):
            v = (x.get(col) or "").replace("*", "").strip()
            v = re.sub(r"\s*\(the\)$", "", v)
            v = re.sub(r"^the ", "", v)
            cand.append(v)
        dem = (c.get("demonyms") or {}).get("eng") or {}
        adjs = []
        for g in ("m", "f"):
            for d in re.split(r",| or ", dem.get(g) or ""):
                d = d.strip()
                if d:
                    adjs.append(d)
        adj_keys = {key(a) for a in adjs}
        for a in cand:
            a = clean(a or "")
            if not a or "," in a or "(" in a or not is_latin(a):
                continue
            if letters(a) <= 3 or looks_acronym(a):
                continue   # ISO codes and the like; curated short forms come from curated/states.csv
            if key(a) in adj_keys:
                continue   # e.g. "Thai", "Saudi" listed as altSpellings
            if key(a) in drop["states"]:
                log(f"states: drop alias {a!r} of {name} (curated drop)")
                continue
            if " " not in a and wf(a) >= ALIAS_WORD_ZIPF_MAX and key(a) != key(c["name"]["common"]):
                log(f"states: drop alias {a!r} of {name} (common word, zipf {wf(a):.2f})")
                continue
            row.add(a)
        for a in adjs:
            if key(a) in drop["states"]:
                log(f"states: drop adjective {a!r} of {name} (curated drop)")
                continue
            if a not in row.adjectives:
                row.adjectives.append(a)
        rows[code] = row
        caps = list(c.get("capital") or [])
        if x.get("Capital"):
            caps.append(x["Capital"])
        capitals[code] = caps
    missing = set(cur) - set(rows)
    if missing:
        raise SystemExit(f"curated states not found in data: {sorted(missing)}")
    return list(rows.values()), capitals


# --------------------------------------------------------------------------
# GROUPS

def split_packed(s):
    """Split a UN ALIAS_NAME that packs several names with parentheses / semicolons."""
    out = []
    depth = 0
    outer = []
    inner = []
    buf = []
    for idx, ch in enumerate(s):
        if ch == "(":
            if depth == 0:
                outer.append("".join(buf))
                buf = []
            else:
                buf.append(ch)
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                rest = s[idx + 1:].strip()
                if not rest or rest.startswith("(") or rest.startswith(";"):
                    inner.append("".join(buf))   # a trailing parenthesis: other names
                # else: a gloss inside a name ("... (IRGC)-QODS FORCE"): dropped
                buf = []
            else:
                buf.append(ch)
        else:
            buf.append(ch)
    if depth == 0:
        outer.append("".join(buf))
    else:
        inner.append("".join(buf))
    base = clean(" ".join(outer))
    if base:
        out.extend(p for p in (clean(x) for x in base.split(";")) if p)
    for part in inner:
        if "(" in part:
            out.extend(split_packed(part))
            continue
        for p in re.split(r";|, (?=[A-Z])", part):
            p = clean(re.sub(r"\s*-\s*sub-unit name$", "", p.strip()))
            if not p or p.lower() == "original script":
                continue
            if " " not in p and len(p.replace("-", "")) > 6 and not looks_acronym(p):
                continue   # a lone word in parentheses is a gloss ("JERUSALEM"), not a name
            out.append(p)
    return out


def load_un(data):
    root = ET.parse(data / "un-sc-consolidated/consolidated.xml").getroot()
    recs = {}
    for e in root.iter("ENTITY"):
        if e.findtext("UN_LIST_TYPE") not in ("Al-Qaida", "Taliban"):
            continue
        ref = e.findtext("REFERENCE_NUMBER").strip()
        raw = clean(e.findtext("FIRST_NAME") or "")
        names = []
        m = re.match(r"^(.*?)\s+/\s+([A-Z]{2,})$", raw)
        if m:
            raw, acr = m.group(1), m.group(2)
            names.append(acr)
        m = re.match(r"^(.*?)\s*\(([^()]*)\)$", raw)
        first = m.group(2).split(",")[0].strip() if m else ""
        if m and (looks_acronym(first) or (" " not in first and sum(c.isupper() for c in first) >= 2)) and \
                m.group(2)[:1].upper() == m.group(1)[:1].upper():
            raw = m.group(1)
            names = [clean(x) for x in m.group(2).split(",")] + names
        primary = raw
        aliases = []
        for a in e.findall("ENTITY_ALIAS"):
            v = a.findtext("ALIAS_NAME") or ""
            if v.strip():
                aliases.extend(split_packed(v))
        recs[ref] = {"ref": ref, "name": primary, "aliases": names + aliases}
    return recs


def load_eu(data):
    recs = {}
    for r in read_csv(data / "eu-terrorist-list/32001R2580.csv"):
        if r["schema"] != "Organization":
            continue
        name = clean(r["name"])
        parts = split_packed(name)
        recs[name] = {"ref": name, "name": parts[0], "aliases": parts[1:] + split_multi(r["alias"])}
        note = r.get("notes") or ""
        for m in re.finditer(r"[‘“]([^‘“”]+?)[’”](?!\w)", note):
            recs[name]["aliases"].append(m.group(1))
    return recs


def load_ofac(data):
    sdn = {}
    with open(data / "ofac-sdn/sdn.csv", encoding="utf-8", newline="") as f:
        for r in csv.reader(f):
            if len(r) < 4:
                continue
            progs = {p.strip() for p in r[3].strip().strip("[]").split("] [")}
            sdn[r[0].strip()] = {"ref": r[0].strip(), "name": clean(r[1]), "type": r[2].strip(),
                                  "programs": progs, "aliases": []}
    with open(data / "ofac-sdn/alt.csv", encoding="utf-8", newline="") as f:
        for r in csv.reader(f):
            if len(r) < 4 or r[0].strip() not in sdn:
                continue
            sdn[r[0].strip()]["aliases"].append(clean(r[3]))
    return sdn


def given_names(data):
    """Personal-name words of listed individuals (UN and OFAC).

    A one-word city name that is such a word (used at least three times, four
    letters or more) is dropped: "Badr", "Rojas", "Sarwar".
    """
    cnt = Counter()
    root = ET.parse(data / "un-sc-consolidated/consolidated.xml").getroot()
    for ind in root.iter("INDIVIDUAL"):
        for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"):
            for t in (ind.findtext(tag) or "").split():
                cnt[t.casefold()] += 1
        for a in ind.iter("ALIAS_NAME"):
            for t in (a.text or "").split():
                cnt[t.casefold().strip(",")] += 1
    with open(data / "ofac-sdn/sdn.csv", encoding="utf-8", newline="") as f:
        for r in csv.reader(f):
            if len(r) > 2 and r[2].strip() == "individual":
                for t in re.split(r"[ ,]+", r[1]):
                    cnt[t.casefold()] += 1
    return {n for n, c in cnt.items() if c >= 3 and len(n) >= 4 and n.isalpha()}


def alias_ok_data(alias, wf, drop_set, acronyms):
    """Filter for aliases that come from the sanction lists (not curated)."""
    k = key(alias)
    if k in drop_set:
        return "curated drop"
    if not is_latin(alias):
        return "non-Latin script"
    n = norm(alias)
    if letters(n) < 3:
        return "too short"
    toks = n.split(" ")
    if len(toks) == 1:
        if looks_acronym(toks[0]) or toks[0] in acronyms:
            return None
        if wf(toks[0]) >= ALIAS_WORD_ZIPF_MAX:
            return f"common word (zipf {wf(toks[0]):.2f})"
        return None
    content = [t for t in toks if t.casefold() not in PARTICLES]
    if any(looks_acronym(t) and len(t) >= 2 for t in content):
        return None
    if content and len(content) <= 2 and all(wf(t) >= PHRASE_WORD_ZIPF for t in content):
        return "ordinary phrase"
    return None


def build_groups(data, wf, drop, report_drops=True):
    cur_rows = read_csv(CURATED / "groups.csv")
    links = read_csv(CURATED / "group_links.csv")
    un = load_un(data)
    eu = load_eu(data)
    ofac = load_ofac(data)

    # acronyms known from mixed-case sources (to keep them upper case when title-casing)
    acronyms = set()
    for rec in list(un.values()) + list(eu.values()):
        for a in [rec["name"]] + rec["aliases"]:
            if " " not in a and looks_acronym(a):
                acronyms.add(a)
    for r in cur_rows:
        for a in [r["name"]] + split_multi(r["aliases"]):
            for t in re.split(r"[\s\-/]+", a):
                if looks_acronym(t) and len(t) >= 2:
                    acronyms.add(t)

    rows = {}
    for r in cur_rows:
        row = Row("groups", r["name"], PRIO_CURATED, curated=True, listed=set(split_multi(r["listed"])))
        for a in split_multi(r["aliases"]):
            row.add(a, protected=True)
        rows[r["name"]] = row

    used = set()

    def attach(row, src, rec):
        if src == "UN":
            row.extra["listed"].add(f"UN:{rec['ref']}")
            names = [rec["name"]] + rec["aliases"]
        elif src == "EU":
            row.extra["listed"].add("EU")
            names = [rec["name"]] + rec["aliases"]
        else:
            row.extra["listed"].add("US-FTO" if "FTO" in rec["programs"] else "US-SDGT")
            names = [p for a in [rec["name"]] + rec["aliases"] for p in split_packed(a)]
        for a in names:
            a = smart_case(a, acronyms)
            why = alias_ok_data(a, wf, drop["groups"], acronyms)
            if why and key(a) not in row.protected:
                if report_drops:
                    log(f"groups: drop alias {a!r} of {row.name} ({why})")
                continue
            row.add(a)

    src_tables = {"UN": un, "EU": eu, "OFAC": ofac}
    for ln in links:
        table = src_tables[ln["source"]]
        rec = table.get(ln["ref"])
        if rec is None:
            raise SystemExit(f"group_links: {ln['source']} {ln['ref']} not found in data")
        if (ln["source"], ln["ref"]) in used:
            continue
        used.add((ln["source"], ln["ref"]))
        if ln["source"] == "OFAC" and not (rec["programs"] & {"FTO", "SDGT"}):
            raise SystemExit(f"group_links: OFAC {ln['ref']} is neither FTO nor SDGT")
        row = rows.get(ln["name"])
        if row is None:
            row = Row("groups", ln["name"], PRIO_CURATED, curated=True, listed=set())
            rows[ln["name"]] = row
        attach(row, ln["source"], rec)

    # unlinked UN entities of the Al-Qaida/ISIL and Taliban lists: one row each
    for ref in sorted(un):
        if ("UN", ref) in used:
            continue
        rec = un[ref]
        name = smart_case(rec["name"], acronyms)
        if key(name) in drop["groups"]:
            log(f"groups: drop UN entity {ref} {name!r} (curated drop)")
            continue
        row = Row("groups", name, PRIO_DATA, listed=set())
        attach(row, "UN", rec)
        if name in rows:
            raise SystemExit(f"duplicate group name {name}")
        rows[name] = row
    for ref in sorted(eu):
        if ("EU", ref) in used:
            continue
        log(f"groups: EU organisation {ref!r} not included (name is an ordinary phrase)"
            if key(ref) in drop["groups"] else f"groups: EU organisation {ref!r} has no link")
    for ref in sorted(ofac, key=int):
        rec = ofac[ref]
        if "FTO" in rec["programs"] and ("OFAC", ref) not in used:
            name = smart_case(rec["name"], acronyms)
            row = Row("groups", name, PRIO_DATA, listed=set())
            attach(row, "OFAC", rec)
            rows[name] = row
            log(f"groups: OFAC FTO {ref} {name!r} added without curated link")
    return list(rows.values())


def listed_str(tokens):
    toks = set(tokens)
    if "US-FTO" in toks:
        toks.discard("US-SDGT")
    order = {"EU": 1, "US-FTO": 2, "US-SDGT": 3}

    def sk(t):
        if t.startswith("UN:"):
            return (0, t)
        return (order.get(t, 9), t)
    return ";".join(sorted(toks, key=sk))


# --------------------------------------------------------------------------
# ORGANIZATIONS

VARIANTS = [("Organisation", "Organization"), ("Co-operation", "Cooperation"),
            ("Centre", "Center"), ("Defence", "Defense"), ("Labour", "Labor"),
            ("Programme", "Program")]


def variants(s):
    out = {s}
    for a, b in VARIANTS:
        for v in list(out):
            out.add(re.sub(rf"\b{a}\b", b, v))
            out.add(re.sub(rf"\b{b}\b", a, v))
    return sorted(out)


def mkey(s):
    s = key(s)
    s = re.sub(r"\bthe\b", "", s)
    s = s.replace("organisation", "organization").replace("labour", "labor").replace("&", "and")
    s = s.replace("centre", "center").replace("defence", "defense").replace("programme", "program")
    return re.sub(r"[^0-9a-z]", "", s)


def build_orgs(data, wf, drop):
    excl = read_csv(CURATED / "organization_exclude.csv")
    excl_cia = {r["name"] for r in excl if r["source"] == "CIA"}
    excl_sv = {r["name"] for r in excl if r["source"] == "supraverden"}
    excl_pat = [re.compile(r["name"]) for r in excl if r["source"] == "pattern"]

    rows = []
    by_mkey = {}
    by_acr = {}

    def index(row):
        for a in [row.name] + row.aliases:
            if looks_acronym(a.replace(" ", "")) and " " not in a:
                if row.curated:
                    by_acr.setdefault(a.casefold(), row)
            else:
                by_mkey.setdefault(mkey(a), row)
        if row.curated and row.extra.get("short"):
            by_acr.setdefault(row.extra["short"].casefold(), row)

    for r in read_csv(CURATED / "organizations.csv"):
        row = Row("organizations", r["name"], PRIO_CURATED, curated=True, short=r["short"])
        for a in split_multi(r["aliases"]):
            row.add(a, protected=True)
        rows.append(row)
        index(row)

    def merge(names, acrs, source):
        target = None
        for n in names:
            t = by_mkey.get(mkey(n))
            if t is not None:
                target = t
                break
        if target is None:
            for a in acrs:
                t = by_acr.get(a.casefold())
                if t is not None:
                    target = t
                    break
        if target is None:
            target = Row("organizations", names[0], PRIO_DATA, short="")
            rows.append(target)
        for n in names:
            if key(n) in drop["organizations"]:
                log(f"organizations: drop name {n!r} ({source}, curated drop)")
                continue
            target.add(n)
        for a in acrs:
            if key(a) in drop["organizations"]:
                log(f"organizations: drop acronym {a!r} of {target.name} ({source}, curated drop)")
                continue
            if letters(a) <= 2:
                log(f"organizations: drop acronym {a!r} of {target.name} (two letters)")
                continue
            if " " not in a and wf(a) >= ACRONYM_ZIPF_MAX and not target.curated:
                log(f"organizations: drop acronym {a!r} of {target.name} (common word)")
                continue
            target.add(a)
            if not target.extra.get("short") and looks_acronym(a.replace(" ", "")) and len(a) <= 12:
                target.extra["short"] = a
        index(target)

    sv = json.load(open(data / "supraverden-intl-orgs/general_list.json", encoding="utf-8"))
    for k in sorted(sv):
        v = sv[k]
        name = clean(v.get("Name_en") or k)
        every = [str(x) for c, x in v.items() if c.startswith(("Name_", "Abbreviation_")) and x]
        if name in excl_sv or any(p.search(x) for p in excl_pat for x in every):
            continue
        names = [name]
        for col in ("Name_other_en", "Name_other_1_en", "Name_other_2_en", "Name_other_3_en",
                    "Name_other_4_en", "Name_former_en"):
            x = v.get(col)
            if x and x != "null":
                names.append(clean(x))
        acrs = []
        for col in ("Abbreviation_en", "Abbreviation_other_en", "Abbreviation_other_2_en",
                    "Abbreviation_former_en"):
            x = v.get(col)
            if x and x != "null":
                x = clean(x)
                if len(x) <= 20:
                    acrs.append(x)   # longer values are data errors (a full name in the acronym field)
        names = [n for n in names if n and len(n) >= 4 and not n.endswith(" of")]
        merge(names, acrs, "supraverden")

    cia = {}
    for r in read_csv(data / "cia-factbook-intl-orgs/CountrycodesOrgs.csv"):
        cia[r["org_id"]] = clean(r["org_name"])
    for oid in sorted(cia):
        if oid in excl_cia:
            continue
        name = cia[oid]
        acrs = []
        if "_" not in oid and oid != "EuroArea":
            acrs.append(oid)
            m = re.fullmatch(r"G-(\d+)", oid)
            if m:
                acrs.append("G" + m.group(1))
        merge([name], acrs, "CIA")

    # spelling variants (Organisation/Organization ...) of every multi-word name
    for row in rows:
        for a in list([row.name] + row.aliases):
            if " " in a:
                for v in variants(a):
                    row.add(v)
    return rows


# --------------------------------------------------------------------------
# PLACES

def build_places(data, wf, drop, capitals, state_rows, given):
    rows = []
    idx = {}
    for r in read_csv(CURATED / "places.csv"):
        row = Row("places", r["name"], PRIO_CURATED, curated=True, country=r["country"], kind=r["kind"])
        for a in split_multi(r["aliases"]):
            row.add(a, protected=True)
        rows.append(row)
        for k in row.keys():
            idx.setdefault(k, row)
    codes = {s.extra["code"] for s in state_rows}
    for code in sorted(capitals):
        for cap in capitals[code]:
            cap = clean(cap)
            if not cap:
                continue
            k = key(cap)
            if k in drop["places"]:
                log(f"places: drop capital {cap!r} of {code} (curated drop)")
                continue
            if k in idx:
                row = idx[k]
                if row.extra["kind"] != "capital" and row.curated:
                    log(f"places: curated row {row.name!r} is the capital of {code}; kind set to capital")
                    row.extra["kind"] = "capital"
                continue
            row = Row("places", cap, PRIO_CAPITAL, country=code, kind="capital")
            rows.append(row)
            idx[k] = row

    # world-cities
    groups = defaultdict(list)
    with open(data / "datasets-world-cities/world-cities.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            groups[key(r["name"])].append(r)
    cc = {r["ISO3166-1-Alpha-2"]: r["ISO3166-1-Alpha-3"]
          for r in read_csv(data / "datasets-country-codes/country-codes.csv")}
    mled = json.load(open(data / "mledoze-countries/countries.json", encoding="utf-8"))
    by_common = {}
    for c in mled:
        code = "XKX" if c["cca3"] == "UNK" else c["cca3"]
        by_common[c["name"]["common"]] = code
        by_common[c["name"]["official"]] = code
    for r in read_csv(data / "datasets-country-codes/country-codes.csv"):
        for col in ("CLDR display name", "official_name_en", "UNTERM English Short"):
            if r.get(col):
                by_common.setdefault(r[col], r["ISO3166-1-Alpha-3"])
    for s in state_rows:
        for a in [s.name] + s.aliases:
            by_common.setdefault(a, s.extra["code"])
    by_common["Taiwan, Province of China"] = "TWN"
    by_common["No country found for alpha-2 code: XK"] = "XKX"

    def country_code(cn):
        if cn in by_common:
            return by_common[cn]
        m = re.fullmatch(r"(.+?), (?:[Tt]he )?(.+)", cn)
        if m:
            return by_common.get(f"{m.group(2)} {m.group(1)}")
        return None
    unknown_countries = Counter()
    dropped = Counter()
    for k in sorted(groups):
        entries = groups[k]
        if k in idx:
            continue
        spell = Counter(e["name"] for e in entries).most_common()
        name = sorted(n for n, c in spell if c == spell[0][1])[0]
        nn = norm(name)
        if letters(nn) <= 3:
            dropped["3 letters or fewer"] += 1
            continue
        if k in drop["places"]:
            dropped["curated drop"] += 1
            continue
        if not is_latin(name):
            dropped["non-Latin"] += 1
            continue
        words = nn.split(" ")
        if len(words) == 1:
            z = wf(nn)
            if z >= CITY_ZIPF_MAX:
                dropped["one common word (zipf>=3.0)"] += 1
                log(f"places: drop city {name!r} (zipf {z:.2f})")
                continue
        elif all(w.casefold() in PARTICLES or wf(w) >= CITY_PHRASE_WORD_ZIPF for w in words):
            dropped["phrase of common words (each zipf>=4.0)"] += 1
            log(f"places: drop city {name!r} (phrase of common words)")
            continue
        if " " not in nn and k in given:
            dropped["personal name"] += 1
            log(f"places: drop city {name!r} (personal name of listed individuals)")
            continue
        ctry = set()
        for e in entries:
            code = country_code(e["country"])
            if code is None:
                unknown_countries[e["country"]] += 1
            ctry.add(code)
        country = ""
        if len(ctry) == 1:
            country = next(iter(ctry)) or ""
        if country and country not in codes:
            country = ""   # a territory (e.g. Puerto Rico) rather than a state
        row = Row("places", name, PRIO_CITY, country=country, kind="city")
        rows.append(row)
        idx[k] = row
    for why, n in sorted(dropped.items()):
        log(f"places: world-cities names dropped: {n} ({why})")
    for cn, n in sorted(unknown_countries.items()):
        log(f"places: world-cities country {cn!r} is not a state ({n} cities; country left empty)")
    return rows


# --------------------------------------------------------------------------
# CONVENTIONS / ATTACKS (curated only)

def build_simple(file, extra_cols):
    rows = []
    for r in read_csv(CURATED / f"{file}.csv"):
        row = Row(file, r["name"], PRIO_CURATED, curated=True, **{c: r[c] for c in extra_cols})
        for a in split_multi(r["aliases"]):
            row.add(a, protected=True)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------
# collisions

def resolve(all_rows, owners, drop):
    """Make every name/alias key belong to exactly one row."""
    # within a row: drop aliases equal to the name or dominated by another form
    for row in all_rows:
        forms = []
        for a in [row.name] + row.aliases:
            n = norm(a)
            if not n or ";" in a:
                continue
            forms.append((a, n))
        keep = []
        for i, (a, n) in enumerate(forms):
            if i == 0:
                keep.append((a, n))
                continue
            if any(dominates(kn, n) for _, kn in keep):
                continue
            keep = [(ka, kn) for j, (ka, kn) in enumerate(keep) if j == 0 or not dominates(n, kn)]
            keep.append((a, n))
        row.aliases = [a for a, _ in keep[1:]]
        if row.file == "states":
            names = {key(a) for a in [row.name] + row.aliases}
            adj = []
            for a in row.adjectives:
                if key(a) not in names and key(a) not in {key(x) for x in adj}:
                    adj.append(a)
            row.adjectives = adj
        # curated drops apply to every file's aliases; a data form that differs
        # from a curated alias only in case ("LET" beside "LeT") is dropped too
        row.aliases = [a for a in row.aliases
                       if (key(a) not in drop[row.file] or key(a) in row.protected)
                       and (key(a) not in row.protected or norm(a) in row.protected_forms)]

    holders = defaultdict(list)
    for row in all_rows:
        for a in [row.name] + row.aliases + row.adjectives:
            holders[key(a)].append((row, a))
    removed_rows = set()
    for k in sorted(holders):
        hs = holders[k]
        rowset = {id(r): r for r, _ in hs}
        if len(rowset) < 2:
            continue
        rs = list(rowset.values())
        winner = None
        why = ""
        if k in owners:
            f, n = owners[k]
            cand = [r for r in rs if r.file == f and r.name == n]
            if cand:
                winner, why = cand[0], "curated owner"
        if winner is None:
            prot = [r for r in rs if k in r.protected]
            if len(prot) == 1:
                winner, why = prot[0], "curated alias"
        if winner is None:
            top = max(r.prio for r in rs)
            best = [r for r in rs if r.prio == top]
            if len(best) == 1:
                winner, why = best[0], "priority"
            else:
                named = [r for r in best if key(r.name) == k]
                if len(named) == 1:
                    winner, why = named[0], "canonical name"
        desc = ", ".join(sorted(r.label() for r in rs))
        for r in rs:
            if r is winner:
                continue
            if key(r.name) == k:
                if r.curated or r.file == "states":
                    log(f"COLLISION needs a decision: {k!r} is the name of {r.label()} and also held by {desc}")
                    continue
                removed_rows.add(id(r))
                log(f"collision {k!r}: row {r.label()} removed ({why or 'ambiguous'}; held by {desc})")
            else:
                r.aliases = [a for a in r.aliases if key(a) != k]
                r.adjectives = [a for a in r.adjectives if key(a) != k]
                if r.prio >= PRIO_DATA:
                    log(f"collision {k!r}: removed from {r.label()} -> "
                        f"{winner.label() if winner else 'nobody (ambiguous)'} ({why or 'ambiguous'})")
    return [r for r in all_rows if id(r) not in removed_rows]


# --------------------------------------------------------------------------
# output

def sort_aliases(xs):
    return sorted(set(xs), key=lambda a: (a.casefold(), a))


def write(out, file, rows):
    cols = COLUMNS[file]
    recs = []
    for r in rows:
        if file == "states":
            rec = [r.extra["code"], r.name, ";".join(sort_aliases(r.aliases)),
                   ";".join(sort_aliases(r.adjectives))]
        elif file == "groups":
            rec = [r.name, ";".join(sort_aliases(r.aliases)), listed_str(r.extra["listed"])]
        elif file == "organizations":
            rec = [r.name, ";".join(sort_aliases(r.aliases)), r.extra.get("short", "")]
        elif file == "places":
            rec = [r.name, ";".join(sort_aliases(r.aliases)), r.extra["country"], r.extra["kind"]]
        elif file == "conventions":
            rec = [r.name, ";".join(sort_aliases(r.aliases))]
        else:
            rec = [r.name, ";".join(sort_aliases(r.aliases)), r.extra["date"], r.extra["place"]]
        recs.append(rec)
    if file == "states":
        recs.sort(key=lambda x: x[0])
    else:
        recs.sort(key=lambda x: (x[0].casefold(), x[0]))
    with open(out / f"{file}.csv", "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(cols)
        wr.writerows(recs)
    return len(recs)


def build(data, out, wf):
    drop = load_drop()
    owners = load_owners()
    states, capitals = build_states(data, wf, drop)
    groups = build_groups(data, wf, drop)
    orgs = build_orgs(data, wf, drop)
    places = build_places(data, wf, drop, capitals, states, given_names(data))
    convs = build_simple("conventions", [])
    attacks = build_simple("attacks", ["date", "place"])
    all_rows = resolve(states + groups + orgs + places + convs + attacks, owners, drop)
    by_file = defaultdict(list)
    for r in all_rows:
        by_file[r.file].append(r)
    # a short that lost its alias (collision) is not used
    for r in by_file["organizations"]:
        s = r.extra.get("short", "")
        if s and not r.curated and key(s) not in {key(a) for a in r.aliases}:
            r.extra["short"] = ""
    seen = Counter(r.extra.get("short") for r in by_file["organizations"] if r.extra.get("short"))
    for r in by_file["organizations"]:
        if r.extra.get("short") and seen[r.extra["short"]] > 1 and not r.curated:
            r.extra["short"] = ""
    out.mkdir(parents=True, exist_ok=True)
    counts = {f: write(out, f, by_file[f]) for f in FILES}
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO / "ontology" / "lexicon")
    ap.add_argument("--refresh-wordfreq", action="store_true",
                    help="recompute curated/wordfreq_common.csv with the wordfreq package")
    ap.add_argument("--report", type=Path, help="write the build log (drops, collisions) here")
    args = ap.parse_args()
    table = CURATED / "wordfreq_common.csv"
    if args.refresh_wordfreq:
        wf = WordFreq(table, live=True)
        build(args.data, Path("/tmp/ctkg-lexicon-refresh"), wf)
        # single words of every multi-word candidate are looked up too
        wf.save()
        REPORT.clear()
    wf = WordFreq(table)
    counts = build(args.data, args.out, wf)
    if args.report:
        args.report.write_text("\n".join(REPORT) + "\n", encoding="utf-8")
    for f in FILES:
        print(f"{f}.csv: {counts[f]} rows")


if __name__ == "__main__":
    main()
