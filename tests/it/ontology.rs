//! The ontology contract: the mapper uses only terms the ontology declares,
//! and the ontology is in the store for queries to use.

use std::collections::BTreeSet;

use ctkg::corpus;
use ctkg::ontology::Ontology;
use ctkg::rdf::{DocumentInfo, document_quads};
use ctkg::resolve::Resolver;
use oxigraph::model::Term;

use crate::helpers::{corpus_run, select, value};

#[test]
fn the_mapper_uses_only_declared_terms() {
    let ontology = Ontology::builtin().unwrap();
    let docs = corpus::read(&[crate::helpers::corpus()], corpus::DEFAULT_MAX_BYTES).documents;
    let runs = corpus_run();
    let builtin = |iri: &str| {
        [
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "http://www.w3.org/2000/01/rdf-schema#label",
            // RDF's own reification vocabulary (fact evidence)
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
        ]
        .contains(&iri)
    };
    let mut used = BTreeSet::new();
    for (doc, run) in docs.iter().zip(&runs) {
        let info = DocumentInfo {
            file_name: &doc.name,
            text: &doc.text,
            sha256: &doc.sha256,
            date: doc.date,
            title: doc.title.as_deref(),
            source: doc.source.as_deref(),
            extractor: "test",
        };
        for q in document_quads(&info, run, &Resolver::default()).iter() {
            used.insert(q.predicate.as_str().to_string());
            if q.predicate.as_str().ends_with("#type")
                && let Term::NamedNode(class) = &q.object
            {
                used.insert(class.as_str().to_string());
            }
        }
    }
    let undeclared: Vec<&String> = used
        .iter()
        .filter(|t| !builtin(t) && !ontology.declares(t))
        .collect();
    assert!(undeclared.is_empty(), "undeclared terms: {undeclared:?}");
    assert!(used.len() > 20);
}

#[test]
fn the_ontology_is_queryable_beside_the_data() {
    let rows = select(
        "SELECT ?label WHERE { GRAPH <https://w3id.org/ctkg/ontology> { ctkg:Meeting rdfs:label ?label } }",
    );
    assert_eq!(value(&rows[0], "label"), "Meeting");
}
