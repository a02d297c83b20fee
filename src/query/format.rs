//! The formats results are written in, each with the name the user types,
//! its media type and the kinds of query it fits.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;

/// What a query returns, which decides the formats it can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    Select,
    Ask,
    Construct,
    Describe,
}

impl QueryKind {
    pub fn keyword(self) -> &'static str {
        match self {
            QueryKind::Select => "SELECT",
            QueryKind::Ask => "ASK",
            QueryKind::Construct => "CONSTRUCT",
            QueryKind::Describe => "DESCRIBE",
        }
    }

    /// CONSTRUCT and DESCRIBE give triples; SELECT and ASK give solutions.
    pub fn gives_graph(self) -> bool {
        matches!(self, QueryKind::Construct | QueryKind::Describe)
    }
}

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// An aligned table, for people.
    Table,
    Csv,
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    Turtle,
    NTriples,
    NQuads,
    RdfXml,
    JsonLd,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Xml,
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::RdfXml,
        Format::JsonLd,
    ];

    /// The name on the command line and in `format=` parameters.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Turtle => "ttl",
            Format::NTriples => "nt",
            Format::NQuads => "nq",
            Format::RdfXml => "rdfxml",
            Format::JsonLd => "jsonld",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Table => "text/plain; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Tsv => "text/tab-separated-values; charset=utf-8",
            Format::Json => "application/sparql-results+json",
            Format::Xml => "application/sparql-results+xml",
            Format::Turtle => "text/turtle",
            Format::NTriples => "application/n-triples",
            Format::NQuads => "application/n-quads",
            Format::RdfXml => "application/rdf+xml",
            Format::JsonLd => "application/ld+json",
        }
    }

    /// The format a name stands for (`ttl`, `turtle`, `csv`, ...).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "turtle" => Some(Format::Turtle),
            "ntriples" | "n-triples" => Some(Format::NTriples),
            "nquads" | "n-quads" => Some(Format::NQuads),
            "rdf" | "rdf/xml" => Some(Format::RdfXml),
            "json-ld" => Some(Format::JsonLd),
            _ => None,
        };
        alias.or_else(|| Format::ALL.into_iter().find(|f| f.name() == name))
    }

    /// The format of a media type (parameters such as `charset` ignored).
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let alias = match essence.as_str() {
            "application/json" => Some(Format::Json),
            "application/xml" | "text/xml" => Some(Format::Xml),
            "text/plain" => Some(Format::Table),
            "application/x-turtle" => Some(Format::Turtle),
            "text/n3" => Some(Format::Turtle),
            _ => None,
        };
        alias.or_else(|| {
            Format::ALL
                .into_iter()
                .find(|f| f.media_type().split(';').next() == Some(essence.as_str()))
        })
    }

    /// Whether results of this kind of query can be written in this format.
    pub fn fits(self, kind: QueryKind) -> bool {
        match self {
            Format::Table => true,
            Format::Csv | Format::Tsv | Format::Json | Format::Xml => !kind.gives_graph(),
            Format::Turtle
            | Format::NTriples
            | Format::NQuads
            | Format::RdfXml
            | Format::JsonLd => kind.gives_graph(),
        }
    }

    /// The formats that fit a kind of query, by name.
    pub fn names_fitting(kind: QueryKind) -> String {
        let names: Vec<&str> = Format::ALL
            .into_iter()
            .filter(|f| f.fits(kind))
            .map(Format::name)
            .collect();
        names.join(", ")
    }

    /// Without a format asked for: a table for people at a terminal, else
    /// SPARQL JSON for solutions and Turtle for graphs.
    pub fn default_for(kind: QueryKind, terminal: bool) -> Format {
        match (terminal, kind.gives_graph()) {
            (true, _) => Format::Table,
            (false, false) => Format::Json,
            (false, true) => Format::Turtle,
        }
    }

    pub(crate) fn results_format(self) -> Option<QueryResultsFormat> {
        Some(match self {
            Format::Csv => QueryResultsFormat::Csv,
            Format::Tsv => QueryResultsFormat::Tsv,
            Format::Json => QueryResultsFormat::Json,
            Format::Xml => QueryResultsFormat::Xml,
            _ => return None,
        })
    }

    pub(crate) fn rdf_format(self) -> Option<RdfFormat> {
        Some(match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::NTriples => RdfFormat::NTriples,
            Format::NQuads => RdfFormat::NQuads,
            Format::RdfXml => RdfFormat::RdfXml,
            Format::JsonLd => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            _ => return None,
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.into_iter().map(Format::name).collect();
            format!("unknown format {s:?}; one of {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_media_types_go_both_ways() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
            assert_eq!(Format::from_media_type(f.media_type()), Some(f));
        }
        assert_eq!(Format::from_name("Turtle"), Some(Format::Turtle));
        assert_eq!(
            Format::from_media_type("application/sparql-results+json; charset=utf-8"),
            Some(Format::Json)
        );
        assert!("yaml".parse::<Format>().unwrap_err().contains("csv"));
    }

    #[test]
    fn formats_fit_their_kind_of_query() {
        assert!(Format::Csv.fits(QueryKind::Select));
        assert!(!Format::Turtle.fits(QueryKind::Ask));
        assert!(Format::NQuads.fits(QueryKind::Construct));
        assert!(!Format::Json.fits(QueryKind::Describe));
        assert_eq!(
            Format::names_fitting(QueryKind::Construct),
            "table, ttl, nt, nq, rdfxml, jsonld"
        );
    }
}
