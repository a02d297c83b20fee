//! An [`Extraction`] and its document → RDF quads, all in the document's
//! named graph, in two kinds ([`DocumentQuads`]):
//! - **facts**: the document node, every entity with its labels, types and
//!   source, every relation as a plain triple. The store also merges them
//!   into the default graph.
//! - **evidence**: a mention node (NIF) for every piece of an entity's
//!   evidence, tied to the sentence it stands in; a sentence node for every
//!   sentence evidence points into; and for every relation, a fact-evidence
//!   node per rule that read it (`ctkg:FactEvidence`, an `rdf:Statement`
//!   with `rdf:subject`, `rdf:predicate`, `rdf:object`, `ctkg:rule` and
//!   `prov:wasDerivedFrom` its sentences). Evidence stays in the document's
//!   graph: every evidence node is named under the document's IRI
//!   (`<doc>#char=..`, `<doc>#fact-..`), so no two documents share one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::model::{Evidence, Extraction, Predicate, Relation, Target};
use crate::resolve::Resolver;
use crate::text::CharOffsets;
use crate::vocab::{self as ns, ctkg};

fn term(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// What is known about a document besides its text.
#[derive(Debug, Clone)]
pub struct DocumentInfo<'a> {
    pub file_name: &'a str,
    pub text: &'a str,
    pub sha256: &'a str,
    pub date: Option<NaiveDate>,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    /// Identifies the extractor that read it (version, lexicons, base).
    pub extractor: &'a str,
}

/// Identifies what turns a document into quads: ctkg's version, a digest of
/// the code, lexicons and ontology that read and map it (made at build
/// time), the base IRI, and the document's own metadata (its date anchors
/// relative dates). A document stored under another id is read again.
pub fn reader_id(
    resolver: &Resolver,
    date: Option<NaiveDate>,
    title: Option<&str>,
    source: Option<&str>,
) -> String {
    let metadata = crate::text::sha256_hex(format!("{date:?}|{title:?}|{source:?}").as_bytes());
    format!(
        "ctkg {}; reader {}; base {}; metadata {}",
        env!("CARGO_PKG_VERSION"),
        env!("CTKG_READER_DIGEST"),
        resolver.base(),
        &metadata[..12]
    )
}

/// One document's quads, all in its named graph.
#[derive(Debug, Clone, Default)]
pub struct DocumentQuads {
    /// What the document says: merged into the default graph too.
    pub facts: Vec<Quad>,
    /// Where it says it: mentions, sentences, fact evidence. Only in the
    /// document's graph.
    pub evidence: Vec<Quad>,
}

impl DocumentQuads {
    pub fn len(&self) -> usize {
        self.facts.len() + self.evidence.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Facts, then evidence.
    pub fn iter(&self) -> impl Iterator<Item = &Quad> {
        self.facts.iter().chain(&self.evidence)
    }
}

/// The quads of one document. `extraction` must be the extraction of
/// `info.text` (its evidence offsets count in that text).
pub fn document_quads(
    info: &DocumentInfo<'_>,
    extraction: &Extraction,
    resolver: &Resolver,
) -> DocumentQuads {
    let doc = NamedNode::new_unchecked(resolver.document(info.file_name));
    let graph = GraphName::NamedNode(doc.clone());
    let mut quads = Quads {
        graph: graph.clone(),
        out: Vec::new(),
    };
    let mut evidence = Quads {
        graph,
        out: Vec::new(),
    };

    quads.add(&doc, rdf::TYPE, ctkg("Document"));
    quads.add(
        &doc,
        ctkg("fileName"),
        Literal::new_simple_literal(info.file_name),
    );
    quads.add(
        &doc,
        ctkg("sha256"),
        Literal::new_simple_literal(info.sha256),
    );
    quads.add(
        &doc,
        ctkg("extractor"),
        Literal::new_simple_literal(info.extractor),
    );
    if let Some(date) = info.date {
        quads.add(&doc, term(ns::DCTERMS, "issued"), date_literal(date));
    }
    if let Some(title) = info.title {
        quads.add(
            &doc,
            term(ns::DCTERMS, "title"),
            Literal::new_simple_literal(title),
        );
    }
    if let Some(source) = info.source {
        let object: Term = match NamedNode::new(source) {
            Ok(iri) if source.contains("://") => iri.into(),
            _ => Literal::new_simple_literal(source).into(),
        };
        quads.add(&doc, term(ns::DCTERMS, "source"), object);
    }

    // the sentences extraction used, so evidence points into the same ones
    let sentences =
        crate::dates::statement_sentences(info.text, crate::dates::dateline(info.text).as_ref());
    let offsets = CharOffsets::new(info.text);
    let sentence_chars: Vec<(usize, usize)> = sentences
        .iter()
        .map(|r| (offsets.char_offset(r.start), offsets.char_offset(r.end)))
        .collect();
    let mut sentences_used = BTreeSet::new();

    for entity in &extraction.entities {
        let node = NamedNode::new_unchecked(resolver.entity(&entity.id));
        quads.add(&node, rdf::TYPE, ctkg(entity.kind.as_str()));
        quads.add(
            &node,
            rdfs::LABEL,
            Literal::new_simple_literal(&entity.name),
        );
        for alias in &entity.aliases {
            quads.add(
                &node,
                term(ns::SKOS, "altLabel"),
                Literal::new_simple_literal(alias),
            );
        }
        // every name folded, so queries find an entity by any spelling of
        // any of its names with one index lookup
        let keys: BTreeSet<String> = std::iter::once(&entity.name)
            .chain(&entity.aliases)
            .map(|n| crate::text::fold(n))
            .filter(|k| !k.is_empty())
            .collect();
        for key in keys {
            quads.add(
                &node,
                term(ns::SKOS, "hiddenLabel"),
                Literal::new_simple_literal(key),
            );
        }
        quads.add(&node, ctkg("source"), doc.clone());
        for ev in &entity.evidence {
            let mention = char_node(&doc, ev.start, ev.end);
            evidence.add(&mention, rdf::TYPE, ctkg("Mention"));
            evidence.add(&mention, term(ns::ITSRDF, "taIdentRef"), node.clone());
            evidence.add(&mention, term(ns::NIF, "referenceContext"), doc.clone());
            evidence.add(
                &mention,
                term(ns::NIF, "beginIndex"),
                index_literal(ev.start),
            );
            evidence.add(&mention, term(ns::NIF, "endIndex"), index_literal(ev.end));
            evidence.add(
                &mention,
                term(ns::NIF, "anchorOf"),
                Literal::new_simple_literal(&ev.text),
            );
            // sentences are in text order: the last one starting at or before it
            let i = sentence_chars.partition_point(|&(s, _)| s <= ev.start);
            let within = i.checked_sub(1).filter(|&i| ev.end <= sentence_chars[i].1);
            if let Some(i) = within {
                let (s, e) = sentence_chars[i];
                evidence.add(&mention, term(ns::NIF, "sentence"), char_node(&doc, s, e));
                sentences_used.insert(i);
            }
        }
    }

    let mut fact_evidence = FactEvidence {
        doc: &doc,
        sentence_chars: &sentence_chars,
        sentences_used: &mut sentences_used,
        out: &mut evidence,
    };
    // A dialogue's sides are the sides of its sessions, read where those are.
    for session in extraction
        .relations
        .iter()
        .filter(|r| r.predicate == Predicate::SessionOf)
    {
        let Target::Object(dialogue) = &session.target else {
            continue;
        };
        let dialogue = NamedNode::new_unchecked(resolver.entity(dialogue));
        for sides in extraction
            .relations
            .iter()
            .filter(|r| r.subject == session.subject && r.predicate == Predicate::Participant)
        {
            let Target::Object(side) = &sides.target else {
                continue;
            };
            let side: Term = NamedNode::new_unchecked(resolver.entity(side)).into();
            quads.add(&dialogue, ctkg("participant"), side.clone());
            fact_evidence.add(&dialogue, &ctkg("participant"), &side, sides);
        }
    }
    for relation in &extraction.relations {
        let subject = NamedNode::new_unchecked(resolver.entity(&relation.subject));
        let predicate = ctkg(relation.predicate.as_str());
        let object: Term = match &relation.target {
            Target::Object(o) => NamedNode::new_unchecked(resolver.entity(o)).into(),
            Target::Value(v) => value_literal(relation.predicate, v),
        };
        if relation.predicate.is_mention() && relation.predicate != Predicate::Mentions {
            quads.add(&subject, ctkg("mentions"), object.clone());
        }
        fact_evidence.add(&subject, &predicate, &object, relation);
        quads.add(&subject, predicate, object);
    }

    for &i in &sentences_used {
        let (s, e) = sentence_chars[i];
        let node = char_node(&doc, s, e);
        evidence.add(&node, rdf::TYPE, term(ns::NIF, "Sentence"));
        evidence.add(&node, term(ns::NIF, "referenceContext"), doc.clone());
        evidence.add(&node, term(ns::NIF, "beginIndex"), index_literal(s));
        evidence.add(&node, term(ns::NIF, "endIndex"), index_literal(e));
        let text = &info.text[sentences[i].clone()];
        evidence.add(
            &node,
            term(ns::NIF, "anchorOf"),
            Literal::new_simple_literal(text),
        );
    }
    DocumentQuads {
        facts: quads.distinct(),
        evidence: evidence.distinct(),
    }
}

/// Writes the evidence of facts: one `ctkg:FactEvidence` node per fact and
/// rule, linked to the sentences the rule read it from.
struct FactEvidence<'a> {
    doc: &'a NamedNode,
    /// Sentences of the document, in chars.
    sentence_chars: &'a [(usize, usize)],
    sentences_used: &'a mut BTreeSet<usize>,
    out: &'a mut Quads,
}

impl FactEvidence<'_> {
    /// The evidence of the triple `s p o`, as `relation` (the relation it
    /// was read as) gives it.
    fn add(&mut self, s: &NamedNode, p: &NamedNode, o: &Term, relation: &Relation) {
        let mut by_rule: BTreeMap<Option<&str>, Vec<&Evidence>> = BTreeMap::new();
        for ev in &relation.evidence {
            let rule = ev.rule.as_deref().or(relation.rule.as_deref());
            by_rule.entry(rule).or_default().push(ev);
        }
        for (rule, spans) in by_rule {
            // a pure function of the statement and the rule: rebuilding
            // gives the same node
            let key = format!("{s} {p} {o} {}", rule.unwrap_or_default());
            let digest = crate::text::sha256_hex(key.as_bytes());
            let node =
                NamedNode::new_unchecked(format!("{}#fact-{}", self.doc.as_str(), &digest[..16]));
            self.out.add(&node, rdf::TYPE, ctkg("FactEvidence"));
            self.out.add(&node, rdf::SUBJECT, s.clone());
            self.out.add(&node, rdf::PREDICATE, p.clone());
            self.out.add(&node, rdf::OBJECT, o.clone());
            if let Some(rule) = rule {
                self.out
                    .add(&node, ctkg("rule"), Literal::new_simple_literal(rule));
            }
            for ev in spans {
                for (i, &(start, end)) in self.sentence_chars.iter().enumerate() {
                    if start < ev.end && ev.start < end {
                        self.out.add(
                            &node,
                            term(ns::PROV, "wasDerivedFrom"),
                            char_node(self.doc, start, end),
                        );
                        self.sentences_used.insert(i);
                    }
                }
            }
        }
    }
}

struct Quads {
    graph: GraphName,
    out: Vec<Quad>,
}

impl Quads {
    fn add(&mut self, s: &NamedNode, p: impl Into<NamedNode>, o: impl Into<Term>) {
        self.out.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p.into(),
            o.into(),
            self.graph.clone(),
        ));
    }

    /// The quads, each once, in the order first added.
    fn distinct(self) -> Vec<Quad> {
        let mut seen = std::collections::HashSet::new();
        let mut out = self.out;
        out.retain(|q| seen.insert(q.clone()));
        out
    }
}

/// `<doc>#char=12,30`: a span of a document, named the NIF way (RFC 5147).
fn char_node(doc: &NamedNode, start: usize, end: usize) -> NamedNode {
    NamedNode::new_unchecked(format!("{}#char={start},{end}", doc.as_str()))
}

fn index_literal(i: usize) -> Literal {
    Literal::new_typed_literal(i.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

fn date_literal(d: NaiveDate) -> Literal {
    Literal::new_typed_literal(d.to_string(), xsd::DATE)
}

/// A relation's literal, typed by the ontology's range of its predicate.
fn value_literal(predicate: Predicate, value: &str) -> Term {
    let datatype = match predicate {
        Predicate::Date | Predicate::EndDate => Some(xsd::DATE),
        Predicate::Ordinal => Some(xsd::INTEGER),
        Predicate::Virtual => Some(xsd::BOOLEAN),
        _ => None,
    };
    match datatype {
        Some(dt) => Literal::new_typed_literal(value, dt).into(),
        None => Literal::new_simple_literal(value).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityType, Evidence, Relation};

    fn sample() -> Extraction {
        Extraction {
            doc: "a.txt".into(),
            entities: vec![
                Entity {
                    id: "meeting/FRA-IND/jwg-ct/15".into(),
                    kind: EntityType::Meeting,
                    name: "15th France-India JWG".into(),
                    aliases: vec![],
                    evidence: vec![],
                    optional: false,
                },
                Entity {
                    id: "group/lashkar-e-taiba".into(),
                    kind: EntityType::TerroristGroup,
                    name: "Lashkar-e-Taiba".into(),
                    aliases: vec!["LeT".into()],
                    evidence: vec![Evidence {
                        start: 8,
                        end: 11,
                        text: "LeT".into(),
                        rule: None,
                    }],
                    optional: false,
                },
            ],
            relations: vec![
                Relation {
                    subject: "meeting/FRA-IND/jwg-ct/15".into(),
                    predicate: Predicate::CallsForActionAgainst,
                    target: Target::Object("group/lashkar-e-taiba".into()),
                    optional: false,
                    rule: Some("cue-before-mention".into()),
                    evidence: vec![Evidence {
                        start: 0,
                        end: 12,
                        text: "Against LeT.".into(),
                        rule: Some("cue-before-mention".into()),
                    }],
                },
                Relation {
                    subject: "meeting/FRA-IND/jwg-ct/15".into(),
                    predicate: Predicate::Ordinal,
                    target: Target::Value("15".into()),
                    optional: false,
                    rule: None,
                    evidence: vec![],
                },
            ],
        }
    }

    fn info(text: &str) -> DocumentInfo<'_> {
        DocumentInfo {
            file_name: "a.txt",
            text,
            sha256: "00",
            date: None,
            title: None,
            source: Some("https://example.org/a"),
            extractor: "test",
        }
    }

    #[test]
    fn a_sub_property_also_asserts_mentions_and_literals_are_typed() {
        let quads = document_quads(&info("Against LeT."), &sample(), &Resolver::default());
        let has = |p: &str, o: &str| {
            quads
                .iter()
                .any(|q| q.predicate.as_str().ends_with(p) && q.object.to_string() == o)
        };
        let let_iri = "<https://w3id.org/ctkg/id/group/lashkar-e-taiba>";
        assert!(has("#callsForActionAgainst", let_iri));
        assert!(has("#mentions", let_iri));
        assert!(has(
            "#ordinal",
            "\"15\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        ));
        assert!(
            quads
                .iter()
                .all(|q| q.graph_name.to_string() == "<https://w3id.org/ctkg/id/doc/a-txt>")
        );
    }

    #[test]
    fn a_relation_gets_a_fact_evidence_node_only_in_the_documents_graph() {
        let quads = document_quads(&info("Against LeT."), &sample(), &Resolver::default());
        let node = quads
            .evidence
            .iter()
            .find(|q| q.object.to_string() == "<https://w3id.org/ctkg/ontology#FactEvidence>")
            .map(|q| q.subject.to_string())
            .expect("a fact-evidence node");
        assert!(node.starts_with("<https://w3id.org/ctkg/id/doc/a-txt#fact-"));
        let about = |p: &str| -> Vec<String> {
            quads
                .evidence
                .iter()
                .filter(|q| q.subject.to_string() == node && q.predicate.as_str().ends_with(p))
                .map(|q| q.object.to_string())
                .collect()
        };
        assert_eq!(
            about("#subject"),
            ["<https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15>"]
        );
        assert_eq!(
            about("#predicate"),
            ["<https://w3id.org/ctkg/ontology#callsForActionAgainst>"]
        );
        assert_eq!(
            about("#object"),
            ["<https://w3id.org/ctkg/id/group/lashkar-e-taiba>"]
        );
        assert_eq!(about("#rule"), ["\"cue-before-mention\""]);
        assert_eq!(
            about("wasDerivedFrom"),
            ["<https://w3id.org/ctkg/id/doc/a-txt#char=0,12>"]
        );
        // the fact itself is a plain triple among the facts; no evidence is
        assert!(
            quads
                .facts
                .iter()
                .any(|q| q.predicate.as_str().ends_with("#callsForActionAgainst"))
        );
        assert!(
            !quads
                .facts
                .iter()
                .any(|q| q.subject.to_string().contains('#'))
        );
        // the ordinal, read without evidence, has none
        assert!(
            !quads
                .evidence
                .iter()
                .any(|q| q.object.to_string().contains("#ordinal"))
        );
    }

    #[test]
    fn evidence_becomes_a_mention_in_its_sentence() {
        let quads = document_quads(&info("Against LeT."), &sample(), &Resolver::default());
        let mention = "<https://w3id.org/ctkg/id/doc/a-txt#char=8,11>";
        assert!(quads.iter().any(|q| q.subject.to_string() == mention
            && q.predicate.as_str().ends_with("#sentence")
            && q.object.to_string() == "<https://w3id.org/ctkg/id/doc/a-txt#char=0,12>"));
        assert!(quads.iter().any(|q| q.subject.to_string()
            == "<https://w3id.org/ctkg/id/doc/a-txt#char=0,12>"
            && q.object.to_string() == "\"Against LeT.\""));
    }
}
