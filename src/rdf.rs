//! An [`Extraction`] and its document → RDF quads, all in the document's
//! named graph: the document node, every entity with its labels, types and
//! source, every relation, and a mention node (NIF) for every piece of
//! evidence, tied to the sentence it stands in.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::model::{Extraction, Predicate, Target};
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

/// The quads of one document. `extraction` must be the extraction of
/// `info.text` (its evidence offsets count in that text).
pub fn document_quads(
    info: &DocumentInfo<'_>,
    extraction: &Extraction,
    resolver: &Resolver,
) -> Vec<Quad> {
    let doc = NamedNode::new_unchecked(resolver.document(info.file_name));
    let graph = GraphName::NamedNode(doc.clone());
    let mut quads = Quads {
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
        quads.add(&node, ctkg("source"), doc.clone());
        for ev in &entity.evidence {
            let mention = char_node(&doc, ev.start, ev.end);
            quads.add(&mention, rdf::TYPE, ctkg("Mention"));
            quads.add(&mention, term(ns::ITSRDF, "taIdentRef"), node.clone());
            quads.add(&mention, term(ns::NIF, "referenceContext"), doc.clone());
            quads.add(
                &mention,
                term(ns::NIF, "beginIndex"),
                index_literal(ev.start),
            );
            quads.add(&mention, term(ns::NIF, "endIndex"), index_literal(ev.end));
            quads.add(
                &mention,
                term(ns::NIF, "anchorOf"),
                Literal::new_simple_literal(&ev.text),
            );
            // sentences are in text order: the last one starting at or before it
            let i = sentence_chars.partition_point(|&(s, _)| s <= ev.start);
            let within = i.checked_sub(1).filter(|&i| ev.end <= sentence_chars[i].1);
            if let Some(i) = within {
                let (s, e) = sentence_chars[i];
                quads.add(&mention, term(ns::NIF, "sentence"), char_node(&doc, s, e));
                sentences_used.insert(i);
            }
        }
    }
    for i in sentences_used {
        let (s, e) = sentence_chars[i];
        let node = char_node(&doc, s, e);
        quads.add(&node, rdf::TYPE, term(ns::NIF, "Sentence"));
        quads.add(&node, term(ns::NIF, "referenceContext"), doc.clone());
        quads.add(&node, term(ns::NIF, "beginIndex"), index_literal(s));
        quads.add(&node, term(ns::NIF, "endIndex"), index_literal(e));
        let text = &info.text[sentences[i].clone()];
        quads.add(
            &node,
            term(ns::NIF, "anchorOf"),
            Literal::new_simple_literal(text),
        );
    }

    // A dialogue's sides are the sides of its sessions.
    for session in extraction
        .relations
        .iter()
        .filter(|r| r.predicate == Predicate::SessionOf)
    {
        let Target::Object(dialogue) = &session.target else {
            continue;
        };
        let dialogue = NamedNode::new_unchecked(resolver.entity(dialogue));
        for side in extraction.objects(&session.subject, Predicate::Participant) {
            quads.add(
                &dialogue,
                ctkg("participant"),
                NamedNode::new_unchecked(resolver.entity(side)),
            );
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
        quads.add(&subject, predicate, object);
    }
    let mut seen = std::collections::HashSet::new();
    quads.out.retain(|q| seen.insert(q.clone()));
    quads.out
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
                },
                Relation {
                    subject: "meeting/FRA-IND/jwg-ct/15".into(),
                    predicate: Predicate::Ordinal,
                    target: Target::Value("15".into()),
                    optional: false,
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
