// The query page of `ctkg serve`: YASGUI against this server's /sparql,
// the named queries as one-click examples, links to download the current
// tab's results in each format, and result links to resources under the
// store's base sent to their pages on this server. Nothing is fetched from
// anywhere but this server (YASQE's completers that ask the web are off).
(function () {
  "use strict";
  const queries = JSON.parse(document.getElementById("ctkg-queries").textContent);
  const config = JSON.parse(document.getElementById("ctkg-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const byName = new Map(queries.map((q) => [q.name, q]));

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: {
      value: queries.length ? queries[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
      // "property" and "class" completion ask lov.linkeddata.es: not here
      autocompleters: ["prefixes", "variables"],
    },
  });

  const formats = {
    solutions: [["json", "JSON"], ["xml", "XML"], ["csv", "CSV"], ["tsv", "TSV"]],
    graph: [["ttl", "Turtle"], ["nt", "N-Triples"], ["nq", "N-Quads"], ["rdfxml", "RDF/XML"], ["jsonld", "JSON-LD"]],
  };

  function updateDownloads() {
    const tab = yasgui.getTab();
    const holder = document.getElementById("download-links");
    if (!tab || !holder) return;
    const text = tab.getQuery();
    const yasqe = tab.getYasqe();
    const type = yasqe && yasqe.getQueryType ? String(yasqe.getQueryType()).toUpperCase() : "SELECT";
    const list = type === "CONSTRUCT" || type === "DESCRIBE" ? formats.graph : formats.solutions;
    holder.replaceChildren();
    for (const [name, label] of list) {
      const a = document.createElement("a");
      a.href = config.endpoint + "?query=" + encodeURIComponent(text) + "&format=" + name;
      a.textContent = label;
      a.setAttribute("download", "results." + name);
      a.dataset.format = name;
      holder.appendChild(a);
    }
  }

  // links to resources under the base go to their page here
  function localise(root) {
    for (const a of root.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      if (config.base && href.startsWith(config.base)) {
        a.setAttribute("href", "/id/" + href.slice(config.base.length));
        a.removeAttribute("target");
        a.classList.add("ctkg-local");
      }
    }
  }
  new MutationObserver(() => localise(document.getElementById("yasgui"))).observe(
    document.getElementById("yasgui"),
    { childList: true, subtree: true }
  );

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      const q = byName.get(button.dataset.name);
      if (!q) return;
      yasgui.addTab(true, { name: q.name });
      const tab = yasgui.getTab();
      tab.setQuery(q.query);
      updateDownloads();
      tab.query();
    });
  }

  yasgui.on("query", updateDownloads);
  yasgui.on("tabSelect", () => setTimeout(updateDownloads, 0));
  updateDownloads();
  window.ctkgYasgui = yasgui;
})();
