//! `ctkg export`: every format read back by the real readers (networkx,
//! igraph, graphology, Python's csv, rdflib, oxigraph, pySHACL, Graphviz;
//! installed by scripts/setup-readers) and compared with what SPARQL says
//! the store holds.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use serde_json::Value;
use sophia::api::prelude::*;
use sophia::api::quad::Spog;
use sophia::api::term::SimpleTerm;

use crate::helpers::{corpus_store, ctkg, ok, root, select, stderr, stdout, value};

/// A folder for this run's exports of the corpus store.
fn out_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

fn store_arg() -> String {
    corpus_store().to_str().unwrap().to_string()
}

/// Exports the corpus store in a format to a file (or folder) of this run.
fn export(format: &str, extra: &[&str]) -> PathBuf {
    let name = format!("ctkg-{format}{}", extra.join("").replace('-', ""));
    let path = out_dir().join(name);
    let s = store_arg();
    let mut args = vec!["export", "--store", &s, "--format", format];
    args.extend(extra);
    args.extend(["--out", path.to_str().unwrap()]);
    ok(ctkg(&args));
    path
}

/// Runs a reader of tests/py/readers.py and returns what it printed.
fn python(args: &[&str]) -> Value {
    let o = Command::new("python3")
        .arg(root().join("tests/py/readers.py"))
        .args(args)
        .output()
        .expect("python3 runs (scripts/setup installs the readers)");
    assert!(
        o.status.success(),
        "readers.py {args:?} failed (run scripts/setup-readers):\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("readers.py prints JSON")
}

/// Reads a GraphML or GEXF file with graphology (tests/js).
fn graphology(kind: &str, path: &Path) -> Value {
    let o = Command::new("node")
        .arg(root().join("tests/js/read.mjs"))
        .arg(kind)
        .arg(path)
        .output()
        .expect("node runs");
    assert!(
        o.status.success(),
        "graphology could not read {}: {} (run scripts/setup-readers)",
        path.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("read.mjs prints JSON")
}

fn count(query: &str) -> u64 {
    value(&select(query)[0], "n").parse().unwrap()
}

/// Entities: resources typed with a subclass of ctkg:Entity.
fn expected_nodes() -> u64 {
    count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . ?c rdfs:subClassOf ctkg:Entity }")
}

/// Object-property statements between entities, less those a more
/// specific property between the same two implies.
fn expected_edges() -> u64 {
    count(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
           ?s ?p ?o . ?p a owl:ObjectProperty .
           ?s a ?c1 . ?c1 rdfs:subClassOf ctkg:Entity . ?o a ?c2 . ?c2 rdfs:subClassOf ctkg:Entity .
           FILTER NOT EXISTS { ?s ?q ?o . FILTER(?q != ?p) ?q rdfs:subPropertyOf+ ?p } } }",
    )
}

fn labels_of_entities() -> Vec<String> {
    let mut labels: Vec<String> = select(
        "SELECT ?s (MIN(?l) AS ?label) WHERE { ?s a ?c . ?c rdfs:subClassOf ctkg:Entity . ?s rdfs:label ?l } GROUP BY ?s",
    )
    .iter()
    .map(|r| value(r, "label"))
    .collect();
    labels.sort();
    labels
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn graphml_reads_back_in_networkx_igraph_and_graphology() {
    let path = export("graphml", &[]);
    let (nodes, edges) = (expected_nodes(), expected_edges());
    assert!(nodes > 40 && edges > 60, "{nodes} nodes, {edges} edges");
    let seen = python(&["graphml", path.to_str().unwrap()]);
    let nx = &seen["networkx"];
    assert_eq!(nx["nodes"], nodes);
    assert_eq!(nx["edges"], edges);
    assert_eq!(nx["directed"], true);
    assert_eq!(nx["without_label"], 0);
    assert_eq!(nx["without_type"], 0);
    assert_eq!(nx["weights_not_int"], 0);
    assert!(nx["min_weight"].as_u64().unwrap() >= 1);
    assert_eq!(nx["colours"], nodes);
    assert_eq!(nx["ordinal_types"], serde_json::json!(["int"]));
    assert_eq!(strings(&nx["labels"]), labels_of_entities());
    assert!(strings(&nx["edge_labels"]).contains(&"participant".to_string()));
    // `mentions` beside a more specific property is implied, not an edge of its own
    let ig = &seen["igraph"];
    assert_eq!(ig["nodes"], nodes);
    assert_eq!(ig["edges"], edges);
    assert!(ig["min_weight"].as_f64().unwrap() >= 1.0);
    for attribute in ["label", "type", "iri", "date", "ordinal", "r", "g", "b"] {
        assert!(
            strings(&ig["vertex_attributes"]).contains(&attribute.to_string()),
            "{attribute}"
        );
    }
    let keys: BTreeSet<String> = strings(&seen["keys"]).into_iter().collect();
    assert_eq!(keys, BTreeSet::from(["edge".into(), "node".into()]));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("for=\"all\""));
    assert!(text.contains("edgedefault=\"directed\""));

    let gl = graphology("graphml", &path);
    assert_eq!(gl["nodes"], nodes);
    assert_eq!(gl["edges"], edges);
    assert_eq!(gl["without_label"], 0);
    assert_eq!(gl["without_type"], 0);
    assert!(gl["min_weight"].as_f64().unwrap() >= 1.0);
}

#[test]
fn weights_count_the_documents_behind_an_edge() {
    let path = export("csv", &[]);
    let edges = std::fs::read_to_string(path.join("edges.csv")).unwrap();
    let support: std::collections::HashMap<(String, String, String), String> = select(
        "SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?s a ?c1 . ?c1 rdfs:subClassOf ctkg:Entity . ?o a ?c2 . ?c2 rdfs:subClassOf ctkg:Entity } GROUP BY ?s ?p ?o",
    )
    .iter()
    .map(|r| {
        let p = value(r, "p");
        let local = p.rsplit('#').next().unwrap().to_string();
        ((value(r, "s"), local, value(r, "o")), value(r, "n"))
    })
    .collect();
    let mut reader = csv::Reader::from_reader(edges.as_bytes());
    let mut most = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let key = (row[0].to_string(), row[2].to_string(), row[1].to_string());
        let documents = support
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} has no document"));
        assert_eq!(&row[3], documents, "{key:?}");
        most = most.max(documents.parse::<usize>().unwrap());
    }
    assert!(most >= 2, "some edge is read from two documents");
}

#[test]
fn gexf_has_spells_for_dated_meetings_and_reads_back() {
    let path = export("gexf", &[]);
    let (nodes, edges) = (expected_nodes(), expected_edges());
    let seen = python(&["gexf", path.to_str().unwrap()]);
    assert_eq!(seen["nodes"], nodes);
    assert_eq!(seen["edges"], edges);
    assert_eq!(seen["without_label"], 0);
    assert_eq!(seen["without_type"], 0);
    assert!(seen["min_weight"].as_f64().unwrap() >= 1.0);
    assert_eq!(seen["coloured"], nodes);
    assert_eq!(seen["mode"], "dynamic");
    let dated: Vec<String> = select(
        "SELECT DISTINCT ?s WHERE { ?s ctkg:date ?d . ?s a ?c . ?c rdfs:subClassOf ctkg:Entity } ORDER BY ?s",
    )
    .iter()
    .map(|r| value(r, "s"))
    .collect();
    assert!(dated.len() >= 4, "{dated:?}");
    assert_eq!(strings(&seen["with_spells"]), dated);
    let meeting = "https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15";
    let date = value(
        &select(&format!("SELECT ?d WHERE {{ <{meeting}> ctkg:date ?d }}"))[0],
        "d",
    );
    assert_eq!(seen["spells"][meeting], serde_json::json!([[date, date]]));

    let gl = graphology("gexf", &path);
    assert_eq!(gl["nodes"], nodes);
    assert_eq!(gl["edges"], edges);
    assert_eq!(gl["without_label"], 0);
    assert_eq!(gl["coloured"], nodes);
}

#[test]
fn csv_has_the_headers_neo4j_admin_accepts() {
    let path = export("csv", &[]);
    let seen = python(&["csv", path.to_str().unwrap()]);
    assert_eq!(seen["header_errors"], serde_json::json!([]));
    assert_eq!(seen["value_errors"], serde_json::json!([]));
    assert_eq!(seen["nodes"], expected_nodes());
    assert_eq!(seen["edges"], expected_edges());
    assert_eq!(seen["unique_ids"], true);
    assert_eq!(seen["dangling"], 0);
    assert_eq!(seen["without_label"], 0);
    assert_eq!(seen["without_type"], 0);
    assert!(seen["min_weight"].as_u64().unwrap() >= 1);
    let header = strings(&seen["node_header"]);
    for column in [
        "id:ID",
        ":LABEL",
        "ordinal:int",
        "date:date",
        "altLabel:string[]",
    ] {
        assert!(header.contains(&column.to_string()), "{header:?}");
    }
    assert_eq!(
        strings(&seen["edge_header"]),
        [":START_ID", ":END_ID", ":TYPE", "weight:int"]
    );
}

#[test]
fn the_format_follows_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_arg();
    for (name, starts) in [
        ("g.graphml", "<?xml"),
        ("g.gexf", "<?xml"),
        ("g.ttl", "@prefix"),
        ("g.jsonld", "{"),
    ] {
        let path = dir.path().join(name);
        ok(ctkg(&[
            "export",
            "--store",
            &s,
            "--out",
            path.to_str().unwrap(),
        ]));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(starts), "{name}");
    }
    let gexf = std::fs::read_to_string(dir.path().join("g.gexf")).unwrap();
    assert!(gexf.contains("<gexf xmlns=\"http://gexf.net/1.3\""));
}

#[test]
fn dot_renders_with_graphviz() {
    let path = export("dot", &[]);
    let o = Command::new("dot")
        .arg("-Tsvg")
        .arg(&path)
        .output()
        .expect("Graphviz runs (scripts/setup installs it)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        svg.matches("class=\"node").count() as u64,
        expected_nodes(),
        "one drawn node per entity"
    );
    assert_eq!(
        svg.matches("class=\"edge\"").count() as u64,
        expected_edges()
    );
}

/// Parses RDF text with oxigraph into a sophia dataset (graph names kept).
fn dataset(path: &Path, format: RdfFormat) -> HashSet<Spog<SimpleTerm<'static>>> {
    let file = std::fs::File::open(path).unwrap();
    let mut nquads = Vec::new();
    let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut nquads);
    for q in RdfParser::from_format(format).for_reader(file) {
        writer
            .serialize_quad(&q.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
            .unwrap();
    }
    writer.finish().unwrap();
    sophia::turtle::parser::nq::parse_str(std::str::from_utf8(&nquads).unwrap())
        .collect_quads()
        .unwrap()
}

/// What the store holds, as N-Quads, by SPARQL (not through export): the
/// facts (the triples of the document graphs that the merged default graph
/// holds: not their evidence) in the default graph, or every named graph.
fn reference(named_graphs: bool, into: &Path) -> HashSet<Spog<SimpleTerm<'static>>> {
    let s = store_arg();
    let construct = |q: &str| stdout(&ok(ctkg(&["query", "--store", &s, "--format", "nt", q])));
    let mut text = String::new();
    if named_graphs {
        for row in select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g") {
            let g = value(&row, "g");
            let nt = construct(&format!(
                "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
            ));
            for line in nt.lines().filter(|l| !l.is_empty()) {
                text.push_str(&format!("{} <{g}> .\n", line.trim_end_matches(" .")));
            }
        }
    } else {
        text = construct(&format!(
            "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{}>) ?s ?p ?o }}",
            ctkg::vocab::ONTOLOGY_GRAPH
        ));
    }
    std::fs::write(into, &text).unwrap();
    sophia::turtle::parser::nq::parse_str(&text)
        .collect_quads()
        .unwrap()
}

#[test]
fn rdf_exports_parse_back_isomorphic_to_the_store() {
    let facts_path = out_dir().join("reference.nt");
    let graphs_path = out_dir().join("reference.nq");
    let facts = reference(false, &facts_path);
    let graphs = reference(true, &graphs_path);
    assert!(facts.len() > 300, "{}", facts.len());
    // the ontology's graph is in the dataset, not among the facts
    assert!(graphs.len() > facts.len());
    for (format, rdf_format, named) in [
        ("ttl", RdfFormat::Turtle, false),
        ("nt", RdfFormat::NTriples, false),
        ("rdfxml", RdfFormat::RdfXml, false),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            false,
        ),
        ("nq", RdfFormat::NQuads, true),
        ("trig", RdfFormat::TriG, true),
    ] {
        let path = export(format, &[]);
        let read = dataset(&path, rdf_format);
        let expected = if named { &graphs } else { &facts };
        assert_eq!(read.len(), expected.len(), "{format}");
        assert!(
            sophia::isomorphism::isomorphic_datasets(&read, expected).unwrap(),
            "{format} is not isomorphic to the store's content"
        );
        let reference = if named { &graphs_path } else { &facts_path };
        let seen = python(&[
            "rdf",
            path.to_str().unwrap(),
            format,
            reference.to_str().unwrap(),
        ]);
        assert_eq!(seen["oxigraph"], expected.len() as u64, "{format}");
        assert_eq!(seen["rdflib"], expected.len() as u64, "{format}");
        assert_eq!(seen["rdflib_isomorphic"], true, "{format}");
    }
}

#[test]
fn jsonld_is_compacted_against_the_shipped_context() {
    let path = export("jsonld", &[]);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let shipped: Value =
        serde_json::from_str(include_str!("../../ontology/context.jsonld")).unwrap();
    assert_eq!(json["@context"], shipped["@context"]);
    let meeting = json["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"] == "id:meeting/FRA-IND/jwg-ct/15")
        .expect("the 15th France-India JWG");
    assert_eq!(meeting["@type"], "Meeting");
    assert_eq!(meeting["ordinal"], "15");
    let date = value(
        &select(
            "SELECT ?d WHERE { <https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15> ctkg:date ?d }",
        )[0],
        "d",
    );
    assert_eq!(meeting["date"], date);
    assert_eq!(meeting["sessionOf"], "id:dialogue/FRA-IND/jwg-ct");
    assert!(strings(&meeting["participant"]).contains(&"id:state/FRA".to_string()));
}

#[test]
fn canonical_nquads_of_two_builds_are_byte_identical() {
    let first = export("nq", &["--canonical"]);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    ok(ctkg(&["build", "corpus", "--store", s]));
    let second = dir.path().join("second.nq");
    ok(ctkg(&[
        "export",
        "--store",
        s,
        "--format",
        "nq",
        "--canonical",
        "--out",
        second.to_str().unwrap(),
    ]));
    let (a, b) = (
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
    );
    assert!(a == b, "canonical N-Quads of two builds differ");
    // canonical: sorted lines, blank nodes labelled c14n<n>, same dataset as nq
    let text = String::from_utf8(a).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        text.contains("_:c14n0"),
        "the ontology's blank nodes are relabelled"
    );
    let plain = dataset(&export("nq", &[]), RdfFormat::NQuads);
    let canonical = dataset(&first, RdfFormat::NQuads);
    assert!(sophia::isomorphism::isomorphic_datasets(&plain, &canonical).unwrap());
    assert_ne!(
        std::fs::read(export("nq", &[])).unwrap(),
        text.as_bytes(),
        "the plain export is not the canonical one"
    );
}

#[test]
fn the_sample_graph_conforms_to_the_shapes_and_a_broken_one_does_not() {
    let shapes = root().join("ontology/shapes.ttl");
    let facts = export("nt", &[]);
    let seen = python(&["shacl", facts.to_str().unwrap(), shapes.to_str().unwrap()]);
    assert_eq!(seen["conforms"], true, "{seen}");

    // a meeting of no dialogue, an entity with two names, a date as text
    let text = std::fs::read_to_string(&facts).unwrap();
    let meeting = "<https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15>";
    let mut broken: String = text
        .lines()
        .filter(|l| !(l.starts_with(meeting) && l.contains("#sessionOf>")))
        .map(|l| format!("{l}\n"))
        .collect();
    broken.push_str("<https://w3id.org/ctkg/id/state/IND> <http://www.w3.org/2000/01/rdf-schema#label> \"Bharat\" .\n");
    broken.push_str(&format!(
        "{meeting} <https://w3id.org/ctkg/ontology#endDate> \"November 2021\" .\n"
    ));
    let path = out_dir().join("broken.nt");
    std::fs::write(&path, broken).unwrap();
    let seen = python(&["shacl", path.to_str().unwrap(), shapes.to_str().unwrap()]);
    assert_eq!(seen["conforms"], false);
    let results: BTreeSet<(String, String, String)> = seen["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["focus"]
                    .as_str()
                    .unwrap()
                    .rsplit("/id/")
                    .next()
                    .unwrap()
                    .to_string(),
                r["path"]
                    .as_str()
                    .unwrap()
                    .rsplit(['#', '/'])
                    .next()
                    .unwrap()
                    .to_string(),
                r["component"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        (
            "meeting/FRA-IND/jwg-ct/15",
            "sessionOf",
            "MinCountConstraintComponent",
        ),
        ("state/IND", "label", "MaxCountConstraintComponent"),
        (
            "meeting/FRA-IND/jwg-ct/15",
            "endDate",
            "DatatypeConstraintComponent",
        ),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(results, expected);
}

#[test]
fn the_shapes_target_every_domain_class() {
    let shapes = std::fs::read_to_string(root().join("ontology/shapes.ttl")).unwrap();
    let targets: BTreeSet<String> = shapes
        .split("sh:targetClass")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .split(',')
        .map(|c| c.trim().trim_start_matches("ctkg:").to_string())
        .collect();
    let ontology = ctkg::ontology::Ontology::builtin().unwrap();
    let entity = format!("{}Entity", ctkg::vocab::ONTOLOGY);
    let classes: BTreeSet<String> = ontology
        .classes
        .iter()
        .filter(|c| {
            ontology
                .parents
                .get(*c)
                .is_some_and(|p| p.contains(&entity))
        })
        .map(|c| c.rsplit('#').next().unwrap().to_string())
        .collect();
    assert_eq!(targets, classes);
}

#[test]
fn a_construct_projects_only_its_subgraph() {
    let path = out_dir().join("france.graphml");
    let s = store_arg();
    ok(ctkg(&[
        "export",
        "--store",
        &s,
        "--format",
        "graphml",
        "--out",
        path.to_str().unwrap(),
        "--construct",
        "CONSTRUCT { ?m ctkg:participant ?state ; ctkg:ledBy ?o } WHERE { ?m a ctkg:Meeting ; ctkg:participant <https://w3id.org/ctkg/id/state/FRA> , ?state . OPTIONAL { ?m ctkg:ledBy ?o } }",
    ]));
    let seen = python(&["graphml", path.to_str().unwrap()]);
    let nx = &seen["networkx"];
    // the 15th France-India JWG, its two sides and two leaders
    assert_eq!(nx["nodes"], 5, "{seen}");
    assert_eq!(nx["edges"], 4);
    assert_eq!(
        strings(&nx["labels"]),
        [
            "15th France-India Joint Working Group on Counter-Terrorism",
            "France",
            "India",
            "Mahaveer Singhvi",
            "Philippe Bertoux"
        ]
    );
    assert_eq!(strings(&nx["edge_labels"]), ["ledBy", "participant"]);
    // RDF formats write the constructed graph itself
    let nt = stdout(&ok(ctkg(&[
        "export",
        "--store",
        &s,
        "--format",
        "nt",
        "--construct",
        "CONSTRUCT { <https://w3id.org/ctkg/id/state/FRA> rdfs:label ?l } WHERE { <https://w3id.org/ctkg/id/state/FRA> rdfs:label ?l }",
    ])));
    assert_eq!(
        nt,
        "<https://w3id.org/ctkg/id/state/FRA> <http://www.w3.org/2000/01/rdf-schema#label> \"France\" .\n"
    );
}

#[test]
fn documents_join_the_graph_when_asked() {
    let path = export("graphml", &["--with-documents"]);
    let seen = python(&["graphml", path.to_str().unwrap()]);
    let documents = count("SELECT (COUNT(?d) AS ?n) WHERE { ?d a ctkg:Document }");
    assert_eq!(documents, 5);
    assert_eq!(seen["networkx"]["nodes"], expected_nodes() + documents);
    let sources = count(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ctkg:source ?d . ?s a ?c . ?c rdfs:subClassOf ctkg:Entity }",
    );
    assert_eq!(seen["networkx"]["edges"], expected_edges() + sources);
    assert!(strings(&seen["networkx"]["edge_labels"]).contains(&"source".to_string()));
}

/// A statement whose names hold markup, quotes, line breaks, a control
/// character and three other scripts: in the conference it names (an
/// entity's label) and in its title (the document's label).
fn odd_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let corpus = dir.path().join("corpus");
            std::fs::create_dir(&corpus).unwrap();
            std::fs::write(
                corpus.join("manifest.csv"),
                format!("file,date,title,source\nodd.txt,2023-03-01,\"{}\",https://example.org/odd\n", ODD_TITLE.replace('"', "\"\"")),
            )
            .unwrap();
            std::fs::write(
                corpus.join("odd.txt"),
                "New Delhi, 1 March 2023\n\nThe 5th Meeting of the India-Russia Joint Working Group on Counter-Terrorism was held in New Delhi on 1 March 2023. The Indian delegation was led by Shri Mahaveer Singhvi, Joint Secretary (Counter Terrorism), Ministry of External Affairs. Both sides welcomed the High-Level Conference on \"Cyber <Threats> & 'Terror' in हिन्दी, العربية and Русский\".\n",
            )
            .unwrap();
            let store = dir.path().join("store");
            ok(ctkg(&["build", corpus.to_str().unwrap(), "--store", store.to_str().unwrap()]));
            (dir, store)
        })
        .1
}

const ODD_LABEL: &str =
    "High-Level Conference on \"Cyber <Threats> & 'Terror' in हिन्दी, العربية and Русский\"";
const ODD_TITLE: &str =
    "Title with <angle> & \"quotes\", a line\nbreak, \u{1}control, हिन्दी, العربية, Русский";

#[test]
fn labels_with_markup_and_other_scripts_survive_every_format() {
    let store = odd_store().to_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let exported = |format: &str, documents: bool| {
        let path = dir.path().join(format!("odd.{format}"));
        let mut args = vec!["export", "--store", &store, "--format", format, "--out"];
        let p = path.to_str().unwrap().to_string();
        args.push(&p);
        if documents {
            args.push("--with-documents");
        }
        let o = ok(ctkg(&args));
        (path, stderr(&o))
    };
    // XML 1.0 cannot carry U+0001 at all: written as U+FFFD, and said so
    let xml_title = ODD_TITLE.replace('\u{1}', "\u{FFFD}");
    let has = |labels: &Value, label: &str| strings(labels).iter().any(|l| l == label);

    let (graphml, note) = exported("graphml", true);
    assert!(note.contains("U+FFFD"), "{note}");
    let seen = python(&["graphml", graphml.to_str().unwrap()]);
    for reader in ["networkx", "igraph"] {
        assert!(has(&seen[reader]["labels"], ODD_LABEL), "{reader}: {seen}");
        assert!(has(&seen[reader]["labels"], &xml_title), "{reader}: {seen}");
    }
    let gl = graphology("graphml", &graphml);
    assert!(
        has(&gl["labels"], ODD_LABEL) && has(&gl["labels"], &xml_title),
        "{gl}"
    );

    let (gexf, _) = exported("gexf", true);
    let seen = python(&["gexf", gexf.to_str().unwrap()]);
    assert!(
        has(&seen["labels"], ODD_LABEL) && has(&seen["labels"], &xml_title),
        "{seen}"
    );
    let gl = graphology("gexf", &gexf);
    assert!(
        has(&gl["labels"], ODD_LABEL) && has(&gl["labels"], &xml_title),
        "{gl}"
    );

    let (csv, _) = exported("csv", true);
    let seen = python(&["csv", csv.to_str().unwrap()]);
    assert!(
        has(&seen["labels"], ODD_LABEL) && has(&seen["labels"], ODD_TITLE),
        "{seen}"
    );

    let (dot, _) = exported("dot", true);
    let o = Command::new("dot").arg("-Tsvg").arg(&dot).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(
        svg.contains("Cyber &lt;Threats&gt; &amp; &#39;Terror&#39; in हिन्दी, العربية and Русский")
            || svg.contains("Cyber &lt;Threats&gt; &amp; 'Terror' in हिन्दी, العربية and Русский"),
        "{svg}"
    );

    // RDF keeps every character (RDF/XML, being XML, all but U+0001)
    let (nt, _) = exported("nt", false);
    let (nq, _) = exported("nq", false);
    for format in ["nt", "ttl", "jsonld", "nq", "trig", "rdfxml"] {
        let (path, _) = exported(format, false);
        let reference = if format == "nq" || format == "trig" {
            &nq
        } else {
            &nt
        };
        let seen = python(&[
            "rdf",
            path.to_str().unwrap(),
            format,
            reference.to_str().unwrap(),
        ]);
        assert!(has(&seen["labels"], ODD_LABEL), "{format}: {seen}");
        assert_eq!(seen["rdflib_isomorphic"], format != "rdfxml", "{format}");
        let read = dataset(
            &path,
            match format {
                "nt" => RdfFormat::NTriples,
                "ttl" => RdfFormat::Turtle,
                "jsonld" => RdfFormat::JsonLd {
                    profile: oxigraph::io::JsonLdProfileSet::empty(),
                },
                "nq" => RdfFormat::NQuads,
                "trig" => RdfFormat::TriG,
                _ => RdfFormat::RdfXml,
            },
        );
        let title = if format == "rdfxml" {
            xml_title.as_str()
        } else {
            ODD_TITLE
        };
        assert!(
            read.iter()
                .any(|q| q.o().lexical_form().is_some_and(|l| l == title)),
            "{format} lost the title"
        );
    }
}

#[test]
fn export_to_a_reader_that_stops_ends_quietly() {
    let s = store_arg();
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' export --store '{s}' --format nt | head -n 1",
            env!("CARGO_BIN_EXE_ctkg")
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

#[test]
fn bad_requests_fail_clearly_and_leave_no_file() {
    let s = store_arg();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.graphml");
    let t = target.to_str().unwrap();
    let nothing_written = || {
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    };
    let fails = |args: &[&str], code: i32, says: &str| {
        let o = ctkg(args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?} wrote to stdout");
    };
    fails(
        &["export", "--store", &s, "--format", "xlsx", "--out", t],
        2,
        "graphml",
    );
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "graphml",
            "--out",
            t,
            "--construct",
            "CONSTRUCT WHERE { ?s ?p",
        ],
        2,
        "--construct: SPARQL syntax error",
    );
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "graphml",
            "--out",
            t,
            "--construct",
            "SELECT * WHERE { ?s ?p ?o }",
        ],
        2,
        "needs a CONSTRUCT",
    );
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "ttl",
            "--out",
            t,
            "--construct",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(false) }",
        ],
        1,
        "built no triples",
    );
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "graphml",
            "--out",
            t,
            "--construct",
            "CONSTRUCT { ?d ctkg:fileName ?f } WHERE { ?d ctkg:fileName ?f }",
        ],
        1,
        "name no entity",
    );
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "ttl",
            "--canonical",
            "--out",
            t,
        ],
        2,
        "--canonical",
    );
    fails(
        &["export", "--store", &s, "--format", "csv"],
        2,
        "--out FOLDER",
    );
    let unknown = dir.path().join("out.xlsx");
    fails(
        &["export", "--store", &s, "--out", unknown.to_str().unwrap()],
        1,
        "give --format",
    );
    nothing_written();
    let missing = dir.path().join("no/such/folder/out.nt");
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "nt",
            "--out",
            missing.to_str().unwrap(),
        ],
        1,
        "no/such/folder/out.nt",
    );
    nothing_written();
    // a path through a file: unwritable even for root
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let through = blocker.path().join("out.nt");
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "nt",
            "--out",
            through.to_str().unwrap(),
        ],
        1,
        "out.nt",
    );
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "nt",
            "--construct-file",
            "no-such-query.rq",
        ],
        1,
        "no-such-query.rq",
    );
    // an export that fails midway keeps the previous file whole
    std::fs::write(&target, "previous").unwrap();
    fails(
        &[
            "export",
            "--store",
            &s,
            "--format",
            "graphml",
            "--out",
            t,
            "--construct",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(false) }",
        ],
        1,
        "built no triples",
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_committed_exports_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("exports");
    let o = Command::new("bash")
        .arg(root().join("scripts/exports"))
        .arg(&fresh)
        .env("CTKG", env!("CARGO_BIN_EXE_ctkg"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let committed = root().join("exports");
    let mut files = Vec::new();
    list(&fresh, &fresh, &mut files);
    let mut committed_files = Vec::new();
    list(&committed, &committed, &mut committed_files);
    assert_eq!(
        files, committed_files,
        "exports/ holds other files; run scripts/exports"
    );
    for f in &files {
        let (a, b) = (
            std::fs::read(fresh.join(f)).unwrap(),
            std::fs::read(committed.join(f)).unwrap(),
        );
        assert!(a == b, "exports/{f} is stale: run scripts/exports");
    }
    for required in [
        "ctkg.graphml",
        "ctkg.gexf",
        "ctkg.ttl",
        "ctkg.jsonld",
        "csv/nodes.csv",
        "csv/edges.csv",
        "ctkg.svg",
    ] {
        assert!(files.iter().any(|f| f == required), "{required}");
    }
}

fn list(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            list(base, &e, out);
        } else {
            out.push(e.strip_prefix(base).unwrap().to_string_lossy().into_owned());
        }
    }
}
