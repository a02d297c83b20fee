//! The RDF formats: Turtle, N-Triples and RDF/XML of the facts, N-Quads and
//! TriG of every named graph, streamed from the store through oxigraph's
//! serializers; JSON-LD through `jsonld`; canonical N-Quads (RDFC-1.0)
//! through sophia, which needs the whole dataset in memory.

use std::collections::HashSet;
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, Literal, Quad, Term, Triple};
use sophia::api::prelude::*;
use sophia::api::quad::Spog;
use sophia::api::term::SimpleTerm;

use super::source::Source;
use super::xml;
use super::{ExportError, Format, Summary, jsonld};
use crate::vocab::PREFIXES;

pub fn write(
    source: &Source<'_>,
    format: Format,
    canonical: bool,
    out: &mut dyn Write,
) -> Result<Summary, ExportError> {
    if canonical {
        return write_canonical(source, format, out);
    }
    let (rdf_format, dataset) = match format {
        Format::Ttl => (RdfFormat::Turtle, false),
        Format::Nt => (RdfFormat::NTriples, false),
        Format::Rdfxml => (RdfFormat::RdfXml, false),
        Format::Nq => (RdfFormat::NQuads, true),
        Format::Trig => (RdfFormat::TriG, true),
        Format::Jsonld => {
            let statements = jsonld::write(source, out)?;
            return Ok(Summary {
                statements,
                ..Summary::default()
            });
        }
        other => unreachable!("{other:?} is not an RDF format"),
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    if matches!(
        rdf_format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        // resources' IRIs are written whole: as `id:` names their slashes
        // would need escaping (`id:state\/IND`)
        for (prefix, iri) in PREFIXES.iter().filter(|(p, _)| *p != "id") {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .expect("ctkg's prefixes are valid IRIs");
        }
    }
    let mut writer = serializer.for_writer(&mut *out);
    let mut summary = Summary::default();
    // the store gives each subject's statements together; within one, they
    // are written type first, then name, then by property, for people
    let mut group: Vec<Quad> = Vec::new();
    let xml_only = rdf_format == RdfFormat::RdfXml;
    let mut flush = |group: &mut Vec<Quad>, replaced: &mut usize| -> Result<(), ExportError> {
        group.sort_by(|a, b| statement_order(a).cmp(&statement_order(b)));
        for q in group.drain(..) {
            if dataset {
                writer.serialize_quad(&q)?;
            } else if xml_only {
                writer.serialize_triple(&xml_safe(Triple::from(q), replaced))?;
            } else {
                writer.serialize_triple(&Triple::from(q))?;
            }
        }
        Ok(())
    };
    let mut add = |q: Quad, summary: &mut Summary| -> Result<(), ExportError> {
        summary.statements += 1;
        if group
            .first()
            .is_some_and(|g| g.subject != q.subject || g.graph_name != q.graph_name)
        {
            flush(&mut group, &mut summary.replaced)?;
        }
        group.push(q);
        Ok(())
    };
    if dataset {
        source.for_each_quad(|q| add(q, &mut summary))?;
    } else {
        source.for_each_triple(|t| add(t.in_graph(GraphName::DefaultGraph), &mut summary))?;
    }
    flush(&mut group, &mut summary.replaced)?;
    writer.finish()?.flush()?;
    Ok(summary)
}

/// `rdf:type` first, then `rdfs:label`, then by property and value.
fn statement_order(q: &Quad) -> (u8, &str, String) {
    let rank = match q.predicate.as_ref() {
        p if p == rdf::TYPE => 0,
        p if p == rdfs::LABEL => 1,
        _ => 2,
    };
    (rank, q.predicate.as_str(), q.object.to_string())
}

/// A triple whose literal XML 1.0 can carry (RDF/XML).
fn xml_safe(t: Triple, replaced: &mut usize) -> Triple {
    let Term::Literal(l) = &t.object else {
        return t;
    };
    let count = l.value().chars().filter(|c| !xml::allowed(*c)).count();
    *replaced += count;
    let safe: String = l
        .value()
        .chars()
        .map(|c| if xml::allowed(c) { c } else { '\u{FFFD}' })
        .collect();
    if count == 0 {
        return t;
    }
    let object = if let Some(language) = l.language() {
        Literal::new_language_tagged_literal_unchecked(safe, language)
    } else {
        Literal::new_typed_literal(safe, l.datatype())
    };
    Triple::new(t.subject, t.predicate, object)
}

/// RDFC-1.0 canonical N-Quads of every named graph (nq) or of the facts
/// (nt: the same lines without a graph name).
fn write_canonical(
    source: &Source<'_>,
    format: Format,
    out: &mut dyn Write,
) -> Result<Summary, ExportError> {
    let mut nquads = Vec::new();
    let mut summary = Summary::default();
    {
        let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut nquads);
        let mut add = |q: Quad| -> Result<(), ExportError> {
            summary.statements += 1;
            writer.serialize_quad(&q)?;
            Ok(())
        };
        if format == Format::Nq {
            source.for_each_quad(&mut add)?;
        } else {
            source
                .for_each_triple(|t| add(t.in_graph(oxigraph::model::GraphName::DefaultGraph)))?;
        }
        writer.finish()?;
    }
    let text = String::from_utf8(nquads).map_err(|e| ExportError::Canonical(e.to_string()))?;
    let dataset: HashSet<Spog<SimpleTerm<'static>>> = sophia::turtle::parser::nq::parse_str(&text)
        .collect_quads()
        .map_err(|e| ExportError::Canonical(e.to_string()))?;
    drop(text);
    sophia::c14n::rdfc10::normalize(&dataset, &mut *out)
        .map_err(|e| ExportError::Canonical(e.to_string()))?;
    out.flush()?;
    Ok(summary)
}
