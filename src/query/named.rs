//! The named queries of `queries/`, compiled in, with their headers: the
//! first comment line says what the query answers, `# param NAME: ...`
//! lines name its parameters.

use super::QueryError;

/// A query shipped in `queries/`, with its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    pub name: &'static str,
    /// The first comment line.
    pub description: String,
    pub params: Vec<ParamDoc>,
    pub text: &'static str,
}

/// A parameter a named query declares: `# param NAME: description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDoc {
    pub name: String,
    pub description: String,
}

impl NamedQuery {
    /// Where the query comes from, for messages.
    pub fn source_name(&self) -> String {
        format!("queries/{}.rq", self.name)
    }
}

macro_rules! named {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../queries/", $name, ".rq")))),*]
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
    "fact-evidence",
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
                .map(|(n, d)| ParamDoc {
                    name: n.trim().to_string(),
                    description: d.trim().to_string(),
                })
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
            if let Err(e) = spargebra::SparqlParser::new().parse_query(q.text) {
                panic!("{}: {e}", q.name);
            }
        }
    }
}
