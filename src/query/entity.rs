//! What the store knows about one resource, for its page: its names and
//! types, its facts and the facts that point at it, and the evidence — the
//! quoted sentences of the documents that name it. Each part is one SPARQL
//! query with the resource bound as a parameter, run like any other query
//! (same prefixes, same deadline).

use std::time::Duration;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution};

use super::{Format, Param, QueryError, Request, TableOptions, evaluate, prepare, write};
use crate::store::Store;

/// A resource, with its label when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub iri: String,
    pub label: Option<String>,
}

/// The object of a fact: a resource or a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Resource(Resource),
    Literal {
        value: String,
        /// The datatype IRI, unless a plain string.
        datatype: Option<String>,
        language: Option<String>,
    },
}

/// One triple, with labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub subject: Resource,
    pub predicate: Resource,
    pub object: Value,
}

/// A sentence of a document that names the resource (or, with `fact`, that
/// a fact about it was read from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The document; its label is the file name.
    pub document: Resource,
    pub title: Option<String>,
    /// The document's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The words that name the resource, as written (empty for a fact's
    /// evidence, which is the whole sentence).
    pub quote: String,
    /// The sentence they stand in.
    pub sentence: Option<String>,
    /// Where the quote starts in the sentence, in characters.
    pub quote_at: Option<usize>,
    /// The fact this sentence was read into; `None` when it only names
    /// the resource.
    pub fact: Option<Fact>,
    /// The extraction rule that read the fact.
    pub rule: Option<String>,
}

/// Everything a resource's page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityView {
    pub iri: String,
    pub label: Option<String>,
    pub alt_labels: Vec<String>,
    pub types: Vec<Resource>,
    /// Facts with the resource as subject (labels, types and sources aside).
    pub facts: Vec<Fact>,
    /// Facts with the resource as object (evidence nodes aside).
    pub incoming: Vec<Fact>,
    /// Incoming facts left out past [`MAX_INCOMING`].
    pub incoming_left_out: usize,
    /// The documents the resource was read from.
    pub sources: Vec<Resource>,
    pub evidence: Vec<Evidence>,
}

/// The most incoming facts a page lists (a document is the source of
/// every entity read from it).
pub const MAX_INCOMING: usize = 500;

const PREFIXES: &str = "PREFIX ctkg: <https://w3id.org/ctkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX prov: <http://www.w3.org/ns/prov#>
";

/// What the resource says of itself: names, types, facts, sources.
const OUTGOING: &str = "SELECT ?p ?pLabel ?o ?oLabel WHERE {
  ?entity ?p ?o .
  OPTIONAL { ?p rdfs:label ?pLabel }
  OPTIONAL { ?o rdfs:label ?oLabel }
} ORDER BY ?p ?o";

/// The facts that point at the resource, without the evidence nodes
/// (mentions and their sentences), which the evidence query reads.
const INCOMING: &str = "SELECT ?s ?sLabel ?p ?pLabel WHERE {
  ?s ?p ?entity .
  FILTER NOT EXISTS { ?s a ctkg:Mention }
  FILTER NOT EXISTS { ?s a nif:Sentence }
  OPTIONAL { ?s rdfs:label ?sLabel }
  OPTIONAL { ?p rdfs:label ?pLabel }
} ORDER BY ?p ?s";

/// The evidence of a resource, in one query over the documents' graphs
/// (evidence lives only there): each row a quoted sentence of a document
/// and either the words in it that name the resource (its NIF mentions)
/// or the fact, with the resource as subject or object, that the sentence
/// was read into and the rule that read it (`ctkg:FactEvidence`).
const EVIDENCE: &str = "SELECT ?document ?fileName ?title ?date ?quote ?begin ?sentence ?sentenceBegin ?s ?p ?o ?rule WHERE {
  GRAPH ?document {
    {
      ?mention itsrdf:taIdentRef ?entity ; nif:anchorOf ?quote ; nif:beginIndex ?begin .
      OPTIONAL { ?mention nif:sentence ?read . ?read nif:anchorOf ?sentence ; nif:beginIndex ?sentenceBegin }
    } UNION {
      ?evidence rdf:subject ?entity ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                ctkg:rule ?rule ; prov:wasDerivedFrom ?read .
      ?read nif:anchorOf ?sentence ; nif:beginIndex ?sentenceBegin .
      BIND(?sentenceBegin AS ?begin)
    } UNION {
      ?evidence rdf:object ?entity ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                ctkg:rule ?rule ; prov:wasDerivedFrom ?read .
      ?read nif:anchorOf ?sentence ; nif:beginIndex ?sentenceBegin .
      BIND(?sentenceBegin AS ?begin)
    }
    OPTIONAL { ?document ctkg:fileName ?fileName }
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:issued ?date }
  }
} ORDER BY ?date ?fileName ?begin ?p LIMIT 2000";

/// The resource's own triples and those pointing at it, for RDF clients.
const GRAPH: &str = "CONSTRUCT { ?entity ?p ?o . ?s ?q ?entity } WHERE {
  { ?entity ?p ?o } UNION { ?s ?q ?entity FILTER NOT EXISTS { ?s a ctkg:Mention } }
}";

fn rows(
    store: &Store,
    name: &str,
    query: &str,
    iri: &str,
    timeout: Option<Duration>,
) -> Result<Vec<QuerySolution>, QueryError> {
    let request = Request::text(
        format!("{PREFIXES}{query}"),
        format!("the page of <{iri}> ({name})"),
        vec![Param {
            key: "entity".into(),
            value: format!("<{iri}>"),
        }],
    );
    let evaluation = evaluate(store, &prepare(&request)?, timeout)?;
    let source_name = evaluation.source_name.clone();
    let QueryResults::Solutions(solutions) = evaluation.results else {
        unreachable!("the page's queries are SELECTs")
    };
    solutions
        .map(|s| s.map_err(|e| super::Evaluation::map_error(&source_name, evaluation.timeout, e)))
        .collect()
}

fn literal(solution: &QuerySolution, var: &str) -> Option<String> {
    match solution.get(var) {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        _ => None,
    }
}

fn resource(solution: &QuerySolution, var: &str, label: &str) -> Option<Resource> {
    match solution.get(var) {
        Some(Term::NamedNode(n)) => Some(Resource {
            iri: n.as_str().to_string(),
            label: literal(solution, label),
        }),
        _ => None,
    }
}

fn value(solution: &QuerySolution, var: &str, label: &str) -> Option<Value> {
    match solution.get(var)? {
        Term::Literal(l) => Some(Value::Literal {
            value: l.value().to_string(),
            datatype: (l.language().is_none()
                && l.datatype() != oxigraph::model::vocab::xsd::STRING)
                .then(|| l.datatype().as_str().to_string()),
            language: l.language().map(str::to_string),
        }),
        Term::NamedNode(_) => resource(solution, var, label).map(Value::Resource),
        _ => None,
    }
}

/// Rows come once per label of a neighbour; keep the first of each triple.
fn dedup(facts: &mut Vec<Fact>) {
    let mut seen = std::collections::HashSet::new();
    facts.retain(|f| {
        seen.insert((
            f.subject.iri.clone(),
            f.predicate.iri.clone(),
            f.object.clone_key(),
        ))
    });
}

impl Value {
    fn clone_key(&self) -> String {
        match self {
            Value::Resource(r) => format!("<{}>", r.iri),
            Value::Literal {
                value,
                datatype,
                language,
            } => format!("{value:?}^^{datatype:?}@{language:?}"),
        }
    }
}

/// What the store knows about `iri`; `None` when no triple names it.
pub fn describe_entity(
    store: &Store,
    iri: &str,
    timeout: Option<Duration>,
) -> Result<Option<EntityView>, QueryError> {
    let rdf_type = oxigraph::model::vocab::rdf::TYPE.as_str();
    let rdfs_label = oxigraph::model::vocab::rdfs::LABEL.as_str();
    let alt_label = format!("{}altLabel", crate::vocab::SKOS);
    let source = crate::vocab::ctkg("source");
    let this = Resource {
        iri: iri.to_string(),
        label: None,
    };
    let mut view = EntityView {
        iri: iri.to_string(),
        label: None,
        alt_labels: Vec::new(),
        types: Vec::new(),
        facts: Vec::new(),
        incoming: Vec::new(),
        incoming_left_out: 0,
        sources: Vec::new(),
        evidence: Vec::new(),
    };
    let outgoing = rows(store, "facts", OUTGOING, iri, timeout)?;
    for row in &outgoing {
        let (Some(p), Some(o)) = (resource(row, "p", "pLabel"), value(row, "o", "oLabel")) else {
            continue;
        };
        match (p.iri.as_str(), &o) {
            (p, Value::Literal { value, .. }) if p == rdfs_label => {
                view.label.get_or_insert_with(|| value.clone());
            }
            (p, Value::Literal { value, .. }) if p == alt_label => {
                if !view.alt_labels.contains(value) {
                    view.alt_labels.push(value.clone());
                }
            }
            (p, Value::Resource(class)) if p == rdf_type => {
                if !view.types.iter().any(|t| t.iri == class.iri) {
                    view.types.push(class.clone());
                }
            }
            (p, Value::Resource(doc)) if p == source.as_str() => {
                if !view.sources.iter().any(|d| d.iri == doc.iri) {
                    view.sources.push(doc.clone());
                }
            }
            _ => view.facts.push(Fact {
                subject: this.clone(),
                predicate: p,
                object: o,
            }),
        }
    }
    dedup(&mut view.facts);
    let incoming = rows(store, "incoming facts", INCOMING, iri, timeout)?;
    for row in &incoming {
        if let (Some(s), Some(p)) = (resource(row, "s", "sLabel"), resource(row, "p", "pLabel")) {
            view.incoming.push(Fact {
                subject: s,
                predicate: p,
                object: Value::Resource(this.clone()),
            });
        }
    }
    dedup(&mut view.incoming);
    if view.incoming.len() > MAX_INCOMING {
        view.incoming_left_out = view.incoming.len() - MAX_INCOMING;
        view.incoming.truncate(MAX_INCOMING);
    }
    if outgoing.is_empty() && incoming.is_empty() {
        return Ok(None);
    }
    let label = view.label.clone();
    for fact in view.incoming.iter_mut() {
        if let Value::Resource(r) = &mut fact.object {
            r.label = label.clone();
        }
    }
    for fact in view.facts.iter_mut() {
        fact.subject.label = label.clone();
    }
    for doc in view.sources.iter_mut() {
        // a document's label is its file name
        if doc.label.is_none() {
            doc.label = file_name(store, &doc.iri, timeout)?;
        }
    }
    for row in rows(store, "evidence", EVIDENCE, iri, timeout)? {
        let Some(document) = resource(&row, "document", "fileName") else {
            continue;
        };
        let quote = literal(&row, "quote");
        let fact = match (
            resource(&row, "s", "sLabel"),
            resource(&row, "p", "pLabel"),
            value(&row, "o", "oLabel"),
        ) {
            (Some(s), Some(p), Some(o)) => Some(labelled(&view, s, p, o)),
            _ => None,
        };
        let evidence = Evidence {
            document,
            title: literal(&row, "title"),
            date: literal(&row, "date"),
            quote: quote.unwrap_or_default(),
            sentence: literal(&row, "sentence"),
            quote_at: match (literal(&row, "begin"), literal(&row, "sentenceBegin")) {
                (Some(b), Some(s)) => b
                    .parse::<usize>()
                    .ok()
                    .zip(s.parse::<usize>().ok())
                    .and_then(|(b, s)| b.checked_sub(s)),
                _ => None,
            },
            fact,
            rule: literal(&row, "rule"),
        };
        if !view.evidence.contains(&evidence) {
            view.evidence.push(evidence);
        }
    }
    Ok(Some(view))
}

/// A fact with the labels the page already knows.
fn labelled(view: &EntityView, mut s: Resource, mut p: Resource, mut o: Value) -> Fact {
    let this = view.label.clone();
    let known = view
        .facts
        .iter()
        .chain(&view.incoming)
        .flat_map(|f| {
            let object = match &f.object {
                Value::Resource(r) => Some(r),
                Value::Literal { .. } => None,
            };
            [Some(&f.subject), Some(&f.predicate), object]
        })
        .flatten();
    let fill = |r: &mut Resource| {
        if r.iri == view.iri {
            r.label = this.clone();
        }
    };
    fill(&mut s);
    if let Value::Resource(r) = &mut o {
        fill(r);
    }
    for k in known {
        for r in [
            Some(&mut s),
            Some(&mut p),
            match &mut o {
                Value::Resource(r) => Some(r),
                Value::Literal { .. } => None,
            },
        ]
        .into_iter()
        .flatten()
        {
            if r.iri == k.iri && r.label.is_none() {
                r.label = k.label.clone();
            }
        }
    }
    Fact {
        subject: s,
        predicate: p,
        object: o,
    }
}

fn file_name(
    store: &Store,
    document: &str,
    timeout: Option<Duration>,
) -> Result<Option<String>, QueryError> {
    let query = "SELECT ?name WHERE { ?entity ctkg:fileName ?name } LIMIT 1";
    Ok(rows(store, "file name", query, document, timeout)?
        .first()
        .and_then(|row| literal(row, "name")))
}

/// Whether any triple names `iri` (as subject or object).
pub fn entity_exists(
    store: &Store,
    iri: &str,
    timeout: Option<Duration>,
) -> Result<bool, QueryError> {
    let request = Request::text(
        format!("{PREFIXES}ASK {{ {{ ?entity ?p ?o }} UNION {{ ?s ?p ?entity }} }}"),
        format!("the page of <{iri}>"),
        vec![Param {
            key: "entity".into(),
            value: format!("<{iri}>"),
        }],
    );
    let evaluation = evaluate(store, &prepare(&request)?, timeout)?;
    Ok(matches!(evaluation.results, QueryResults::Boolean(true)))
}

/// Writes the triples of `iri` and those pointing at it in a graph format;
/// returns how many were written.
pub fn entity_graph(
    store: &Store,
    iri: &str,
    format: Format,
    out: &mut dyn std::io::Write,
    timeout: Option<Duration>,
) -> Result<usize, QueryError> {
    let request = Request::text(
        format!("{PREFIXES}{GRAPH}"),
        format!("the graph of <{iri}>"),
        vec![Param {
            key: "entity".into(),
            value: format!("<{iri}>"),
        }],
    );
    let evaluation = evaluate(store, &prepare(&request)?, timeout)?;
    Ok(write(evaluation, format, out, &TableOptions::default())?.rows)
}
