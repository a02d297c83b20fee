//! Writing evaluated results: the SPARQL results formats and RDF formats
//! stream row by row; a table for people holds at most `max_rows` rows and
//! says how many it left out.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use oxigraph::io::RdfSerializer;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::QueryResultsSerializer;

use super::{Evaluation, Format, QueryError};
use crate::vocab::PREFIXES;

/// How a table for people is laid out.
#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    /// Rows shown; the rest are counted, not held.
    pub max_rows: usize,
    /// Wrap cells to fit this many columns (a terminal's width).
    pub width: Option<u16>,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            max_rows: 1000,
            width: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Rows (solutions, triples) the query gave; 1 for ASK.
    pub rows: usize,
}

/// Writes `evaluation`'s results in `format` (which must fit the query:
/// see [`Format::fits`]).
pub fn write(
    evaluation: Evaluation,
    format: Format,
    out: &mut dyn Write,
    table: &TableOptions,
) -> Result<Written, QueryError> {
    if !format.fits(evaluation.kind) {
        return Err(QueryError::FormatMismatch {
            format,
            kind: evaluation.kind,
        });
    }
    let Evaluation {
        results,
        source_name,
        timeout,
        _deadline,
        ..
    } = evaluation;
    let error = |e| Evaluation::map_error(&source_name, timeout, e);
    let rows = match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            if let Some(results_format) = format.results_format() {
                let mut writer = QueryResultsSerializer::from_format(results_format)
                    .serialize_solutions_to_writer(&mut *out, variables)?;
                let mut rows = 0;
                for solution in solutions {
                    writer.serialize(&solution.map_err(error)?)?;
                    rows += 1;
                }
                writer.finish()?;
                end_line(format, out)?;
                rows
            } else {
                let header = variables.iter().map(|v| v.as_str().to_string());
                let mut t = new_table(header, table);
                let mut rows = 0;
                for solution in solutions {
                    let solution = solution.map_err(error)?;
                    if rows < table.max_rows {
                        t.add_row(
                            variables
                                .iter()
                                .map(|v| solution.get(v).map_or(String::new(), show)),
                        );
                    }
                    rows += 1;
                }
                finish_table(out, &t, rows, table.max_rows, "row")?;
                rows
            }
        }
        QueryResults::Boolean(value) => {
            if let Some(results_format) = format.results_format() {
                QueryResultsSerializer::from_format(results_format)
                    .serialize_boolean_to_writer(&mut *out, value)?;
                // every results format writes a lone boolean without one
                writeln!(out)?;
            } else {
                writeln!(out, "{value}")?;
            }
            1
        }
        QueryResults::Graph(triples) => {
            if let Some(rdf_format) = format.rdf_format() {
                let mut writer = serializer(rdf_format).for_writer(&mut *out);
                let mut rows = 0;
                for t in triples {
                    writer.serialize_triple(&t.map_err(error)?)?;
                    rows += 1;
                }
                writer.finish()?;
                rows
            } else {
                let header = ["subject", "predicate", "object"].map(String::from);
                let mut t = new_table(header, table);
                let mut rows = 0;
                for triple in triples {
                    let triple = triple.map_err(error)?;
                    if rows < table.max_rows {
                        t.add_row([
                            show(&triple.subject.into()),
                            show(&triple.predicate.into()),
                            show(&triple.object),
                        ]);
                    }
                    rows += 1;
                }
                finish_table(out, &t, rows, table.max_rows, "triple")?;
                rows
            }
        }
    };
    Ok(Written { rows })
}

/// Writes triples made outside a query (a service description) in a graph
/// format, with ctkg's prefixes.
pub fn write_triples<'a>(
    triples: impl IntoIterator<Item = oxigraph::model::TripleRef<'a>>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let Some(rdf_format) = format.rdf_format() else {
        return Err(QueryError::FormatMismatch {
            format,
            kind: super::QueryKind::Construct,
        });
    };
    let mut writer = serializer(rdf_format).for_writer(&mut *out);
    for t in triples {
        writer.serialize_triple(t)?;
    }
    writer.finish()?;
    Ok(())
}

/// A serializer for a graph (or dataset) format, with ctkg's prefixes;
/// `None` for a results format.
pub fn graph_serializer(format: Format) -> Option<RdfSerializer> {
    format.rdf_format().map(serializer)
}

/// A serializer for a graph format that knows ctkg's prefixes.
pub(crate) fn serializer(format: oxigraph::io::RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("ctkg's prefixes are valid IRIs");
    }
    serializer
}

/// JSON and XML results end with a newline, as text on a terminal should.
fn end_line(format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    if matches!(format, Format::Json | Format::Xml) {
        writeln!(out)?;
    }
    Ok(())
}

fn new_table(header: impl IntoIterator<Item = String>, options: &TableOptions) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    if let Some(width) = options.width {
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_width(width);
    }
    t.set_header(header);
    t
}

fn finish_table(
    out: &mut dyn Write,
    table: &Table,
    rows: usize,
    max_rows: usize,
    noun: &str,
) -> std::io::Result<()> {
    writeln!(out, "{table}")?;
    if rows > max_rows {
        writeln!(
            out,
            "{max_rows} of {rows} {noun}s shown, {} left out; use --format csv (or --max-rows {rows}) to get them all",
            rows - max_rows
        )
    } else {
        writeln!(out, "{rows} {noun}(s)")
    }
}

/// A term for people, in a form that pastes back into a query: an IRI as
/// a prefixed name when its local part is a plain name (`ctkg:Meeting`),
/// else whole (`<https://w3id.org/ctkg/id/state/IND>`); a literal bare.
pub(crate) fn show(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            PREFIXES
                .iter()
                .find_map(|(p, ns)| {
                    let local = iri.strip_prefix(ns)?;
                    is_plain_local_name(local).then(|| format!("{p}:{local}"))
                })
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// A local name SPARQL reads without escapes: letters, digits, `_`, `-`
/// and inner dots.
fn is_plain_local_name(local: &str) -> bool {
    let ok = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    !local.is_empty()
        && local.chars().all(|c| ok(c) || c == '.')
        && local
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && local.chars().last().is_some_and(ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn iris_are_shown_in_a_form_a_query_accepts() {
        let show_iri = |s: &str| show(&NamedNode::new(s).unwrap().into());
        assert_eq!(
            show_iri("https://w3id.org/ctkg/ontology#Meeting"),
            "ctkg:Meeting"
        );
        assert_eq!(
            show_iri("https://w3id.org/ctkg/id/state/IND"),
            "<https://w3id.org/ctkg/id/state/IND>"
        );
        assert_eq!(show_iri("https://example.org/x"), "<https://example.org/x>");
        for shown in ["ctkg:Meeting", "<https://w3id.org/ctkg/id/state/IND>"] {
            let q =
                format!("PREFIX ctkg: <https://w3id.org/ctkg/ontology#> ASK {{ ?s ?p {shown} }}");
            assert!(
                spargebra::SparqlParser::new().parse_query(&q).is_ok(),
                "{q}"
            );
        }
    }
}
