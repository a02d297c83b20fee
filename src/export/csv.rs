//! The projection as two CSV files `neo4j-admin database import full`
//! reads: `nodes.csv` (`id:ID`, `:LABEL` = the node's type, typed property
//! columns such as `ordinal:int`, `date:date`, `altLabel:string[]`) and
//! `edges.csv` (`:START_ID`, `:END_ID`, `:TYPE` = the property's local
//! name, `weight:int`). Arrays use neo4j's default delimiter `;` (a `;`
//! inside a name becomes `,`); values may span lines, so import with
//! `--multiline-fields=true`.

use std::io::Write;

use petgraph::visit::EdgeRef;

use super::ExportError;
use super::projection::{AttributeKind, PropertyGraph};

pub const NODES: &str = "nodes.csv";
pub const EDGES: &str = "edges.csv";

fn neo4j_type(kind: AttributeKind) -> &'static str {
    match kind {
        AttributeKind::String => "string",
        AttributeKind::Int => "int",
        AttributeKind::Double => "double",
        AttributeKind::Boolean => "boolean",
        AttributeKind::Date => "date",
    }
}

fn csv_error(e: csv::Error) -> ExportError {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => ExportError::Write(e),
        other => ExportError::Write(std::io::Error::other(format!("{other:?}"))),
    }
}

pub fn write(
    g: &PropertyGraph,
    nodes: &mut dyn Write,
    edges: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut n = csv::Writer::from_writer(nodes);
    let mut header = vec![
        "id:ID".to_string(),
        ":LABEL".to_string(),
        "label".to_string(),
        "altLabel:string[]".to_string(),
    ];
    header.extend(
        g.attributes
            .iter()
            .map(|(name, kind)| format!("{name}:{}", neo4j_type(*kind))),
    );
    n.write_record(&header).map_err(csv_error)?;
    for index in g.graph.node_indices() {
        let node = &g.graph[index];
        let mut row = vec![
            node.id.clone(),
            node.class.clone(),
            node.label.clone(),
            node.alt_labels
                .iter()
                .map(|a| a.replace(';', ","))
                .collect::<Vec<_>>()
                .join(";"),
        ];
        row.extend(g.attributes.iter().map(|(name, _)| {
            node.attributes
                .get(name)
                .map(|v| v.text())
                .unwrap_or_default()
        }));
        n.write_record(&row).map_err(csv_error)?;
    }
    n.flush()?;

    let mut e = csv::Writer::from_writer(edges);
    e.write_record([":START_ID", ":END_ID", ":TYPE", "weight:int"])
        .map_err(csv_error)?;
    for edge in g.graph.edge_references() {
        e.write_record([
            g.graph[edge.source()].id.as_str(),
            g.graph[edge.target()].id.as_str(),
            edge.weight().label.as_str(),
            &edge.weight().weight.to_string(),
        ])
        .map_err(csv_error)?;
    }
    e.flush()?;
    Ok(())
}
