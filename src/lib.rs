//! ctkg: diplomatic statements on counter-terrorism cooperation → a
//! knowledge graph in an embedded Oxigraph store.
//!
//! See ARCHITECTURE.md for the map of modules and what each must never do.

pub mod corpus;
pub mod dates;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod ontology;
pub mod push;
pub mod query;
pub mod rdf;
pub mod resolve;
pub mod server;
pub mod spans;
pub mod store;
pub mod synth;
pub mod text;
pub mod vocab;
