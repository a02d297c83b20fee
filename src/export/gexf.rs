//! GEXF 1.3, Gephi's own format: the projection's nodes and edges with
//! labels, typed attributes and `viz:color`, in a dynamic graph whose dated
//! nodes (meetings, conferences: `ctkg:date` to `ctkg:endDate`) carry their
//! dates as spells, and whose edges to or from them carry the same, so
//! Gephi's timeline plays the network over the years. Undated nodes have no
//! spell and stay visible throughout.

use std::io::Write;

use petgraph::visit::EdgeRef;

use super::ExportError;
use super::palette;
use super::projection::{AttributeKind, Node, PropertyGraph};
use super::xml::XmlWriter;

fn gexf_type(kind: AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Int => "integer",
        AttributeKind::Double => "double",
        AttributeKind::Boolean => "boolean",
        AttributeKind::String | AttributeKind::Date => "string",
    }
}

/// A node's spell: from its date to its end date (or the same day).
fn spell(node: &Node) -> Option<(String, String)> {
    let start = node.start.clone()?;
    let end = node
        .end
        .clone()
        .filter(|e| *e >= start)
        .unwrap_or_else(|| start.clone());
    Some((start, end))
}

fn write_spell(w: &mut XmlWriter<'_>, spell: &Option<(String, String)>) -> std::io::Result<()> {
    if let Some((start, end)) = spell {
        w.open("spells", &[])?;
        w.empty("spell", &[("start", start), ("end", end)])?;
        w.close("spells")?;
    }
    Ok(())
}

/// Writes the graph; returns how many characters XML could not carry.
pub fn write(g: &PropertyGraph, out: &mut dyn Write) -> Result<usize, ExportError> {
    let mut w = XmlWriter::new(out)?;
    w.open(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    )?;
    w.open("meta", &[])?;
    w.element("creator", &[], concat!("ctkg ", env!("CARGO_PKG_VERSION")))?;
    w.element(
        "description",
        &[],
        "Counter-terrorism cooperation between states, from diplomatic statements",
    )?;
    w.close("meta")?;
    w.open(
        "graph",
        &[
            ("defaultedgetype", "directed"),
            ("mode", "dynamic"),
            ("timeformat", "date"),
            ("timerepresentation", "interval"),
        ],
    )?;
    w.open("attributes", &[("class", "node"), ("mode", "static")])?;
    let mut attributes: Vec<(&str, &str)> = vec![
        ("type", "string"),
        ("iri", "string"),
        ("altLabel", "string"),
    ];
    attributes.extend(
        g.attributes
            .iter()
            .map(|(name, kind)| (name.as_str(), gexf_type(*kind))),
    );
    for (name, kind) in &attributes {
        w.empty(
            "attribute",
            &[("id", name), ("title", name), ("type", kind)],
        )?;
    }
    w.close("attributes")?;

    w.open("nodes", &[])?;
    for index in g.graph.node_indices() {
        let node = &g.graph[index];
        w.open("node", &[("id", &node.id), ("label", &node.label)])?;
        w.open("attvalues", &[])?;
        w.empty("attvalue", &[("for", "type"), ("value", &node.class)])?;
        w.empty("attvalue", &[("for", "iri"), ("value", &node.id)])?;
        if !node.alt_labels.is_empty() {
            w.empty(
                "attvalue",
                &[("for", "altLabel"), ("value", &node.alt_labels.join(" | "))],
            )?;
        }
        for (name, value) in &node.attributes {
            w.empty("attvalue", &[("for", name), ("value", &value.text())])?;
        }
        w.close("attvalues")?;
        write_spell(&mut w, &spell(node))?;
        let [r, gr, b] = palette::colour(&node.class);
        w.empty(
            "viz:color",
            &[
                ("r", &r.to_string()),
                ("g", &gr.to_string()),
                ("b", &b.to_string()),
                ("a", "1.0"),
            ],
        )?;
        w.close("node")?;
    }
    w.close("nodes")?;

    w.open("edges", &[])?;
    for (i, edge) in g.graph.edge_references().enumerate() {
        let (source, target) = (&g.graph[edge.source()], &g.graph[edge.target()]);
        let id = format!("e{i}");
        let weight = edge.weight().weight.to_string();
        let attributes = [
            ("id", id.as_str()),
            ("source", source.id.as_str()),
            ("target", target.id.as_str()),
            ("label", edge.weight().label.as_str()),
            ("weight", weight.as_str()),
        ];
        // an edge lives while the dated end of it does
        match spell(source).or_else(|| spell(target)) {
            None => w.empty("edge", &attributes)?,
            spell => {
                w.open("edge", &attributes)?;
                write_spell(&mut w, &spell)?;
                w.close("edge")?;
            }
        }
    }
    w.close("edges")?;
    w.close("graph")?;
    w.close("gexf")?;
    Ok(w.finish()?)
}
