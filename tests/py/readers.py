"""Reads ctkg's exports back with the real readers and prints what they saw
as JSON, for tests/it/export.rs to compare with the store.

    python3 tests/py/readers.py graphml FILE
    python3 tests/py/readers.py gexf FILE
    python3 tests/py/readers.py csv FOLDER
    python3 tests/py/readers.py rdf FILE FORMAT REFERENCE.nt|nq
    python3 tests/py/readers.py shacl DATA SHAPES
"""

import csv
import json
import re
import sys


def graphml(path):
    import igraph
    import networkx as nx

    g = nx.read_graphml(path)
    weights = [d.get("weight") for _, _, d in g.edges(data=True)]
    out = {
        "networkx": {
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "directed": g.is_directed(),
            "without_label": sum(1 for _, d in g.nodes(data=True) if not d.get("label")),
            "without_type": sum(1 for _, d in g.nodes(data=True) if not d.get("type")),
            "weights_not_int": sum(1 for w in weights if not isinstance(w, int)),
            "min_weight": min(weights) if weights else None,
            "labels": sorted(d.get("label", "") for _, d in g.nodes(data=True)),
            "edge_labels": sorted({d.get("label", "") for _, _, d in g.edges(data=True)}),
            "ordinal_types": sorted({type(d["ordinal"]).__name__ for _, d in g.nodes(data=True) if "ordinal" in d}),
            "colours": sum(1 for _, d in g.nodes(data=True) if all(isinstance(d.get(c), int) for c in "rgb")),
        }
    }
    ig = igraph.Graph.Read_GraphML(path)
    out["igraph"] = {
        "nodes": ig.vcount(),
        "edges": ig.ecount(),
        "directed": ig.is_directed(),
        "vertex_attributes": sorted(ig.vs.attributes()),
        "edge_attributes": sorted(ig.es.attributes()),
        "min_weight": min(ig.es["weight"]) if ig.ecount() else None,
        "labels": sorted(ig.vs["label"]),
    }
    text = open(path, encoding="utf-8").read()
    out["keys"] = re.findall(r'<key [^>]*for="([^"]*)"', text)
    return out


def gexf(path):
    import networkx as nx
    from networkx.readwrite import gexf as nx_gexf

    # networkx knows GEXF up to 1.2; 1.3 keeps 1.2's elements for what ctkg
    # writes (attributes, spells, viz colours) under new namespaces
    nx_gexf.GEXF.versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3",
        "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        "VERSION": "1.3",
    }
    g = nx.read_gexf(path, version="1.3")
    nodes = list(g.nodes(data=True))
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "without_label": sum(1 for _, d in nodes if not d.get("label")),
        "without_type": sum(1 for _, d in nodes if not d.get("type")),
        "min_weight": min((d.get("weight", 0) for _, _, d in g.edges(data=True)), default=None),
        "with_spells": sorted(n for n, d in nodes if d.get("spells")),
        "spells": {n: d["spells"] for n, d in nodes if d.get("spells")},
        "coloured": sum(1 for _, d in nodes if "color" in d.get("viz", {})),
        "labels": sorted(d.get("label", "") for _, d in nodes),
        "mode": g.graph.get("mode"),
    }


# neo4j-admin database import's header rules
NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char",
               "string", "point", "date", "localtime", "time", "localdatetime",
               "datetime", "duration"}


def header_errors(header, kind):
    errors = []
    fields = {}
    for column in header:
        name, _, typ = column.partition(":")
        if typ in ("ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"):
            fields[typ] = fields.get(typ, 0) + 1
            continue
        base = typ[:-2] if typ.endswith("[]") else typ
        if typ and base not in NEO4J_TYPES:
            errors.append(f"{column}: unknown type {typ}")
        if not name:
            errors.append(f"{column}: a property column needs a name")
    need = ["ID"] if kind == "nodes" else ["START_ID", "END_ID", "TYPE"]
    for n in need:
        if fields.get(n) != 1:
            errors.append(f"{kind}: needs exactly one :{n} column")
    names = [c.partition(":")[0] for c in header if c.partition(":")[0]]
    if len(names) != len(set(names)):
        errors.append(f"{kind}: a property name repeats")
    return errors


def typed_errors(header, rows):
    errors = []
    for row in rows:
        for column, value in zip(header, row):
            typ = column.partition(":")[2]
            if value == "":
                continue
            if typ == "int" and not re.fullmatch(r"-?\d+", value):
                errors.append(f"{column}={value!r}")
            if typ == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                errors.append(f"{column}={value!r}")
            if typ == "boolean" and value not in ("true", "false"):
                errors.append(f"{column}={value!r}")
    return errors


def csv_folder(folder):
    with open(f"{folder}/nodes.csv", newline="", encoding="utf-8") as f:
        nodes = list(csv.reader(f))
    with open(f"{folder}/edges.csv", newline="", encoding="utf-8") as f:
        edges = list(csv.reader(f))
    ids = {r[0] for r in nodes[1:]}
    label_column = nodes[0].index("label")
    return {
        "nodes": len(nodes) - 1,
        "edges": len(edges) - 1,
        "node_header": nodes[0],
        "edge_header": edges[0],
        "header_errors": header_errors(nodes[0], "nodes") + header_errors(edges[0], "edges"),
        "value_errors": typed_errors(nodes[0], nodes[1:]) + typed_errors(edges[0], edges[1:]),
        "unique_ids": len(ids) == len(nodes) - 1,
        "dangling": sum(1 for r in edges[1:] if r[0] not in ids or r[1] not in ids),
        "min_weight": min((int(r[3]) for r in edges[1:]), default=None),
        "without_label": sum(1 for r in nodes[1:] if not r[label_column]),
        "without_type": sum(1 for r in nodes[1:] if not r[1]),
        "labels": sorted(r[label_column] for r in nodes[1:]),
    }


RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                  "rdfxml": "xml", "jsonld": "json-ld"}


def rdf(path, fmt, reference):
    import pyoxigraph as ox
    import rdflib
    from rdflib.compare import isomorphic

    ox_formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                  "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
    oxigraph_quads = list(ox.parse(path=path, format=ox_formats[fmt]))
    labels = sorted(q.object.value for q in oxigraph_quads
                    if q.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label")
    out = {"oxigraph": len(oxigraph_quads), "labels": labels}
    if fmt in ("nq", "trig"):
        ds = rdflib.Dataset()
        ds.parse(path, format=RDFLIB_FORMATS[fmt])
        ref = rdflib.Dataset()
        ref.parse(reference, format="nquads")

        def graphs(d):
            return {str(g.identifier): g for g in d.graphs() if len(g)}

        mine, theirs = graphs(ds), graphs(ref)
        out["rdflib"] = sum(len(g) for g in mine.values())
        out["rdflib_isomorphic"] = mine.keys() == theirs.keys() and all(
            isomorphic(mine[k], theirs[k]) for k in mine)
    else:
        g = rdflib.Graph()
        g.parse(path, format=RDFLIB_FORMATS[fmt])
        ref = rdflib.Graph()
        ref.parse(reference, format="nt")
        out["rdflib"] = len(g)
        out["rdflib_isomorphic"] = isomorphic(g, ref)
    return out


def shacl(data, shapes):
    import pyshacl
    from rdflib import Graph, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, data_graph_format=None,
                                           shacl_graph_format="turtle")
    results = []
    for r in report.subjects(predicate=None, object=sh.ValidationResult):
        results.append({
            "focus": str(report.value(r, sh.focusNode)),
            "path": str(report.value(r, sh.resultPath)),
            "component": str(report.value(r, sh.sourceConstraintComponent)).rsplit("#", 1)[-1],
        })
    results.sort(key=lambda r: (r["focus"], r["path"], r["component"]))
    return {"conforms": bool(conforms), "results": results}


def main(argv):
    kind = argv[1]
    if kind == "graphml":
        out = graphml(argv[2])
    elif kind == "gexf":
        out = gexf(argv[2])
    elif kind == "csv":
        out = csv_folder(argv[2])
    elif kind == "rdf":
        out = rdf(argv[2], argv[3], argv[4])
    elif kind == "shacl":
        out = shacl(argv[2], argv[3])
    else:
        raise SystemExit(f"unknown reader {kind}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
