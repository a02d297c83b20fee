//! The property-graph projection (DESIGN.md): one rule, driven by the
//! ontology, for every property-graph writer.
//!
//! Nodes are the resources typed with a domain class, a subclass of
//! `ctkg:Entity` in the ontology (documents join them with
//! `--with-documents`; evidence, whatever its classes, never does). A node
//! has an id (its IRI), a `label` (`rdfs:label`), a `type` (its class's local
//! name), its other names (`skos:altLabel`) and its literal values as typed
//! attributes. A triple between two nodes is a directed edge labelled with
//! the property's local name and weighted by the number of documents that
//! support it (at least 1). An edge implied by a more specific one between
//! the same nodes (`mentions` beside `callsForActionAgainst`, which the
//! builder asserts for SPARQL's sake) is left out, so degrees and weights
//! count each statement once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use petgraph::graph::{DiGraph, NodeIndex};

use super::ExportError;
use super::source::Source;
use crate::ontology::Ontology;
use crate::vocab::{DCTERMS, ONTOLOGY, PREFIXES, SKOS, XSD};

/// The type of an attribute's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttributeKind {
    String,
    Int,
    Double,
    Boolean,
    /// An ISO 8601 date (`xsd:date`).
    Date,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Int(i64),
    Double(f64),
    Boolean(bool),
    Date(String),
}

impl Value {
    /// The value as text: ISO dates, `true`/`false`, plain numbers.
    pub fn text(&self) -> String {
        match self {
            Value::String(s) | Value::Date(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Double(d) => d.to_string(),
            Value::Boolean(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The IRI (or `_:` blank node label).
    pub id: String,
    pub label: String,
    /// The local name of its domain class.
    pub class: String,
    /// Other names, sorted.
    pub alt_labels: Vec<String>,
    /// Literal values by attribute name; one value each.
    pub attributes: BTreeMap<String, Value>,
    /// When it took place (`ctkg:date`, `ctkg:endDate`), for timelines.
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The property's local name.
    pub label: String,
    /// The property's IRI.
    pub property: String,
    /// Documents that support the triple, at least 1.
    pub weight: usize,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The projected graph: nodes sorted by id, each node's edges by property
/// and target, so writers are deterministic.
#[derive(Debug, Clone, Default)]
pub struct PropertyGraph {
    pub graph: DiGraph<Node, Edge>,
    /// Every attribute some node has, sorted by name, with its type.
    pub attributes: Vec<(String, AttributeKind)>,
}

/// Names a writer gives the projection's own fields; attributes from the
/// data that would clash are prefixed with `ctkg_`.
pub const RESERVED: &[&str] = &[
    "id",
    "label",
    "type",
    "iri",
    "altLabel",
    "r",
    "g",
    "b",
    "weight",
    "edgelabel",
    "start",
    "end",
];

/// Projects the source's graph.
pub fn project(source: &Source<'_>, with_documents: bool) -> Result<PropertyGraph, ExportError> {
    let ontology = Ontology::builtin()?;
    let classes = node_classes(&ontology, with_documents);

    // node → its domain classes (local names)
    let mut members: BTreeMap<String, (NamedOrBlankNode, BTreeSet<String>)> = BTreeMap::new();
    for (class, local) in &classes {
        for resource in source.instances(class.as_ref())? {
            members
                .entry(id_of(&resource))
                .or_insert_with(|| (resource.clone(), BTreeSet::new()))
                .1
                .insert(local.clone());
        }
    }

    let label_iri = rdfs::LABEL.as_str();
    let alt_label_iri = format!("{SKOS}altLabel");
    let hidden_label_iri = format!("{SKOS}hiddenLabel");
    let title_iri = format!("{DCTERMS}title");
    let file_name_iri = format!("{ONTOLOGY}fileName");
    let date_iri = format!("{ONTOLOGY}date");
    let end_date_iri = format!("{ONTOLOGY}endDate");

    let mut graph = DiGraph::new();
    let mut index: HashMap<String, NodeIndex> = HashMap::new();
    let mut literals: Vec<BTreeMap<String, BTreeSet<LiteralKey>>> = Vec::new();
    let mut links: Vec<Vec<Triple>> = Vec::new();
    for (id, (resource, node_classes)) in &members {
        let about = source.about(resource.as_ref())?;
        let mut labels = BTreeSet::new();
        let mut alt_labels = BTreeSet::new();
        let mut fallback_labels = BTreeSet::new();
        let mut values: BTreeMap<String, BTreeSet<LiteralKey>> = BTreeMap::new();
        let (mut start, mut end) = (BTreeSet::new(), BTreeSet::new());
        for t in &about.facts {
            let Term::Literal(literal) = &t.object else {
                continue;
            };
            let p = t.predicate.as_str();
            if p == label_iri {
                labels.insert(literal.value().to_string());
                continue;
            }
            if p == alt_label_iri {
                alt_labels.insert(literal.value().to_string());
                continue;
            }
            if p == hidden_label_iri {
                continue; // a search key, not a name to show
            }
            if p == title_iri || p == file_name_iri {
                fallback_labels.insert((p != title_iri, literal.value().to_string()));
            }
            if p == date_iri {
                start.insert(literal.value().to_string());
            } else if p == end_date_iri {
                end.insert(literal.value().to_string());
            }
            values
                .entry(attribute_name(p))
                .or_default()
                .insert(LiteralKey(literal.clone()));
        }
        let label = labels
            .first()
            .cloned()
            .or_else(|| fallback_labels.first().map(|(_, l)| l.clone()))
            .unwrap_or_else(|| local_name(id).to_string());
        // a second canonical label (two documents disagreeing) is kept as another name
        alt_labels.extend(labels.into_iter().skip(1));
        alt_labels.remove(&label);
        let node = Node {
            id: id.clone(),
            label,
            class: node_classes.first().cloned().unwrap_or_default(),
            alt_labels: alt_labels.into_iter().collect(),
            attributes: BTreeMap::new(),
            start: start.first().cloned(),
            end: end.last().cloned(),
        };
        index.insert(id.clone(), graph.add_node(node));
        literals.push(values);
        links.push(about.links);
    }

    // attribute types, from the literals' datatypes across all nodes
    let mut kinds: BTreeMap<String, AttributeKind> = BTreeMap::new();
    for values in &literals {
        for (name, set) in values {
            for l in set {
                let k = kind_of(&l.0);
                kinds
                    .entry(name.clone())
                    .and_modify(|have| *have = join_kinds(*have, k))
                    .or_insert(k);
            }
        }
    }
    for (i, values) in literals.into_iter().enumerate() {
        let node = &mut graph[NodeIndex::new(i)];
        for (name, set) in values {
            let kind = kinds[&name];
            node.attributes.insert(name, value_of(kind, &set));
        }
    }

    // edges, less those a more specific property between the same nodes implies
    for (i, triples) in links.into_iter().enumerate() {
        let from = NodeIndex::new(i);
        let mut by_target: BTreeMap<String, Vec<Triple>> = BTreeMap::new();
        for t in triples {
            if t.predicate == rdf::TYPE {
                continue;
            }
            let target = match &t.object {
                Term::NamedNode(n) => n.as_str().to_string(),
                Term::BlankNode(b) => format!("_:{}", b.as_str()),
                _ => continue,
            };
            if index.contains_key(&target) {
                by_target.entry(target).or_default().push(t);
            }
        }
        for (target, mut triples) in by_target {
            triples.sort_by(|a, b| a.predicate.cmp(&b.predicate));
            triples.dedup();
            let properties: Vec<&str> = triples.iter().map(|t| t.predicate.as_str()).collect();
            for t in &triples {
                let p = t.predicate.as_str();
                let implied = properties
                    .iter()
                    .any(|q| *q != p && ancestors(&ontology, q).contains(p));
                if implied {
                    continue;
                }
                let weight = source.support(t.as_ref())?.max(1);
                graph.add_edge(
                    from,
                    index[&target],
                    Edge {
                        label: attribute_name(p),
                        property: p.to_string(),
                        weight,
                    },
                );
            }
        }
    }
    if source.is_constructed() && graph.node_count() == 0 {
        return Err(ExportError::NoNodes {
            source_name: source.source_name().to_string(),
        });
    }
    Ok(PropertyGraph {
        graph,
        attributes: kinds.into_iter().collect(),
    })
}

/// The classes whose instances are nodes: subclasses of `ctkg:Entity`, and
/// `ctkg:Document` when asked; with their local names, sorted.
pub fn node_classes(ontology: &Ontology, with_documents: bool) -> Vec<(NamedNode, String)> {
    let entity = format!("{ONTOLOGY}Entity");
    let document = format!("{ONTOLOGY}Document");
    ontology
        .classes
        .iter()
        .filter(|c| {
            (**c != entity && ancestors(ontology, c).contains(entity.as_str()))
                || (with_documents && **c == document)
        })
        .map(|c| (NamedNode::new_unchecked(c), local_name(c).to_string()))
        .collect()
}

/// Every superclass or superproperty of a term, transitively.
fn ancestors<'o>(ontology: &'o Ontology, term: &str) -> BTreeSet<&'o str> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<&str> = ontology
        .parents
        .get(term)
        .map(|p| p.iter().map(String::as_str).collect())
        .unwrap_or_default();
    while let Some(t) = todo.pop() {
        if out.insert(t)
            && let Some(parents) = ontology.parents.get(t)
        {
            todo.extend(parents.iter().map(String::as_str));
        }
    }
    out
}

fn id_of(resource: &NamedOrBlankNode) -> String {
    match resource {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

/// The last segment of an IRI (after `#` or `/`).
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri)
}

/// An attribute's (or edge label's) name for a property: the local name for
/// ctkg's terms, `prefix_local` for other known vocabularies.
pub fn attribute_name(iri: &str) -> String {
    let name = if let Some(local) = iri.strip_prefix(ONTOLOGY) {
        local.to_string()
    } else if let Some((prefix, local)) = PREFIXES
        .iter()
        .filter(|(p, _)| *p != "ctkg")
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|l| (*p, l)))
        .filter(|(_, l)| !l.is_empty())
    {
        format!("{prefix}_{local}")
    } else {
        local_name(iri).to_string()
    };
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if RESERVED.contains(&name.as_str()) {
        format!("ctkg_{name}")
    } else {
        name
    }
}

/// A literal ordered by its value then datatype, for deterministic choices.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LiteralKey(Literal);

impl Ord for LiteralKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.value(), self.0.datatype().as_str())
            .cmp(&(other.0.value(), other.0.datatype().as_str()))
    }
}

impl PartialOrd for LiteralKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

const INTEGER_TYPES: &[&str] = &[
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
    "unsignedByte",
];

fn kind_of(literal: &Literal) -> AttributeKind {
    let datatype = literal.datatype();
    let Some(local) = datatype.as_str().strip_prefix(XSD) else {
        return AttributeKind::String;
    };
    let value = literal.value();
    match local {
        l if INTEGER_TYPES.contains(&l) && value.parse::<i64>().is_ok() => AttributeKind::Int,
        "double" | "float" | "decimal" if value.parse::<f64>().is_ok() => AttributeKind::Double,
        "boolean" if matches!(value, "true" | "false" | "1" | "0") => AttributeKind::Boolean,
        "date" if is_iso_date(value) => AttributeKind::Date,
        _ => AttributeKind::String,
    }
}

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn join_kinds(a: AttributeKind, b: AttributeKind) -> AttributeKind {
    use AttributeKind::*;
    match (a, b) {
        (a, b) if a == b => a,
        (Int, Double) | (Double, Int) => Double,
        _ => String,
    }
}

/// One value of a type from a node's literals: the least number or date,
/// the first boolean, strings joined (sorted) with " | ".
fn value_of(kind: AttributeKind, set: &BTreeSet<LiteralKey>) -> Value {
    let texts = set.iter().map(|l| l.0.value());
    match kind {
        AttributeKind::Int => Value::Int(texts.filter_map(|v| v.parse().ok()).min().unwrap_or(0)),
        AttributeKind::Double => Value::Double(
            texts
                .filter_map(|v| v.parse::<f64>().ok())
                .fold(f64::INFINITY, f64::min),
        ),
        AttributeKind::Boolean => Value::Boolean(
            texts
                .map(|v| matches!(v, "true" | "1"))
                .next()
                .unwrap_or(false),
        ),
        AttributeKind::Date => Value::Date(texts.min().unwrap_or_default().to_string()),
        AttributeKind::String => {
            let distinct: BTreeSet<&str> = texts.collect();
            Value::String(distinct.into_iter().collect::<Vec<_>>().join(" | "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::xsd;

    #[test]
    fn the_domain_classes_come_from_the_ontology() {
        let ontology = Ontology::builtin().unwrap();
        let names: Vec<String> = node_classes(&ontology, false)
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        let expected: Vec<String> = crate::model::EntityType::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(names, expected);
        let with_documents = node_classes(&ontology, true);
        assert!(with_documents.iter().any(|(_, l)| l == "Document"));
        assert!(!with_documents.iter().any(|(_, l)| l == "Mention"));
    }

    #[test]
    fn attribute_names_are_local_names_or_prefixed() {
        assert_eq!(attribute_name(&format!("{ONTOLOGY}ordinal")), "ordinal");
        assert_eq!(attribute_name(&format!("{DCTERMS}title")), "dcterms_title");
        assert_eq!(attribute_name("http://example.org/x#weight"), "ctkg_weight");
        assert_eq!(attribute_name("http://example.org/a-b"), "a_b");
    }

    #[test]
    fn values_keep_their_types_and_choose_deterministically() {
        let lit = |v: &str, t: oxigraph::model::NamedNodeRef<'_>| {
            LiteralKey(Literal::new_typed_literal(v, t))
        };
        assert_eq!(kind_of(&lit("15", xsd::INTEGER).0), AttributeKind::Int);
        assert_eq!(
            kind_of(&lit("2019-07-16", xsd::DATE).0),
            AttributeKind::Date
        );
        assert_eq!(kind_of(&lit("July", xsd::DATE).0), AttributeKind::String);
        assert_eq!(
            kind_of(&lit("true", xsd::BOOLEAN).0),
            AttributeKind::Boolean
        );
        let dates: BTreeSet<_> =
            [lit("2020-01-02", xsd::DATE), lit("2019-05-01", xsd::DATE)].into();
        assert_eq!(
            value_of(AttributeKind::Date, &dates),
            Value::Date("2019-05-01".into())
        );
        let titles: BTreeSet<_> = [lit("b", xsd::STRING), lit("a", xsd::STRING)].into();
        assert_eq!(
            value_of(AttributeKind::String, &titles),
            Value::String("a | b".into())
        );
        assert_eq!(
            join_kinds(AttributeKind::Int, AttributeKind::Double),
            AttributeKind::Double
        );
        assert_eq!(
            join_kinds(AttributeKind::Int, AttributeKind::Date),
            AttributeKind::String
        );
    }
}
