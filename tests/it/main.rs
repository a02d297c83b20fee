//! ctkg's integration tests: the `ctkg` binary run on real statements and
//! real stores, with helpers shared in `helpers`.

mod bad_input;
mod build;
mod export;
mod extract;
mod helpers;
mod ontology;
mod provenance;
mod push;
mod query;
mod rough_edges;
mod server;
mod setup;
mod synth;
