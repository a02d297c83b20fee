"""Real SPARQL clients against a running `ctkg serve`: SPARQLWrapper (JSON,
XML and CSV results, and a CONSTRUCT) and rdflib's SPARQLStore. Prints one
JSON object with what each client read; tests/it/server.rs compares it with
the store.

    python3 tests/server/clients.py http://127.0.0.1:PORT/sparql
"""
import csv
import io
import json
import sys

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

endpoint = sys.argv[1]
STATES = """PREFIX ctkg: <https://w3id.org/ctkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?state ?label WHERE { ?state a ctkg:State ; rdfs:label ?label } ORDER BY ?label"""
NEIGHBOURHOOD = """PREFIX ctkg: <https://w3id.org/ctkg/ontology#>
CONSTRUCT { ?m ?p ?o } WHERE { ?m a ctkg:Meeting ; ?p ?o }"""
out = {}


def wrapper(fmt, query=STATES):
    w = SPARQLWrapper(endpoint)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w.query()


json_result = wrapper(JSON).convert()
out["json"] = [b["label"]["value"] for b in json_result["results"]["bindings"]]

xml_result = wrapper(XML).convert()  # an xml.dom.minidom document
out["xml"] = [
    "".join(n.data for n in literal.childNodes if n.nodeType == n.TEXT_NODE)
    for binding in xml_result.getElementsByTagName("binding")
    if binding.getAttribute("name") == "label"
    for literal in binding.getElementsByTagName("literal")
]

csv_result = wrapper(CSV).convert()  # bytes
rows = list(csv.DictReader(io.StringIO(csv_result.decode("utf-8"))))
out["csv"] = [r["label"] for r in rows]

ask = SPARQLWrapper(endpoint)
ask.setQuery("ASK { ?s a <https://w3id.org/ctkg/ontology#Meeting> }")
ask.setReturnFormat(JSON)
out["ask"] = ask.query().convert()["boolean"]

turtle = wrapper(TURTLE, NEIGHBOURHOOD).convert()
out["construct_triples"] = len(Graph().parse(data=turtle, format="turtle"))

# rdflib reading the endpoint as a (read-only) store
store = SPARQLStore(endpoint)
graph = Graph(store=store)
out["rdflib_select"] = [str(row.label) for row in graph.query(STATES)]
out["rdflib_construct_triples"] = len(graph.query(NEIGHBOURHOOD).graph)
out["rdflib_len"] = sum(1 for _ in graph.triples((None, None, None)))

print(json.dumps(out))
