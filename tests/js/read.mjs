// Reads a GraphML or GEXF export with graphology's parsers (the ones Gephi
// Lite uses) and prints what they saw as JSON.
//
//   node tests/js/read.mjs graphml|gexf FILE
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const graphology = require("graphology");
const parsers = {
  graphml: require("graphology-graphml"),
  gexf: require("graphology-gexf"),
};

const [kind, path] = process.argv.slice(2);
const parser = parsers[kind];
if (!parser) {
  console.error(`unknown format ${kind}`);
  process.exit(2);
}
const graph = parser.parse(graphology.MultiGraph, readFileSync(path, "utf8"));
const nodes = graph.mapNodes((id, a) => ({ id, ...a }));
const edges = graph.mapEdges((id, a, source, target) => ({ id, source, target, ...a }));
const weights = edges.map((e) => e.weight);
console.log(
  JSON.stringify({
    nodes: graph.order,
    edges: graph.size,
    directed: graph.directedSize === graph.size,
    without_label: nodes.filter((n) => !n.label).length,
    without_type: nodes.filter((n) => !n.type).length,
    min_weight: weights.length ? Math.min(...weights) : null,
    weights_not_numbers: weights.filter((w) => typeof w !== "number").length,
    coloured: nodes.filter((n) => n.color || (n.r !== undefined && n.g !== undefined && n.b !== undefined)).length,
    labels: nodes.map((n) => n.label).sort(),
  }),
);
