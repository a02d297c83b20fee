//! Graphviz dot, written by petgraph's `Dot` with ctkg's attributes: a node
//! is labelled with its name, filled with its type's colour and links to
//! its IRI (clickable in SVG); an edge's width grows with its weight.
//! Render with `sfdp -Tsvg` (or `dot`, `neato`).

use std::io::Write;

use petgraph::dot::{Config, Dot};

use super::ExportError;
use super::palette;
use super::projection::PropertyGraph;

/// A dot string literal: quotes and backslashes escaped, a line break as
/// dot's `\n`; characters no font shows (controls) as U+FFFD.
fn quoted(s: &str, replaced: &std::cell::Cell<usize>) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let s = s.replace("\r\n", "\n");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {
                replaced.set(replaced.get() + 1);
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn write(g: &PropertyGraph, out: &mut dyn Write) -> Result<usize, ExportError> {
    let replaced = std::cell::Cell::new(0);
    let node_attributes = |_, (_, node): (_, &super::Node)| {
        format!(
            "label = {} fillcolor = \"{}\" fontcolor = \"{}\" tooltip = {} URL = {} class = {}",
            quoted(&node.label, &replaced),
            palette::hex(&node.class),
            palette::text_hex(&node.class),
            quoted(&format!("{} ({})", node.label, node.class), &replaced),
            quoted(&node.id, &replaced),
            quoted(&node.class, &replaced),
        )
    };
    let edge_attributes = |_, edge: petgraph::graph::EdgeReference<'_, super::Edge>| {
        let e = edge.weight();
        format!(
            "tooltip = {} penwidth = {:.1}",
            quoted(&format!("{} ({} documents)", e.label, e.weight), &replaced),
            1.0 + (e.weight as f64).ln(),
        )
    };
    let dot = Dot::with_attr_getters(
        &g.graph,
        &[
            Config::NodeNoLabel,
            Config::EdgeNoLabel,
            Config::GraphContentOnly,
        ],
        &edge_attributes,
        &node_attributes,
    );
    writeln!(out, "digraph ctkg {{")?;
    writeln!(
        out,
        "    graph [overlap = false outputorder = edgesfirst fontname = \"Helvetica\"]"
    )?;
    writeln!(
        out,
        "    node [style = filled shape = ellipse fontname = \"Helvetica\" fontsize = 10 color = \"#ffffff\"]"
    )?;
    writeln!(out, "    edge [color = \"#88888888\" arrowsize = 0.5]")?;
    write!(out, "{dot}")?;
    writeln!(out, "}}")?;
    out.flush()?;
    Ok(replaced.get())
}
