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

    /// The query as a tool without `--param` runs it: each parameter bound
    /// to its documented example by a `VALUES` line at the start of the
    /// WHERE pattern (where the filters see it), so the text runs as is.
    pub fn example_text(&self) -> String {
        let values: Vec<String> = self
            .params
            .iter()
            .map(|p| {
                let example = p.example().unwrap_or_default();
                let quoted = serde_json::to_string(example).expect("a string serializes");
                format!(
                    "\n  VALUES ?{} {{ {quoted} }}  # the parameter {}: change it",
                    p.name, p.name
                )
            })
            .collect();
        match self.text.find("WHERE {") {
            Some(at) if !values.is_empty() => {
                let end = at + "WHERE {".len();
                format!(
                    "{}{}{}",
                    &self.text[..end],
                    values.concat(),
                    &self.text[end..]
                )
            }
            _ => self.text.to_string(),
        }
    }
}

impl ParamDoc {
    /// The first example the description gives: `e.g. France or US` → France.
    pub fn example(&self) -> Option<&str> {
        let (_, after) = self.description.split_once("e.g. ")?;
        let example = after
            .split(" or ")
            .next()?
            .trim()
            .trim_end_matches([',', '.']);
        (!example.is_empty()).then_some(example)
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
    "entities",
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
    fn examples_bind_every_parameter_and_parse() {
        for q in named_queries() {
            let text = q.example_text();
            if let Err(e) = spargebra::SparqlParser::new().parse_query(&text) {
                panic!("{}: {e}\n{text}", q.name);
            }
            for p in &q.params {
                assert!(
                    p.example().is_some(),
                    "{}: {} has no example",
                    q.name,
                    p.name
                );
                assert!(text.contains(&format!("VALUES ?{} {{", p.name)), "{text}");
            }
        }
        let partner = named_query("partner-history").unwrap();
        assert_eq!(partner.params[0].example(), Some("France"));
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
