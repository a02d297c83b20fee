//! Parameters: `--param KEY=VALUE` (or `?KEY=VALUE`) given to a query,
//! checked against what the query declares, and bound into its algebra so
//! that they can never change the query's text.

use std::sync::LazyLock;

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use regex::Regex;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;

use super::QueryError;

/// One `KEY=VALUE` given to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The variable's name, without `?` or `$`.
    pub key: String,
    pub value: String,
}

impl std::str::FromStr for Param {
    type Err = QueryError;

    /// Parses `KEY=VALUE`; `?KEY=VALUE` and `$KEY=VALUE` name the same key.
    fn from_str(s: &str) -> Result<Self, QueryError> {
        match s.split_once('=') {
            Some((k, v)) if !k.trim().trim_start_matches(['?', '$']).is_empty() => Ok(Param {
                key: k.trim().trim_start_matches(['?', '$']).to_string(),
                value: v.to_string(),
            }),
            _ => Err(QueryError::Parameter(format!(
                "--param {s:?}: expected KEY=VALUE"
            ))),
        }
    }
}

/// Checks the parameters against those a query accepts: each key once, no
/// unknown key, none missing. `declared` is a named query's list; a query
/// of the user's own accepts any variable it uses.
pub(super) fn check(
    params: &[Param],
    declared: Option<&[String]>,
    text: &str,
    source_name: &str,
) -> Result<(), QueryError> {
    for (i, p) in params.iter().enumerate() {
        if params[..i].iter().any(|q| q.key == p.key) {
            return Err(QueryError::Parameter(format!(
                "--param {} is given twice; give each parameter once",
                p.key
            )));
        }
    }
    match declared {
        Some(declared) => {
            let expected = || {
                if declared.is_empty() {
                    format!("{source_name} takes no parameters")
                } else {
                    format!("{source_name} takes --param {}", declared.join(", "))
                }
            };
            if let Some(unknown) = params.iter().find(|p| !declared.contains(&p.key)) {
                return Err(QueryError::Parameter(format!(
                    "--param {}: no such parameter; {}",
                    unknown.key,
                    expected()
                )));
            }
            let missing: Vec<String> = declared
                .iter()
                .filter(|d| !params.iter().any(|p| &p.key == *d))
                .map(|d| format!("--param {d}=..."))
                .collect();
            if !missing.is_empty() {
                return Err(QueryError::Parameter(format!(
                    "{source_name} needs {}",
                    missing.join(" ")
                )));
            }
        }
        None => {
            // a parameter may be used only through its lookup key (see bind)
            let used = |p: &Param| {
                uses_variable(text, &p.key) || uses_variable(text, &format!("{}Key", p.key))
            };
            if let Some(unused) = params.iter().find(|p| !used(p)) {
                return Err(QueryError::Parameter(format!(
                    "--param {}: {source_name} has no variable ?{}",
                    unused.key, unused.key
                )));
            }
        }
    }
    Ok(())
}

/// Gives the query's variables the parameters' values, as if the query's
/// pattern began with `VALUES (?key ...) { (value ...) }`. (Oxigraph's own
/// substitution only reaches projected variables; a parameter is often only
/// used in a filter.)
///
/// A query that uses `?<key>Key` also gets the parameter's *lookup key*
/// there: the IRI itself when the value is one, else the value folded as
/// entity names are folded into `skos:hiddenLabel`. So `?e
/// skos:hiddenLabel? ?entityKey` finds an entity by IRI or by any spelling
/// of any of its names, as one index lookup.
pub(super) fn bind(
    query: &mut spargebra::Query,
    params: &[Param],
    text: &str,
) -> Result<(), QueryError> {
    if params.is_empty() {
        return Ok(());
    }
    let mut variables = Vec::new();
    let mut row = Vec::new();
    let ground = |t: Term| match t {
        Term::NamedNode(n) => GroundTerm::NamedNode(n),
        Term::Literal(l) => GroundTerm::Literal(l),
        _ => unreachable!("parameters are IRIs or literals"),
    };
    for p in params {
        let variable = Variable::new(&p.key).map_err(|e| {
            QueryError::Parameter(format!("--param {}: not a variable name ({e})", p.key))
        })?;
        let value = term(&p.value)?;
        let key_name = format!("{}Key", p.key);
        if uses_variable(text, &key_name) {
            let key = match &value {
                Term::NamedNode(_) => value.clone(),
                _ => Literal::new_simple_literal(crate::text::fold(&p.value)).into(),
            };
            variables.push(Variable::new_unchecked(key_name));
            row.push(Some(ground(key)));
        }
        variables.push(variable);
        row.push(Some(ground(value)));
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

/// A parameter's value as an RDF term: `<iri>` is an IRI, a whole number
/// an integer, anything else a plain string.
fn term(value: &str) -> Result<Term, QueryError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn param(s: &str) -> Param {
        s.parse().unwrap()
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
            term("<http://x.org/a>").unwrap().to_string(),
            "<http://x.org/a>"
        );
        assert_eq!(
            term("15").unwrap().to_string(),
            "\"15\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        assert_eq!(term("France").unwrap().to_string(), "\"France\"");
        assert!("partner".parse::<Param>().is_err());
        assert!("?=x".parse::<Param>().is_err());
        assert_eq!(
            param("a=b=c"),
            Param {
                key: "a".into(),
                value: "b=c".into()
            }
        );
        assert_eq!(param("?partner=France").key, "partner");
    }

    #[test]
    fn unknown_repeated_and_missing_keys_are_named() {
        let declared = vec!["partner".to_string()];
        let check_named = |ps: &[&str]| {
            let ps: Vec<Param> = ps.iter().map(|p| param(p)).collect();
            check(&ps, Some(&declared), "", "queries/partner-history.rq")
                .err()
                .map(|e| e.to_string())
        };
        let unknown = check_named(&["country=France"]).unwrap();
        assert!(
            unknown.contains("--param country: no such parameter")
                && unknown.contains("takes --param partner"),
            "{unknown}"
        );
        let twice = check_named(&["partner=France", "partner=India"]).unwrap();
        assert!(twice.contains("given twice"), "{twice}");
        let missing = check_named(&[]).unwrap();
        assert!(missing.contains("needs --param partner=..."), "{missing}");
        assert_eq!(check_named(&["?partner=France"]), None);
    }
}
