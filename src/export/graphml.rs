//! GraphML (graphml.graphdrawing.org) as Gephi, networkx, igraph and
//! graphology read it: keys declared for nodes and for edges separately
//! (never `for="all"`, which Gephi turns into node columns only), typed;
//! Gephi's own key names for the label, colour (`r`, `g`, `b` integers)
//! and `weight`; ids are IRIs; order is the projection's, so output is
//! deterministic.

use std::io::Write;

use petgraph::visit::EdgeRef;

use super::ExportError;
use super::palette;
use super::projection::{AttributeKind, PropertyGraph};
use super::xml::XmlWriter;

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

fn graphml_type(kind: AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Int => "int",
        AttributeKind::Double => "double",
        AttributeKind::Boolean => "boolean",
        // dates as ISO 8601 strings: GraphML has no date type
        AttributeKind::String | AttributeKind::Date => "string",
    }
}

/// Writes the graph; returns how many characters XML could not carry.
pub fn write(g: &PropertyGraph, out: &mut dyn Write) -> Result<usize, ExportError> {
    let mut w = XmlWriter::new(out)?;
    w.open(
        "graphml",
        &[
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    let mut node_keys: Vec<(&str, &str)> = vec![
        ("label", "string"),
        ("type", "string"),
        ("iri", "string"),
        ("altLabel", "string"),
    ];
    node_keys.extend(
        g.attributes
            .iter()
            .map(|(name, kind)| (name.as_str(), graphml_type(*kind))),
    );
    node_keys.extend([("r", "int"), ("g", "int"), ("b", "int")]);
    for (name, kind) in &node_keys {
        w.empty(
            "key",
            &[
                ("id", name),
                ("for", "node"),
                ("attr.name", name),
                ("attr.type", kind),
            ],
        )?;
    }
    // edge keys have ids of their own: a GraphML key id is global
    for (id, name, kind) in [
        ("edgelabel", "label", "string"),
        ("weight", "weight", "int"),
    ] {
        w.empty(
            "key",
            &[
                ("id", id),
                ("for", "edge"),
                ("attr.name", name),
                ("attr.type", kind),
            ],
        )?;
    }
    w.open("graph", &[("id", "ctkg"), ("edgedefault", "directed")])?;
    for index in g.graph.node_indices() {
        let node = &g.graph[index];
        w.open("node", &[("id", &node.id)])?;
        w.element("data", &[("key", "label")], &node.label)?;
        w.element("data", &[("key", "type")], &node.class)?;
        w.element("data", &[("key", "iri")], &node.id)?;
        if !node.alt_labels.is_empty() {
            w.element("data", &[("key", "altLabel")], &node.alt_labels.join(" | "))?;
        }
        for (name, value) in &node.attributes {
            w.element("data", &[("key", name)], &value.text())?;
        }
        let rgb = palette::colour(&node.class);
        for (key, v) in ["r", "g", "b"].iter().zip(rgb) {
            w.element("data", &[("key", key)], &v.to_string())?;
        }
        w.close("node")?;
    }
    for (i, edge) in g.graph.edge_references().enumerate() {
        let id = format!("e{i}");
        w.open(
            "edge",
            &[
                ("id", &id),
                ("source", &g.graph[edge.source()].id),
                ("target", &g.graph[edge.target()].id),
            ],
        )?;
        w.element("data", &[("key", "edgelabel")], &edge.weight().label)?;
        w.element(
            "data",
            &[("key", "weight")],
            &edge.weight().weight.to_string(),
        )?;
        w.close("edge")?;
    }
    w.close("graph")?;
    w.close("graphml")?;
    Ok(w.finish()?)
}
