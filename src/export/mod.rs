//! Exports of the store: the property-graph projection (DESIGN.md,
//! "Property-graph projection") written as GraphML, GEXF, neo4j-admin CSV
//! and Graphviz dot, and the RDF formats (Turtle, N-Triples, N-Quads, TriG,
//! RDF/XML, JSON-LD compacted against `ontology/context.jsonld`, canonical
//! N-Quads). Export reads the store only through `source` and never writes it.
//!
//! Graph formats (ttl, nt, rdfxml, jsonld) and the property graph hold the
//! facts: the merged default graph without the ontology's own triples (the
//! ontology ships as `ontology/ctkg.ttl`). Dataset formats (nq, trig) hold
//! every named graph, the ontology's included, so loading one into another
//! store gives back what ctkg holds; the default graph, being the merge of
//! the document graphs, is left for that store to derive (a union default
//! graph).

mod csv;
mod dot;
mod gexf;
mod graphml;
mod jsonld;
mod palette;
mod projection;
mod rdf;
mod source;
mod xml;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub use projection::{AttributeKind, Edge, Node, PropertyGraph, Value, project};
pub use source::{Construct, Source};

use crate::store::{Store, StoreError};

/// The JSON-LD context the JSON-LD export is compacted against.
pub const CONTEXT: &str = include_str!("../../ontology/context.jsonld");

/// What `ctkg export --format` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Graphml,
    Gexf,
    /// `nodes.csv` and `edges.csv` for `neo4j-admin database import`.
    Csv,
    Dot,
    Ttl,
    Nt,
    Nq,
    Trig,
    Rdfxml,
    Jsonld,
}

impl Format {
    pub const ALL: &[Format] = &[
        Format::Graphml,
        Format::Gexf,
        Format::Csv,
        Format::Dot,
        Format::Ttl,
        Format::Nt,
        Format::Nq,
        Format::Trig,
        Format::Rdfxml,
        Format::Jsonld,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Csv => "csv",
            Format::Dot => "dot",
            Format::Ttl => "ttl",
            Format::Nt => "nt",
            Format::Nq => "nq",
            Format::Trig => "trig",
            Format::Rdfxml => "rdfxml",
            Format::Jsonld => "jsonld",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Rdfxml => "rdf",
            Format::Csv => "",
            other => other.name(),
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Graphml => "application/graphml+xml",
            Format::Gexf => "application/gexf+xml",
            Format::Csv => "text/csv",
            Format::Dot => "text/vnd.graphviz",
            Format::Ttl => "text/turtle",
            Format::Nt => "application/n-triples",
            Format::Nq => "application/n-quads",
            Format::Trig => "application/trig",
            Format::Rdfxml => "application/rdf+xml",
            Format::Jsonld => "application/ld+json",
        }
    }

    /// The projection's formats (nodes and edges), as opposed to RDF.
    pub fn is_property_graph(self) -> bool {
        matches!(
            self,
            Format::Graphml | Format::Gexf | Format::Csv | Format::Dot
        )
    }

    /// Formats written as a folder of files rather than one stream.
    pub fn is_folder(self) -> bool {
        self == Format::Csv
    }
}

/// How to export.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Export only what this CONSTRUCT (or DESCRIBE) query builds.
    pub construct: Option<Construct<'a>>,
    /// Documents become nodes (with `source` edges to them).
    pub with_documents: bool,
    /// N-Quads (or N-Triples) canonicalised with RDFC-1.0.
    pub canonical: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub nodes: usize,
    pub edges: usize,
    /// Triples or quads, for the RDF formats.
    pub statements: usize,
    /// Characters XML 1.0 cannot carry (most control characters), written
    /// as U+FFFD in the XML formats.
    pub replaced: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error("{source_name}: --construct needs a CONSTRUCT or DESCRIBE query, not {kind}")]
    NotConstruct {
        source_name: String,
        kind: &'static str,
    },
    #[error("{source_name}: the CONSTRUCT query built no triples; nothing to export")]
    Empty { source_name: String },
    #[error(
        "{source_name}: the CONSTRUCT query's triples name no entity (no resource typed with a ctkg domain class); nothing to project"
    )]
    NoNodes { source_name: String },
    #[error("--canonical applies to nq and nt (RDFC-1.0 canonical N-Quads), not {0}")]
    CanonicalFormat(&'static str),
    #[error("--format csv writes nodes.csv and edges.csv into a folder: give it with --out FOLDER")]
    NeedsFolder,
    #[error("canonicalising: {0}")]
    Canonical(String),
    #[error("the ontology does not load: {0}")]
    Ontology(#[from] crate::ontology::OntologyError),
    #[error("ontology/context.jsonld: {0}")]
    Context(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("writing the export: {0}")]
    Write(#[from] io::Error),
}

impl ExportError {
    /// Errors in what the user asked (exit code 2), not in running it.
    pub fn is_usage(&self) -> bool {
        if let ExportError::Query(e) = self {
            return e.is_usage();
        }
        matches!(
            self,
            ExportError::NotConstruct { .. }
                | ExportError::CanonicalFormat(_)
                | ExportError::NeedsFolder
        )
    }

    /// The reader went away (`ctkg export | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, ExportError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Checks that the options fit the format, before anything is read.
pub fn check(format: Format, options: &Options<'_>) -> Result<(), ExportError> {
    if options.canonical && !matches!(format, Format::Nq | Format::Nt) {
        return Err(ExportError::CanonicalFormat(format.name()));
    }
    Ok(())
}

/// Writes a single-stream format (every format but csv) to `out`.
pub fn write(
    store: &Store,
    format: Format,
    options: &Options<'_>,
    out: &mut dyn Write,
) -> Result<Summary, ExportError> {
    check(format, options)?;
    let source = Source::open(store, options.construct.as_ref())?;
    match format {
        Format::Csv => Err(ExportError::NeedsFolder),
        Format::Graphml | Format::Gexf | Format::Dot => {
            let graph = project(&source, options.with_documents)?;
            let replaced = match format {
                Format::Graphml => graphml::write(&graph, out)?,
                Format::Gexf => gexf::write(&graph, out)?,
                _ => dot::write(&graph, out)?,
            };
            Ok(Summary {
                nodes: graph.graph.node_count(),
                edges: graph.graph.edge_count(),
                replaced,
                ..Summary::default()
            })
        }
        rdf_format => rdf::write(&source, rdf_format, options.canonical, out),
    }
}

/// Writes an export to `path` (a folder for csv): into temporary files in
/// the same folder, renamed into place only once complete, so a failed
/// export leaves no partial file and the previous export intact.
pub fn write_to_path(
    store: &Store,
    format: Format,
    options: &Options<'_>,
    path: &Path,
) -> Result<Summary, ExportError> {
    check(format, options)?;
    if format.is_folder() {
        let source = Source::open(store, options.construct.as_ref())?;
        let graph = project(&source, options.with_documents)?;
        fs::create_dir_all(path).map_err(|source| ExportError::File {
            path: path.to_path_buf(),
            source,
        })?;
        let mut nodes = temp_in(&path.join(csv::NODES))?;
        let mut edges = temp_in(&path.join(csv::EDGES))?;
        {
            let mut n = BufWriter::new(nodes.as_file_mut());
            let mut e = BufWriter::new(edges.as_file_mut());
            csv::write(&graph, &mut n, &mut e)?;
            n.flush()?;
            e.flush()?;
        }
        persist(nodes, &path.join(csv::NODES))?;
        persist(edges, &path.join(csv::EDGES))?;
        return Ok(Summary {
            nodes: graph.graph.node_count(),
            edges: graph.graph.edge_count(),
            ..Summary::default()
        });
    }
    let mut file = temp_in(path)?;
    let summary = {
        let mut out = BufWriter::new(file.as_file_mut());
        let summary = write(store, format, options, &mut out)?;
        out.flush().map_err(|source| ExportError::File {
            path: path.to_path_buf(),
            source,
        })?;
        summary
    };
    persist(file, path)?;
    Ok(summary)
}

/// A temporary file beside `target`, removed unless persisted.
fn temp_in(target: &Path) -> Result<tempfile::NamedTempFile, ExportError> {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ctkg-export-");
    // an export is for others to read (tempfile's default is owner-only)
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder
        .tempfile_in(&folder)
        .map_err(|source| ExportError::File {
            path: target.to_path_buf(),
            source,
        })
}

fn persist(file: tempfile::NamedTempFile, path: &Path) -> Result<(), ExportError> {
    file.as_file()
        .sync_all()
        .map_err(|source| ExportError::File {
            path: path.to_path_buf(),
            source,
        })?;
    file.persist(path).map_err(|e| ExportError::File {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}
