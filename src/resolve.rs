//! Canonical keys → IRIs. An entity's key (its id in the interchange
//! format: `state/IND`, `meeting/FRA-IND/jwg-ct/15`) is already the same in
//! every document that names the same thing; an IRI is the base followed by
//! the key, so rebuilding gives the same IRIs and two documents give one node.

use crate::text::document_key;

pub use crate::vocab::DEFAULT_BASE;

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("base IRI {0:?} must be an absolute http(s) IRI ending in '/' or '#'")]
    BadBase(String),
}

/// Turns keys into IRIs under one base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolver {
    base: String,
}

impl Default for Resolver {
    fn default() -> Self {
        Resolver {
            base: DEFAULT_BASE.to_string(),
        }
    }
}

impl Resolver {
    pub fn new(base: &str) -> Result<Self, ResolveError> {
        let ok = (base.starts_with("http://") || base.starts_with("https://"))
            && base.len() > "https://x".len()
            && (base.ends_with('/') || base.ends_with('#'))
            && !base
                .chars()
                .any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c));
        if ok {
            Ok(Resolver {
                base: base.to_string(),
            })
        } else {
            Err(ResolveError::BadBase(base.to_string()))
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The IRI of an entity, from its key. Characters outside the IRI-safe
    /// set are percent-encoded, so any key gives a valid IRI.
    pub fn entity(&self, key: &str) -> String {
        let mut iri = self.base.clone();
        for b in key.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                iri.push(b as char);
            } else {
                iri.push_str(&format!("%{b:02X}"));
            }
        }
        iri
    }

    /// The IRI of a document, which is also the name of its graph.
    pub fn document(&self, file_name: &str) -> String {
        self.entity(&format!("doc/{}", document_key(file_name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_iris_under_the_base() {
        let r = Resolver::default();
        assert_eq!(r.entity("state/IND"), "https://w3id.org/ctkg/id/state/IND");
        assert_eq!(
            r.entity("meeting/FRA-IND/jwg-ct/15"),
            "https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15"
        );
        assert_eq!(r.entity("x/a b"), "https://w3id.org/ctkg/id/x/a%20b");
        assert_eq!(
            r.document("001_1cbb059710c4dd52.txt"),
            "https://w3id.org/ctkg/id/doc/001-1cbb059710c4dd52-txt"
        );
    }

    #[test]
    fn the_base_must_be_an_http_iri_namespace() {
        assert!(Resolver::new("http://example.org/kg/").is_ok());
        assert!(Resolver::new("example.org/kg/").is_err());
        assert!(Resolver::new("http://example.org/kg").is_err());
        assert!(Resolver::new("http://exa mple.org/").is_err());
    }
}
