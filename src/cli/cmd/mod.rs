pub mod build;
pub mod eval;
pub mod extract;
pub mod push;
pub mod queries;
pub mod query;
pub mod stats;
pub mod synth;
