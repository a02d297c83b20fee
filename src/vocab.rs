//! The vocabulary of the graph: the ontology's namespace and named graph,
//! the default base of resources, the other vocabularies' namespaces, and
//! the prefixes queries may use undeclared. A leaf: every module may use it.

use oxigraph::model::NamedNode;

/// The ontology's namespace (fixed: it is the contract, not the data).
pub const ONTOLOGY: &str = "https://w3id.org/ctkg/ontology#";

/// The named graph the ontology is loaded into.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/ctkg/ontology";

/// Where resources live unless `--base` says otherwise.
pub const DEFAULT_BASE: &str = "https://w3id.org/ctkg/id/";

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
pub const ITSRDF: &str = "http://www.w3.org/2005/11/its/rdf#";
pub const SCHEMA: &str = "https://schema.org/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";

/// Prefixes every query may use without declaring them.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ctkg", ONTOLOGY),
    ("id", DEFAULT_BASE),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("nif", NIF),
    ("itsrdf", ITSRDF),
    ("schema", SCHEMA),
    ("prov", PROV),
];

/// A term of the ctkg ontology.
pub fn ctkg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ONTOLOGY}{local}"))
}
