//! The hot functions of a build, each on the same real input: building the
//! extractor (the lexicon's matchers), extracting one statement, matching
//! the lexicon over a text, and turning an extraction into quads.
//!
//!     cargo bench --bench extract

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use ctkg::extract::{Extractor, Input};
use ctkg::lexicon::Lexicon;
use ctkg::rdf::{DocumentInfo, document_quads};
use ctkg::resolve::Resolver;
use ctkg::text::MatchText;

/// The sample corpus and the held-out statements, as one list.
fn statements() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = ctkg::corpus::read(
        &[
            root.join("corpus"),
            root.join("tests/fixtures/heldout/corpus"),
        ],
        ctkg::corpus::DEFAULT_MAX_BYTES,
    );
    corpus
        .documents
        .into_iter()
        .map(|d| (d.name, d.text))
        .collect()
}

fn benches(c: &mut Criterion) {
    let docs = statements();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();

    c.bench_function("lexicon and extractor, built", |b| {
        b.iter(|| Extractor::new(Lexicon::builtin().expect("lexicon")))
    });

    let extractor = Extractor::new(Lexicon::builtin().expect("lexicon"));
    let mut group = c.benchmark_group("15 statements");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("extract", |b| {
        b.iter(|| {
            for (name, text) in &docs {
                black_box(extractor.extract(&Input {
                    name,
                    text,
                    date: None,
                }));
            }
        })
    });
    group.bench_function("lexicon matches", |b| {
        b.iter(|| {
            for (_, text) in &docs {
                black_box(extractor.lexicon().find(&MatchText::new(text)));
            }
        })
    });
    let resolver = Resolver::default();
    let extracted: Vec<_> = docs
        .iter()
        .map(|(name, text)| {
            extractor
                .extract(&Input {
                    name,
                    text,
                    date: None,
                })
                .extraction
        })
        .collect();
    group.bench_function("quads", |b| {
        b.iter(|| {
            for ((name, text), x) in docs.iter().zip(&extracted) {
                let info = DocumentInfo {
                    file_name: name,
                    text,
                    sha256: "0",
                    date: None,
                    title: None,
                    source: None,
                    extractor: "bench",
                };
                black_box(document_quads(&info, x, &resolver));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = extract;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(extract);
