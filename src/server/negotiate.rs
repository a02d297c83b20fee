//! Content negotiation: the `format=` parameter first (for clients that
//! cannot set headers), then the Accept header with its q-values (RFC 9110,
//! through `headers-accept`), among the formats that fit the response.
//! No Accept header, or `*/*`, gives the first format offered.

use std::str::FromStr;

use headers_accept::Accept;
use mediatype::MediaType;

use crate::query::{Format, QueryKind};

/// A representation a response can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// A page for people.
    Html,
    Data(Format),
}

impl Representation {
    pub fn media_type(self) -> &'static str {
        match self {
            Representation::Html => "text/html; charset=utf-8",
            Representation::Data(f) => f.media_type(),
        }
    }
}

/// Media types clients use besides each format's own (the first of each
/// format is the one named in answers).
const ALIASES: &[(&str, Format)] = &[
    ("application/json", Format::Json),
    ("application/xml", Format::Xml),
    ("text/xml", Format::Xml),
    ("application/x-turtle", Format::Turtle),
    ("application/turtle", Format::Turtle),
    ("text/n3", Format::Turtle),
    ("text/plain", Format::NTriples),
    ("application/json", Format::JsonLd),
];

/// The result formats of a kind of query, the default first.
pub fn formats_for(kind: QueryKind) -> Vec<Format> {
    if kind.gives_graph() {
        vec![
            Format::Turtle,
            Format::NTriples,
            Format::NQuads,
            Format::RdfXml,
            Format::JsonLd,
        ]
    } else {
        vec![Format::Json, Format::Xml, Format::Csv, Format::Tsv]
    }
}

/// Why no representation was chosen: the answer is 406 (or 400 for a
/// `format=` that names nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAcceptable {
    pub message: String,
}

/// Chooses among `offered` (the default first).
pub fn choose(
    offered: &[Representation],
    accept: Option<&str>,
    format_param: Option<&str>,
) -> Result<Representation, NotAcceptable> {
    let names = || {
        offered
            .iter()
            .map(|r| match r {
                Representation::Html => "html".to_string(),
                Representation::Data(f) => f.name().to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let types = || {
        offered
            .iter()
            .map(|r| essence(r.media_type()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = format_param.filter(|n| !n.trim().is_empty()) {
        let wanted = if name.trim().eq_ignore_ascii_case("html") {
            Some(Representation::Html)
        } else {
            Format::from_name(name)
                .or_else(|| Format::from_media_type(name))
                .map(Representation::Data)
        };
        return match wanted {
            Some(r) if offered.contains(&r) => Ok(r),
            _ => Err(NotAcceptable {
                message: format!("format={name} is not offered here; use one of {}", names()),
            }),
        };
    }
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(offered[0]);
    };
    let Ok(accept) = Accept::from_str(accept) else {
        // an unreadable header says nothing: the default, as without one
        return Ok(offered[0]);
    };
    // each offer under every media type it answers to, in order (static
    // strings: a negotiation allocates nothing but the header's parse)
    let mut parsed: Vec<(MediaType<'static>, Representation)> = Vec::with_capacity(16);
    for r in offered {
        if let Ok(m) = MediaType::parse(essence(r.media_type())) {
            parsed.push((m, *r));
        }
        if let Representation::Data(f) = r {
            for (alias, format) in ALIASES {
                if format == f
                    && let Ok(m) = MediaType::parse(alias)
                {
                    parsed.push((m, *r));
                }
            }
        }
    }
    let chosen = accept
        .negotiate(parsed.iter().map(|(m, _)| m))
        .and_then(|best| parsed.iter().find(|(m, _)| m == best).map(|(_, r)| *r));
    chosen.ok_or_else(|| NotAcceptable {
        message: format!(
            "none of the accepted media types can be given here; the server offers {} (or say format= with one of {})",
            types(),
            names()
        ),
    })
}

fn essence(media_type: &'static str) -> &'static str {
    media_type.split(';').next().unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(kind: QueryKind) -> Vec<Representation> {
        formats_for(kind)
            .into_iter()
            .map(Representation::Data)
            .collect()
    }

    #[test]
    fn q_values_decide_and_wildcards_take_the_default() {
        let select = data(QueryKind::Select);
        let pick = |accept: &str| choose(&select, Some(accept), None);
        assert_eq!(pick("*/*"), Ok(Representation::Data(Format::Json)));
        assert_eq!(
            pick("application/sparql-results+json;q=0.5, text/csv"),
            Ok(Representation::Data(Format::Csv))
        );
        assert_eq!(
            pick("text/csv;q=0.1, application/sparql-results+xml;q=0.9"),
            Ok(Representation::Data(Format::Xml))
        );
        assert_eq!(
            pick("text/*;q=0.9, text/tab-separated-values"),
            Ok(Representation::Data(Format::Tsv))
        );
        assert_eq!(
            pick("application/json"),
            Ok(Representation::Data(Format::Json))
        );
        assert!(pick("image/png").unwrap_err().message.contains("text/csv"));
        assert!(pick("text/csv;q=0").is_err());
        assert_eq!(
            choose(&select, None, None),
            Ok(Representation::Data(Format::Json))
        );
    }

    #[test]
    fn the_format_parameter_overrides_accept() {
        let graph = data(QueryKind::Construct);
        assert_eq!(
            choose(&graph, Some("text/turtle"), Some("nt")),
            Ok(Representation::Data(Format::NTriples))
        );
        assert!(
            choose(&graph, None, Some("csv"))
                .unwrap_err()
                .message
                .contains("ttl, nt")
        );
        let page = [Representation::Html, Representation::Data(Format::Turtle)];
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(choose(&page, Some(browser), None), Ok(Representation::Html));
        assert_eq!(
            choose(&page, Some("text/turtle"), None),
            Ok(Representation::Data(Format::Turtle))
        );
    }
}
