//! Scores extractions against gold annotations with the matching rules of
//! the project's scorer (`tests/fixtures/kgscore.py`, described in
//! `../shared/gold/FORMAT.md`), so `ctkg eval` and the scorer give the same
//! numbers on the same run.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::model::{Entity, EntityType, Extraction, Predicate, Target};
use crate::text::fold;

/// The entity types and predicates the scorer reports, in its order.
const SCORED_TYPES: &[&str] = &[
    "State",
    "Official",
    "Ministry",
    "TerroristGroup",
    "Resolution",
    "Conference",
    "Convention",
    "Organization",
    "Attack",
    "Place",
    "Meeting",
];
const SCORED_PREDICATES: &[Predicate] = &[
    Predicate::Participant,
    Predicate::LedBy,
    Predicate::Represents,
    Predicate::MemberOf,
    Predicate::MinistryOf,
    Predicate::HeldIn,
    Predicate::Mentions,
    Predicate::Date,
    Predicate::Ordinal,
];

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a gold annotation: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: no gold annotations (*.json) found")]
    Empty { path: PathBuf },
}

/// Reads gold annotations: a folder of `*.json` / `*.jsonl` files or one
/// file, each holding one object or one object per line.
pub fn read_gold(path: &Path) -> Result<Vec<Extraction>, EvalError> {
    let mut files = Vec::new();
    if path.is_dir() {
        let entries = fs::read_dir(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json" || x == "jsonl") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut out = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).map_err(|source| EvalError::Io {
            path: file.clone(),
            source,
        })?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let json_error = |source| EvalError::Json {
            path: file.clone(),
            source,
        };
        match serde_json::from_str::<Extraction>(trimmed) {
            Ok(x) => out.push(x),
            Err(whole) => {
                let lines: Result<Vec<Extraction>, _> = trimmed
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(serde_json::from_str)
                    .collect();
                match lines {
                    Ok(xs) if trimmed.lines().count() > 1 => out.extend(xs),
                    _ => return Err(json_error(whole)),
                }
            }
        }
    }
    if out.is_empty() {
        return Err(EvalError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// True positives, false positives and misses of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall and F1, with the scorer's conventions for zeros.
    pub fn prf(&self) -> (f64, f64, f64) {
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        let p = if self.tp + self.fp > 0 {
            tp / (tp + fp)
        } else if self.fn_ == 0 {
            1.0
        } else {
            0.0
        };
        let r = if self.tp + self.fn_ > 0 {
            tp / (tp + fn_)
        } else {
            1.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// One false positive or miss, with the reason it is one.
#[derive(Debug, Clone)]
struct Error {
    /// "FP" or "MISS".
    verdict: &'static str,
    /// The entity type or predicate.
    kind: String,
    /// Why: "not found", "Official and Ministry found, not linked", ...
    cause: String,
    /// The document and what was missed or found.
    item: String,
}

/// The errors of one class (verdict, kind and cause), most frequent first
/// in [`Report::error_classes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorClass {
    /// "MISS relation memberOf: Official and Ministry found, not linked".
    pub class: String,
    /// "document: subject -predicate-> object", or "document: name".
    pub items: Vec<String>,
}

#[derive(Debug, Default)]
struct Tally {
    counts: BTreeMap<String, Counts>,
    errors: Vec<Error>,
}

impl Tally {
    fn fp(&mut self, key: &str, cause: String, item: String) {
        self.counts.entry(key.into()).or_default().fp += 1;
        self.errors.push(Error {
            verdict: "FP",
            kind: key.into(),
            cause,
            item,
        });
    }
    fn fn_(&mut self, key: &str, cause: String, item: String) {
        self.counts.entry(key.into()).or_default().fn_ += 1;
        self.errors.push(Error {
            verdict: "MISS",
            kind: key.into(),
            cause,
            item,
        });
    }
    fn tp(&mut self, key: &str) {
        self.counts.entry(key.into()).or_default().tp += 1;
    }
}

/// Scores per entity type and predicate, micro-averaged over all.
#[derive(Debug)]
pub struct Report {
    pub documents: usize,
    pub documents_in_run: usize,
    entities: Tally,
    relations: Tally,
}

impl Report {
    /// Counts per scored entity type (those with any), then "ALL".
    pub fn entities(&self) -> Vec<(String, Counts)> {
        rows(&self.entities, SCORED_TYPES.iter().map(|s| s.to_string()))
    }

    pub fn relations(&self) -> Vec<(String, Counts)> {
        rows(
            &self.relations,
            SCORED_PREDICATES.iter().map(|p| p.to_string()),
        )
    }

    /// The scorer's JSON (`kgscore.py --json`).
    pub fn to_json(&self) -> serde_json::Value {
        let section = |rows: Vec<(String, Counts)>| {
            let mut m = serde_json::Map::new();
            for (k, c) in rows {
                let (p, r, f) = c.prf();
                m.insert(
                    k,
                    json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "p": round3(p), "r": round3(r), "f1": round3(f)}),
                );
            }
            serde_json::Value::Object(m)
        };
        json!({
            "documents": self.documents,
            "documents_in_run": self.documents_in_run,
            "entities": section(self.entities()),
            "relations": section(self.relations()),
        })
    }

    /// The scorer's text report, with the list of errors when asked.
    pub fn to_text(&self, errors: bool) -> String {
        let mut out = format!(
            "documents scored: {} (in the run: {})\n",
            self.documents, self.documents_in_run
        );
        for (name, rows) in [
            ("entities", self.entities()),
            ("relations", self.relations()),
        ] {
            out.push_str(&format!(
                "\n{name:<16}{:>5}{:>5}{:>5}{:>7}{:>7}{:>7}\n",
                "tp", "fp", "fn", "P", "R", "F1"
            ));
            for (k, c) in rows {
                let (p, r, f) = c.prf();
                out.push_str(&format!(
                    "{k:<16}{:>5}{:>5}{:>5}{:>7.3}{:>7.3}{:>7.3}\n",
                    c.tp,
                    c.fp,
                    c.fn_,
                    round3(p),
                    round3(r),
                    round3(f)
                ));
            }
        }
        if errors {
            let classes = self.error_classes();
            out.push_str(&format!(
                "\nerrors by class, most frequent first ({} classes)\n",
                classes.len()
            ));
            for c in classes {
                out.push_str(&format!("\n{:>5}  {}\n", c.items.len(), c.class));
                for it in &c.items {
                    out.push_str(&format!("       {it}\n"));
                }
            }
        }
        let (e, r) = (self.f1_entities(), self.f1_relations());
        out.push_str(&format!("\nentity F1 {e:.3}  relation F1 {r:.3}\n"));
        out
    }

    /// False positives and misses grouped by class: verdict, entity type
    /// or predicate, and the reason (a meeting not found, a date that
    /// disagrees, an official found whose ministry is not linked, ...);
    /// the largest classes first, so a change to a lexicon or a pattern
    /// shows as a class that shrinks.
    pub fn error_classes(&self) -> Vec<ErrorClass> {
        let mut by_class: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (scope, tally) in [("entity", &self.entities), ("relation", &self.relations)] {
            for e in &tally.errors {
                let class = format!("{} {scope} {}: {}", e.verdict, e.kind, e.cause);
                by_class.entry(class).or_default().push(e.item.clone());
            }
        }
        let mut out: Vec<ErrorClass> = by_class
            .into_iter()
            .map(|(class, items)| ErrorClass { class, items })
            .collect();
        // stable: equal counts stay in the order of their names
        out.sort_by_key(|c| std::cmp::Reverse(c.items.len()));
        out
    }

    /// [`Report::to_json`] with the error classes added (`--json --errors`).
    pub fn to_json_with_errors(&self) -> serde_json::Value {
        let mut out = self.to_json();
        out["errors"] = self
            .error_classes()
            .into_iter()
            .map(|c| json!({"class": c.class, "count": c.items.len(), "items": c.items}))
            .collect();
        out
    }

    pub fn f1_entities(&self) -> f64 {
        round3(self.entities().last().map_or(0.0, |(_, c)| c.prf().2))
    }

    pub fn f1_relations(&self) -> f64 {
        round3(self.relations().last().map_or(0.0, |(_, c)| c.prf().2))
    }
}

fn rows(tally: &Tally, keys: impl Iterator<Item = String>) -> Vec<(String, Counts)> {
    let mut all = Counts::default();
    let mut out = Vec::new();
    for k in keys {
        let c = tally.counts.get(&k).copied().unwrap_or_default();
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
        if c.tp + c.fp + c.fn_ > 0 {
            out.push((k, c));
        }
    }
    out.push(("ALL".into(), all));
    out
}

/// Rounds to three decimals the way Python's `round(x, 3)` does.
fn round3(x: f64) -> f64 {
    format!("{x:.3}").parse().unwrap_or(x)
}

/// Scores a run against gold. Only gold documents are scored; a gold
/// document missing from the run counts as nothing found.
pub fn score(gold: &[Extraction], run: &[Extraction]) -> Report {
    let gold = by_doc(gold);
    let run = by_doc(run);
    let mut report = Report {
        documents: gold.len(),
        documents_in_run: gold.keys().filter(|d| run.contains_key(*d)).count(),
        entities: Tally::default(),
        relations: Tally::default(),
    };
    let empty = Extraction {
        doc: String::new(),
        entities: vec![],
        relations: vec![],
    };
    for (doc, g) in &gold {
        let p = run.get(doc).unwrap_or(&empty);
        let mapping = match_entities(g, p, &mut report.entities, doc);
        score_relations(g, p, &mapping, &mut report.relations, doc);
    }
    report
}

/// A document's name as gold and runs give it: the file name, without
/// any folder.
pub fn document_name(doc: &str) -> &str {
    doc.rsplit(['/', '\\']).next().unwrap_or(doc)
}

fn by_doc(xs: &[Extraction]) -> BTreeMap<String, Extraction> {
    let mut out: BTreeMap<String, Extraction> = BTreeMap::new();
    for x in xs {
        let doc = document_name(&x.doc).to_string();
        match out.get_mut(&doc) {
            Some(e) => {
                e.entities.extend(x.entities.iter().cloned());
                e.relations.extend(x.relations.iter().cloned());
            }
            None => {
                out.insert(doc.clone(), Extraction { doc, ..x.clone() });
            }
        }
    }
    out
}

fn labels(e: &Entity) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = std::iter::once(&e.name)
        .chain(&e.aliases)
        .map(|s| fold(s))
        .collect();
    out.remove("");
    out
}

#[derive(Debug, Default)]
struct MeetingKey {
    participants: BTreeSet<String>,
    maybe: BTreeSet<String>,
    ordinal: Option<String>,
    date: Option<String>,
}

fn meeting_keys(x: &Extraction, map: impl Fn(&str) -> String) -> Vec<(String, MeetingKey)> {
    let mut keys: Vec<(String, MeetingKey)> = x
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Meeting)
        .map(|e| (e.id.clone(), MeetingKey::default()))
        .collect();
    for r in &x.relations {
        let Some((_, k)) = keys.iter_mut().find(|(id, _)| *id == r.subject) else {
            continue;
        };
        match (&r.predicate, &r.target) {
            (Predicate::Participant, Target::Object(o)) => {
                if r.optional {
                    k.maybe.insert(map(o));
                } else {
                    k.participants.insert(map(o));
                }
            }
            (Predicate::Ordinal, Target::Value(v)) if !r.optional => {
                k.ordinal = Some(v.trim().into())
            }
            (Predicate::Date, Target::Value(v)) if !r.optional => k.date = Some(v.trim().into()),
            _ => {}
        }
    }
    keys
}

/// One-to-one matching per type (exact canonical names first, then any
/// shared label); meetings by their sides, ordinal and date. Returns run
/// id → gold id.
fn match_entities(
    gold: &Extraction,
    run: &Extraction,
    tally: &mut Tally,
    doc: &str,
) -> HashMap<String, String> {
    let mut mapping: HashMap<String, String> = HashMap::new();
    for t in SCORED_TYPES.iter().filter(|t| **t != "Meeting") {
        let gs: Vec<&Entity> = gold
            .entities
            .iter()
            .filter(|e| e.kind.as_str() == *t)
            .collect();
        let ps: Vec<&Entity> = run
            .entities
            .iter()
            .filter(|e| e.kind.as_str() == *t)
            .collect();
        let mut used: BTreeSet<&str> = BTreeSet::new();
        for pass in 0..2 {
            for p in &ps {
                if mapping.contains_key(&p.id) {
                    continue;
                }
                let pl = if pass == 1 {
                    labels(p)
                } else {
                    BTreeSet::from([fold(&p.name)])
                };
                for g in &gs {
                    if used.contains(g.id.as_str()) {
                        continue;
                    }
                    let gl = if pass == 1 {
                        labels(g)
                    } else {
                        BTreeSet::from([fold(&g.name)])
                    };
                    if !pl.is_disjoint(&gl) {
                        mapping.insert(p.id.clone(), g.id.clone());
                        used.insert(&g.id);
                        break;
                    }
                }
            }
        }
    }
    let mut gk = meeting_keys(gold, |o| o.to_string());
    for (_, k) in gk.iter_mut() {
        if k.participants.is_empty() {
            std::mem::swap(&mut k.participants, &mut k.maybe);
        }
    }
    let unmatched = |o: &str| format!("\u{0}unmatched {o}");
    let pk = meeting_keys(run, |o| {
        mapping.get(o).cloned().unwrap_or_else(|| unmatched(o))
    });
    let mut pairs: Vec<(i64, String, String)> = Vec::new();
    for (pid, p) in &pk {
        for (gid, g) in &gk {
            if g.participants.is_empty() {
                continue;
            }
            let parts: BTreeSet<&String> = p.participants.iter().chain(&p.maybe).collect();
            let all: BTreeSet<&String> = g.participants.iter().chain(&g.maybe).collect();
            if !(g.participants.iter().all(|x| parts.contains(x)) && parts.is_subset(&all)) {
                continue;
            }
            // agreement counted in halves: both given and equal 2, both absent 1
            let mut agree = 0i64;
            let mut conflict = false;
            for (pv, gv) in [(&p.ordinal, &g.ordinal), (&p.date, &g.date)] {
                match (pv, gv) {
                    (Some(a), Some(b)) => {
                        conflict |= a != b;
                        agree += 2;
                    }
                    (None, None) => agree += 1,
                    _ => {}
                }
            }
            if !conflict {
                pairs.push((-agree, pid.clone(), gid.clone()));
            }
        }
    }
    pairs.sort();
    let (mut used_p, mut used_g) = (BTreeSet::new(), BTreeSet::new());
    for (_, pid, gid) in pairs {
        if used_p.contains(&pid) || used_g.contains(&gid) {
            continue;
        }
        used_p.insert(pid.clone());
        used_g.insert(gid.clone());
        mapping.insert(pid, gid);
    }

    let gold_by_id: HashMap<&str, &Entity> =
        gold.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let matched: BTreeSet<&String> = mapping.values().collect();
    // a meeting missed while another was found that matched nothing
    let gold_meeting_left = gold
        .entities
        .iter()
        .any(|e| e.kind == EntityType::Meeting && !matched.contains(&e.id));
    let run_meeting_left = run
        .entities
        .iter()
        .any(|e| e.kind == EntityType::Meeting && !mapping.contains_key(&e.id));
    // only what the figures count: a Dialogue is found but not scored
    for p in run
        .entities
        .iter()
        .filter(|e| SCORED_TYPES.contains(&e.kind.as_str()))
    {
        let t = p.kind.as_str();
        match mapping.get(&p.id) {
            None => {
                let cause = match typed_otherwise(p, gold) {
                    Some(other) => format!("gold has it as {other}"),
                    None if p.kind == EntityType::Meeting && gold_meeting_left => {
                        MEETING_DIFFERS.to_string()
                    }
                    None => "not in gold".to_string(),
                };
                tally.fp(t, cause, format!("{doc}: {}", p.name))
            }
            Some(g) if gold_by_id[g.as_str()].optional => {}
            Some(_) => tally.tp(t),
        }
    }
    for g in &gold.entities {
        if !matched.contains(&g.id) && !g.optional {
            let cause = match typed_otherwise(g, run) {
                Some(other) => format!("found as {other}"),
                None if g.kind == EntityType::Meeting && run_meeting_left => {
                    MEETING_DIFFERS.to_string()
                }
                None => "not found".to_string(),
            };
            tally.fn_(g.kind.as_str(), cause, format!("{doc}: {}", g.name));
        }
    }
    mapping
}

/// The cause of a meeting missed while another, unmatched, was found.
const MEETING_DIFFERS: &str = "a meeting was found, with other sides, ordinal or date";

/// The type the other side gives an entity of the same name, when it gives
/// it another type (a group typed as an organisation, ...).
fn typed_otherwise(entity: &Entity, other_side: &Extraction) -> Option<&'static str> {
    let names = labels(entity);
    other_side
        .entities
        .iter()
        .find(|o| o.kind != entity.kind && !labels(o).is_disjoint(&names))
        .map(|o| o.kind.as_str())
}

type RelKey = (String, Predicate, (bool, String));

fn score_relations(
    gold: &Extraction,
    run: &Extraction,
    mapping: &HashMap<String, String>,
    tally: &mut Tally,
    doc: &str,
) {
    let gold_by_id: HashMap<&str, &Entity> =
        gold.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let run_by_id: HashMap<&str, &Entity> =
        run.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let key = |s: &str, p: Predicate, t: &Target| -> RelKey {
        let o = match t {
            Target::Object(o) => (true, o.clone()),
            Target::Value(v) => (false, v.trim().to_string()),
        };
        (s.to_string(), p, o)
    };
    let mut gold_rel: HashMap<RelKey, bool> = HashMap::new();
    let mut gold_order: Vec<RelKey> = Vec::new();
    for r in &gold.relations {
        let k = key(&r.subject, r.predicate, &r.target);
        if gold_rel.insert(k.clone(), r.optional).is_none() {
            gold_order.push(k);
        }
    }
    let optional = |id: &str| gold_by_id.get(id).is_some_and(|e| e.optional);
    let found: BTreeSet<&str> = mapping.values().map(String::as_str).collect();
    // (gold subject, predicate) that each side states something for, to
    // tell "another value" from "not linked at all"
    let gold_states: BTreeSet<(&str, Predicate)> = gold
        .relations
        .iter()
        .map(|r| (r.subject.as_str(), r.predicate))
        .collect();
    let run_states: BTreeSet<(&str, Predicate)> = run
        .relations
        .iter()
        .filter_map(|r| Some((mapping.get(&r.subject)?.as_str(), r.predicate)))
        .collect();
    let type_of = |by_id: &HashMap<&str, &Entity>, id: &str| {
        by_id.get(id).map_or("entity", |e| e.kind.as_str())
    };
    let mut seen: BTreeSet<RelKey> = BTreeSet::new();
    for r in &run.relations {
        if !SCORED_PREDICATES.contains(&r.predicate) {
            continue;
        }
        let s = mapping.get(&r.subject);
        let (k, optional_side) = match &r.target {
            Target::Object(o) => {
                let o = mapping.get(o);
                let k = match (s, o) {
                    (Some(s), Some(o)) => Some(key(s, r.predicate, &Target::Object(o.clone()))),
                    _ => None,
                };
                (
                    k,
                    s.is_some_and(|s| optional(s)) || o.is_some_and(|o| optional(o)),
                )
            }
            Target::Value(v) => (
                s.map(|s| key(s, r.predicate, &Target::Value(v.clone()))),
                s.is_some_and(|s| optional(s)),
            ),
        };
        if let Some(k) = &k {
            if seen.contains(k) {
                continue;
            }
            seen.insert(k.clone());
        }
        match k.as_ref().and_then(|k| gold_rel.get(k)) {
            Some(true) => {}
            Some(false) => tally.tp(r.predicate.as_str()),
            None if optional_side => {}
            None => {
                let name = |id: &str| run_by_id.get(id).map_or(id.to_string(), |e| e.name.clone());
                let object = match &r.target {
                    Target::Object(o) => name(o),
                    Target::Value(v) => v.clone(),
                };
                let subject_type = type_of(&run_by_id, &r.subject);
                let object_type = match &r.target {
                    Target::Object(o) => Some(type_of(&run_by_id, o)),
                    Target::Value(_) => None,
                };
                let cause = match (s, &r.target) {
                    (None, _) => format!("{subject_type} not in gold"),
                    (Some(_), Target::Object(o)) if !mapping.contains_key(o) => {
                        format!("{} not in gold", object_type.unwrap_or("entity"))
                    }
                    (Some(s), _) if gold_states.contains(&(s.as_str(), r.predicate)) => {
                        match object_type {
                            Some(o) => format!("gold links the {subject_type} to another {o}"),
                            None => format!("gold gives the {subject_type} another value"),
                        }
                    }
                    (Some(_), _) => match object_type {
                        Some(o) => format!("{subject_type} and {o} in gold, not linked there"),
                        None => format!("gold gives the {subject_type} no {}", r.predicate),
                    },
                };
                tally.fp(
                    r.predicate.as_str(),
                    cause,
                    format!("{doc}: {} -{}-> {object}", name(&r.subject), r.predicate),
                );
            }
        }
    }
    for k in gold_order {
        if gold_rel[&k] || seen.contains(&k) {
            continue;
        }
        let name = |id: &str| {
            gold_by_id
                .get(id)
                .map_or(id.to_string(), |e| e.name.clone())
        };
        let (subject, predicate, (is_object, target)) = &k;
        let object = if *is_object {
            name(target)
        } else {
            target.clone()
        };
        let subject_type = type_of(&gold_by_id, subject);
        let object_type = is_object.then(|| type_of(&gold_by_id, target));
        let cause = if !found.contains(subject.as_str()) {
            format!("{subject_type} not found")
        } else if *is_object && !found.contains(target.as_str()) {
            format!("{} not found", object_type.unwrap_or("entity"))
        } else if run_states.contains(&(subject.as_str(), *predicate)) {
            match object_type {
                Some(o) => format!("{subject_type} found, linked to another {o}"),
                None => format!("{subject_type} found, another value"),
            }
        } else {
            match object_type {
                Some(o) => format!("{subject_type} and {o} found, not linked"),
                None => format!("{subject_type} found, no {predicate}"),
            }
        };
        tally.fn_(
            predicate.as_str(),
            cause,
            format!("{doc}: {} -{predicate}-> {object}", name(subject)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(json: &str) -> Extraction {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn names_match_after_folding_and_optional_entities_do_not_count() {
        let gold = x(r#"{"doc":"a.txt","entities":[
            {"id":"let","type":"TerroristGroup","name":"Lashkar-e-Taiba","aliases":["LeT"]},
            {"id":"tb","type":"TerroristGroup","name":"Taliban","optional":true},
            {"id":"un","type":"Organization","name":"United Nations"}],"relations":[]}"#);
        let run = x(r#"{"doc":"dir/a.txt","entities":[
            {"id":"g1","type":"TerroristGroup","name":"Lashkar e Taiba"},
            {"id":"g2","type":"TerroristGroup","name":"Taliban"},
            {"id":"g3","type":"TerroristGroup","name":"Hamas"}],"relations":[]}"#);
        let r = score(&[gold], &[run]);
        let e: BTreeMap<_, _> = r.entities().into_iter().collect();
        assert_eq!(
            e["TerroristGroup"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            e["Organization"],
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            e["ALL"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
    }

    #[test]
    fn meetings_match_by_sides_and_agreeing_ordinals() {
        let gold = x(r#"{"doc":"a.txt","entities":[
            {"id":"m8","type":"Meeting","name":"8th"},{"id":"m9","type":"Meeting","name":"9th"},
            {"id":"in","type":"State","name":"India"},{"id":"uz","type":"State","name":"Uzbekistan"}],
          "relations":[
            {"subject":"m8","predicate":"participant","object":"in"},{"subject":"m8","predicate":"participant","object":"uz"},
            {"subject":"m8","predicate":"ordinal","value":"8"},
            {"subject":"m9","predicate":"participant","object":"in"},{"subject":"m9","predicate":"participant","object":"uz"},
            {"subject":"m9","predicate":"ordinal","value":"9"}]}"#);
        let run = x(r#"{"doc":"a.txt","entities":[
            {"id":"x","type":"Meeting","name":"ninth"},
            {"id":"s1","type":"State","name":"India"},{"id":"s2","type":"State","name":"Uzbekistan"}],
          "relations":[
            {"subject":"x","predicate":"participant","object":"s1"},{"subject":"x","predicate":"participant","object":"s2"},
            {"subject":"x","predicate":"ordinal","value":"9"}]}"#);
        let r = score(&[gold], &[run]);
        let e: BTreeMap<_, _> = r.entities().into_iter().collect();
        assert_eq!(
            e["Meeting"],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 1
            }
        );
        let rel: BTreeMap<_, _> = r.relations().into_iter().collect();
        assert_eq!(
            rel["ordinal"],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            rel["participant"],
            Counts {
                tp: 2,
                fp: 0,
                fn_: 2
            }
        );
    }

    #[test]
    fn zero_conventions_follow_the_scorer() {
        assert_eq!(
            Counts {
                tp: 0,
                fp: 0,
                fn_: 0
            }
            .prf(),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(
            Counts {
                tp: 0,
                fp: 0,
                fn_: 2
            }
            .prf(),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn errors_are_grouped_by_what_went_wrong() {
        let gold = x(r#"{"doc":"a.txt","entities":[
            {"id":"m15","type":"Meeting","name":"15th JWG"},{"id":"m16","type":"Meeting","name":"16th JWG"},
            {"id":"in","type":"State","name":"India"},{"id":"fr","type":"State","name":"France"},
            {"id":"jd","type":"Official","name":"Jean Dupont"},
            {"id":"mfa","type":"Ministry","name":"Ministry for Europe and Foreign Affairs"},
            {"id":"let","type":"TerroristGroup","name":"Lashkar-e-Taiba"}],
          "relations":[
            {"subject":"m15","predicate":"participant","object":"in"},{"subject":"m15","predicate":"participant","object":"fr"},
            {"subject":"m15","predicate":"ordinal","value":"15"},{"subject":"m15","predicate":"date","value":"2024-01-10"},
            {"subject":"m15","predicate":"ledBy","object":"jd"},{"subject":"m15","predicate":"mentions","object":"let"},
            {"subject":"jd","predicate":"memberOf","object":"mfa"},{"subject":"jd","predicate":"represents","object":"fr"},
            {"subject":"m16","predicate":"participant","object":"in"},{"subject":"m16","predicate":"participant","object":"fr"},
            {"subject":"m16","predicate":"ordinal","value":"16"}]}"#);
        // the 16th session is lost, the 15th's date too, the official's
        // ministry is found but not linked and his state is wrong, the
        // group is typed as an organisation
        let run = x(r#"{"doc":"a.txt","entities":[
            {"id":"m","type":"Meeting","name":"15th"},
            {"id":"s1","type":"State","name":"India"},{"id":"s2","type":"State","name":"France"},
            {"id":"o","type":"Official","name":"Jean Dupont"},
            {"id":"mi","type":"Ministry","name":"Ministry for Europe and Foreign Affairs"},
            {"id":"g","type":"Organization","name":"Lashkar-e-Taiba"}],
          "relations":[
            {"subject":"m","predicate":"participant","object":"s1"},{"subject":"m","predicate":"participant","object":"s2"},
            {"subject":"m","predicate":"ordinal","value":"15"},
            {"subject":"m","predicate":"ledBy","object":"o"},
            {"subject":"o","predicate":"represents","object":"s1"}]}"#);
        let classes = score(&[gold], &[run]).error_classes();
        let found: Vec<(&str, usize)> = classes
            .iter()
            .map(|c| (c.class.as_str(), c.items.len()))
            .collect();
        assert_eq!(
            found,
            [
                ("MISS relation participant: Meeting not found", 2),
                ("FP entity Organization: gold has it as TerroristGroup", 1),
                (
                    "FP relation represents: gold links the Official to another State",
                    1
                ),
                ("MISS entity Meeting: not found", 1),
                ("MISS entity TerroristGroup: found as Organization", 1),
                ("MISS relation date: Meeting found, no date", 1),
                (
                    "MISS relation memberOf: Official and Ministry found, not linked",
                    1
                ),
                ("MISS relation mentions: TerroristGroup not found", 1),
                ("MISS relation ordinal: Meeting not found", 1),
                (
                    "MISS relation represents: Official found, linked to another State",
                    1
                ),
            ]
        );
        assert_eq!(
            classes[0].items,
            [
                "a.txt: 16th JWG -participant-> India",
                "a.txt: 16th JWG -participant-> France"
            ]
        );
    }

    #[test]
    fn a_meeting_found_with_other_sides_is_told_from_one_not_found() {
        let gold = x(r#"{"doc":"a.txt","entities":[
            {"id":"m","type":"Meeting","name":"JWG"},
            {"id":"in","type":"State","name":"India"},{"id":"us","type":"State","name":"United States"}],
          "relations":[
            {"subject":"m","predicate":"participant","object":"in"},{"subject":"m","predicate":"participant","object":"us"}]}"#);
        let run = x(r#"{"doc":"a.txt","entities":[
            {"id":"x","type":"Meeting","name":"JWG"},{"id":"s","type":"State","name":"India"}],
          "relations":[{"subject":"x","predicate":"participant","object":"s"}]}"#);
        let classes: Vec<String> = score(&[gold], &[run])
            .error_classes()
            .into_iter()
            .map(|c| c.class)
            .collect();
        assert!(
            classes.contains(&format!("MISS entity Meeting: {MEETING_DIFFERS}")),
            "{classes:?}"
        );
        assert!(
            classes.contains(&format!("FP entity Meeting: {MEETING_DIFFERS}")),
            "{classes:?}"
        );
    }
}
