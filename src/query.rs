//! SPARQL over the store: parsing with ctkg's prefixes, the merged default
//! graph, named queries (`queries/*.rq`) and their
//! parameters, and writing results in the SPARQL results formats, RDF
//! formats or a table for people.

use std::io::Write;
use std::sync::LazyLock;

use regex::Regex;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use spargebra::SparqlParser;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;

use crate::store::{Store, StoreError};
use crate::vocab::PREFIXES;

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An aligned table, for people.
    Table,
    Csv,
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// Turtle (CONSTRUCT and DESCRIBE).
    Ttl,
    /// N-Triples (CONSTRUCT and DESCRIBE).
    Nt,
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{source_name}: SPARQL syntax error: {message}")]
    Syntax {
        source_name: String,
        message: String,
    },
    #[error("no named query {0:?} (see `ctkg queries`)")]
    UnknownName(String),
    #[error("{0}")]
    Parameter(String),
    #[error("--format {format:?} does not fit a {kind} query (use {fits})")]
    FormatMismatch {
        format: Format,
        kind: &'static str,
        fits: &'static str,
    },
    #[error("{source_name}: {source}")]
    Store {
        source_name: String,
        #[source]
        source: StoreError,
    },
    #[error("writing results: {0}")]
    Write(#[from] std::io::Error),
}

impl QueryError {
    /// Errors in what the user asked (exit code 2), not in running it.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            QueryError::Syntax { .. }
                | QueryError::UnknownName(_)
                | QueryError::Parameter(_)
                | QueryError::FormatMismatch { .. }
        )
    }
}

/// A query shipped in `queries/`, with its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    pub name: &'static str,
    /// The first comment line.
    pub description: String,
    /// `# param NAME: description` lines.
    pub params: Vec<(String, String)>,
    pub text: &'static str,
}

macro_rules! named {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../queries/", $name, ".rq")))),*]
    };
}

/// The files of `queries/`, compiled in (a test keeps this list and the
/// folder in step).
pub const NAMED_QUERY_FILES: &[(&str, &str)] = named![
    "meetings-timeline",
    "partner-history",
    "leaders-by-state",
    "groups-named",
    "resolutions-and-conferences",
    "entity-evidence",
    "groups-named-together",
    "partners-per-year",
    "dialogues",
    "documents",
];

pub fn named_queries() -> Vec<NamedQuery> {
    NAMED_QUERY_FILES
        .iter()
        .map(|(name, text)| {
            let header: Vec<&str> = text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .map(|l| l.trim_start_matches('#').trim())
                .collect();
            let params = header
                .iter()
                .filter_map(|l| l.strip_prefix("param "))
                .filter_map(|p| p.split_once(':'))
                .map(|(n, d)| (n.trim().to_string(), d.trim().to_string()))
                .collect();
            NamedQuery {
                name,
                description: header.first().copied().unwrap_or_default().to_string(),
                params,
                text,
            }
        })
        .collect()
}

pub fn named_query(name: &str) -> Result<NamedQuery, QueryError> {
    named_queries()
        .into_iter()
        .find(|q| q.name == name)
        .ok_or_else(|| QueryError::UnknownName(name.to_string()))
}

/// A query to run: its text, where it came from (for messages) and values
/// for its variables.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub text: &'a str,
    pub source_name: &'a str,
    pub params: Vec<(String, String)>,
    /// Parameters the query requires (a named query's header).
    pub required: Vec<String>,
}

/// Parses `KEY=VALUE`.
pub fn parse_param(s: &str) -> Result<(String, String), QueryError> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(QueryError::Parameter(format!(
            "--param {s:?}: expected KEY=VALUE"
        ))),
    }
}

/// Runs a query and writes its results. Without a format: a table when
/// `terminal`, else SPARQL JSON for solutions and Turtle for graphs.
pub fn run(
    store: &Store,
    request: &Request<'_>,
    format: Option<Format>,
    terminal: bool,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let missing: Vec<&String> = request
        .required
        .iter()
        .filter(|r| !request.params.iter().any(|(k, _)| k == *r))
        .collect();
    if !missing.is_empty() {
        return Err(QueryError::Parameter(format!(
            "{} needs --param {}",
            request.source_name,
            missing
                .iter()
                .map(|m| format!("{m}=..."))
                .collect::<Vec<_>>()
                .join(" --param ")
        )));
    }
    let mut parser = SparqlParser::new();
    for (prefix, iri) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .expect("ctkg's prefixes are valid IRIs");
    }
    let mut parsed = parser
        .parse_query(request.text)
        .map_err(|e| QueryError::Syntax {
            source_name: request.source_name.to_string(),
            message: e.to_string(),
        })?;
    bind_parameters(&mut parsed, request)?;
    // the store's default graph is the merge of all graphs (see store.rs)
    let prepared = SparqlEvaluator::new().for_query(parsed);
    let results = store
        .evaluate(prepared)
        .map_err(|source| QueryError::Store {
            source_name: request.source_name.to_string(),
            source,
        })?;
    let evaluation = |e: oxigraph::sparql::QueryEvaluationError| QueryError::Store {
        source_name: request.source_name.to_string(),
        source: StoreError::Evaluation(e),
    };
    let results_default = if terminal {
        Format::Table
    } else {
        Format::Json
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let format = format.unwrap_or(results_default);
            let Some(results_format) = results_format(format, "SELECT")? else {
                let rows: Result<Vec<_>, _> = solutions.collect();
                let rows = rows.map_err(evaluation)?;
                let mut table = table(variables.iter().map(|v| v.as_str().to_string()));
                for row in &rows {
                    table.add_row(
                        variables
                            .iter()
                            .map(|v| row.get(v).map_or(String::new(), show)),
                    );
                }
                writeln!(out, "{table}")?;
                writeln!(out, "{} row(s)", rows.len())?;
                return Ok(());
            };
            let mut writer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(&mut *out, variables)?;
            for solution in solutions {
                writer.serialize(&solution.map_err(evaluation)?)?;
            }
            writer.finish()?;
        }
        QueryResults::Boolean(value) => {
            let format = format.unwrap_or(results_default);
            let Some(results_format) = results_format(format, "ASK")? else {
                writeln!(out, "{value}")?;
                return Ok(());
            };
            QueryResultsSerializer::from_format(results_format)
                .serialize_boolean_to_writer(&mut *out, value)?;
        }
        QueryResults::Graph(triples) => {
            let format = format.unwrap_or(if terminal { Format::Table } else { Format::Ttl });
            let rdf_format = match format {
                Format::Table => {
                    let triples: Result<Vec<_>, _> = triples.collect();
                    let triples = triples.map_err(evaluation)?;
                    let mut table = table(["subject", "predicate", "object"].map(String::from));
                    for t in &triples {
                        table.add_row([
                            show(&t.subject.clone().into()),
                            show(&t.predicate.clone().into()),
                            show(&t.object),
                        ]);
                    }
                    writeln!(out, "{table}")?;
                    writeln!(out, "{} triple(s)", triples.len())?;
                    return Ok(());
                }
                Format::Ttl => RdfFormat::Turtle,
                Format::Nt => RdfFormat::NTriples,
                _ => {
                    return Err(QueryError::FormatMismatch {
                        format,
                        kind: "CONSTRUCT/DESCRIBE",
                        fits: "table, ttl or nt",
                    });
                }
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (prefix, iri) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("ctkg's prefixes are valid IRIs");
            }
            let mut writer = serializer.for_writer(&mut *out);
            for t in triples {
                writer.serialize_triple(&t.map_err(evaluation)?)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// Gives the query's variables the parameters' values, as if the query's
/// pattern began with `VALUES (?key ...) { (value ...) }`. (Oxigraph's own
/// substitution only reaches projected variables; a parameter is often only
/// used in a filter.)
fn bind_parameters(query: &mut spargebra::Query, request: &Request<'_>) -> Result<(), QueryError> {
    if request.params.is_empty() {
        return Ok(());
    }
    let mut variables = Vec::new();
    let mut row = Vec::new();
    for (key, value) in &request.params {
        let name = key.trim_start_matches(['?', '$']);
        let variable = Variable::new(name).map_err(|e| {
            QueryError::Parameter(format!("--param {key}: not a variable name ({e})"))
        })?;
        let used = uses_variable(request.text, name);
        if !used {
            return Err(QueryError::Parameter(format!(
                "--param {key}: {} has no variable ?{name}",
                request.source_name
            )));
        }
        let term = match param_term(value)? {
            Term::NamedNode(n) => GroundTerm::NamedNode(n),
            Term::Literal(l) => GroundTerm::Literal(l),
            _ => unreachable!("parameters are IRIs or literals"),
        };
        variables.push(variable);
        row.push(Some(term));
    }
    let values = GraphPattern::Values {
        variables,
        bindings: vec![row],
    };
    let pattern = match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    join_at_start(pattern, values);
    Ok(())
}

/// Whether the query text uses `?name` or `$name` outside comments.
fn uses_variable(text: &str, name: &str) -> bool {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)(?:^|\s)#.*$").expect("comment pattern"));
    let Ok(variable) = Regex::new(&format!(r"[?$]{}\b", regex::escape(name))) else {
        return false;
    };
    variable.is_match(&COMMENT.replace_all(text, ""))
}

/// Joins `values` with the query's WHERE pattern, below the solution
/// modifiers and the group's filters and binds, so they see its variables.
fn join_at_start(pattern: &mut GraphPattern, values: GraphPattern) {
    match pattern {
        GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. } => join_at_start(inner, values),
        other => {
            let rest = std::mem::replace(
                other,
                GraphPattern::Bgp {
                    patterns: Vec::new(),
                },
            );
            *other = GraphPattern::Join {
                left: Box::new(values),
                right: Box::new(rest),
            };
        }
    }
}

/// The SPARQL results format for solutions or a boolean; `None` for a table.
fn results_format(
    format: Format,
    kind: &'static str,
) -> Result<Option<QueryResultsFormat>, QueryError> {
    Ok(Some(match format {
        Format::Table => return Ok(None),
        Format::Csv => QueryResultsFormat::Csv,
        Format::Tsv => QueryResultsFormat::Tsv,
        Format::Json => QueryResultsFormat::Json,
        Format::Xml => QueryResultsFormat::Xml,
        Format::Ttl | Format::Nt => {
            return Err(QueryError::FormatMismatch {
                format,
                kind,
                fits: "table, csv, tsv, json or xml",
            });
        }
    }))
}

/// A parameter's value as an RDF term: `<iri>` is an IRI, a whole number
/// an integer, anything else a plain string.
fn param_term(value: &str) -> Result<Term, QueryError> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return NamedNode::new(iri)
            .map(Term::from)
            .map_err(|e| QueryError::Parameter(format!("{value}: not an IRI ({e})")));
    }
    if let Ok(n) = value.parse::<i64>() {
        return Ok(Literal::from(n).into());
    }
    Ok(Literal::new_simple_literal(value).into())
}

fn table(header: impl IntoIterator<Item = String>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(header);
    t
}

/// A term for people: IRIs with a known prefix shortened, literals bare.
fn show(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            PREFIXES
                .iter()
                .find(|(_, ns)| iri.starts_with(ns) && iri.len() > ns.len())
                .map_or_else(
                    || format!("<{iri}>"),
                    |(p, ns)| format!("{p}:{}", &iri[ns.len()..]),
                )
        }
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_queries_is_named_and_documented() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rq"))
            .map(|n| n.trim_end_matches(".rq").to_string())
            .collect();
        files.sort();
        let mut listed: Vec<String> = NAMED_QUERY_FILES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        listed.sort();
        assert_eq!(files, listed);
        for q in named_queries() {
            assert!(!q.description.is_empty(), "{} has no description", q.name);
        }
        assert!(named_queries().len() >= 8);
    }

    #[test]
    fn every_named_query_parses_without_ctkg_prefixes() {
        // each file declares its prefixes, so other SPARQL tools can run it
        for q in named_queries() {
            if let Err(e) = SparqlParser::new().parse_query(q.text) {
                panic!("{}: {e}", q.name);
            }
        }
    }

    #[test]
    fn a_parameter_must_name_a_variable_of_the_query() {
        let q = "# ?part in a comment\nSELECT ?partner WHERE { ?s ?p ?partner }";
        assert!(uses_variable(q, "partner"));
        assert!(!uses_variable(q, "part"));
    }

    #[test]
    fn parameters_are_typed() {
        assert_eq!(
            param_term("<http://x.org/a>").unwrap().to_string(),
            "<http://x.org/a>"
        );
        assert_eq!(
            param_term("15").unwrap().to_string(),
            "\"15\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        assert_eq!(param_term("France").unwrap().to_string(), "\"France\"");
        assert!(parse_param("partner").is_err());
        assert_eq!(parse_param("a=b=c").unwrap(), ("a".into(), "b=c".into()));
    }
}
