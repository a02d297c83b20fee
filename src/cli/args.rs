//! The command line: every subcommand, flag and default in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ctkg::query::{Format, Param};

/// Turn diplomatic statements on counter-terrorism cooperation into a
/// knowledge graph, and ask it questions.
#[derive(Debug, Parser)]
#[command(name = "ctkg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read statements, extract what they say and load it into the store.
    Build(BuildArgs),
    /// Print what is found in statements, without a store.
    Extract(ExtractArgs),
    /// Run a SPARQL query against the store.
    Query(QueryArgs),
    /// List the named queries.
    Queries,
    /// Count what the store holds, per class and per document.
    Stats(StatsArgs),
    /// Write the graph for other tools: GraphML/GEXF (Gephi), CSV (Neo4j),
    /// dot (Graphviz) or an RDF format.
    Export(ExportArgs),
    /// Score extraction against gold annotations.
    Eval(EvalArgs),
    /// Write synthetic statements with gold annotations (for benchmarks
    /// and scale tests; no substitute for real statements).
    Synth(SynthArgs),
    /// Send each document's graph to a SPARQL 1.1 Graph Store Protocol
    /// endpoint (only those changed since the last push, unless --all).
    Push(PushArgs),
    /// Serve the store over HTTP: a SPARQL endpoint, a query page, a page
    /// per resource.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store folder [default: $CTKG_STORE when set and not empty, else
    /// ./ctkg-store]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

impl StoreArgs {
    /// The store folder: `--store`, else `CTKG_STORE` unless empty, else
    /// `ctkg-store`.
    pub fn path(&self) -> PathBuf {
        self.store.clone().unwrap_or_else(|| {
            std::env::var_os("CTKG_STORE")
                .filter(|v| !v.is_empty())
                .map_or_else(|| PathBuf::from("ctkg-store"), PathBuf::from)
        })
    }
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Statement files or folders of them (default: corpus/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = ctkg::corpus::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

impl InputArgs {
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("corpus")]
        } else {
            self.paths.clone()
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Base IRI of the resources.
    #[arg(long, default_value = ctkg::resolve::DEFAULT_BASE)]
    pub base: String,
    /// Read every document again, changed or not.
    #[arg(long)]
    pub force: bool,
    /// Remove from the store the documents not among this build's input.
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// jsonl: the interchange format, one line per document; table: for people.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
    pub format: ExtractFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Jsonl,
    Table,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["sparql", "file", "name"])))]
pub struct QueryArgs {
    /// The query text.
    pub sparql: Option<String>,
    /// Read the query from a file (`-` for standard input).
    #[arg(long, value_name = "F.rq")]
    pub file: Option<PathBuf>,
    /// Run a named query (see `ctkg queries`).
    #[arg(long)]
    pub name: Option<String>,
    /// A value for a named query's parameter.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<Param>,
    /// Output format: table, csv, tsv, json, xml (SELECT, ASK); table, ttl,
    /// nt, nq, rdfxml, jsonld (CONSTRUCT, DESCRIBE). Default: table on a
    /// terminal, else SPARQL JSON for SELECT/ASK and Turtle for
    /// CONSTRUCT/DESCRIBE.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Stop the query after this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = ctkg::query::DEFAULT_TIMEOUT.as_secs_f64())]
    pub timeout: f64,
    /// Rows a table shows; the rest are counted (other formats give all).
    #[arg(long, value_name = "N", default_value_t = ctkg::query::TableOptions::default().max_rows)]
    pub max_rows: usize,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// table (for people), csv or json.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of gold annotations (one JSON object per file).
    #[arg(long)]
    pub gold: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// List false positives and misses, grouped by class (type or
    /// predicate and the reason), the largest classes first.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("construct_source").args(["construct", "construct_file"])))]
pub struct ExportArgs {
    /// graphml, gexf, csv (a folder for neo4j-admin), dot: the property
    /// graph of the entities; ttl, nt, rdfxml, jsonld: the facts (merged
    /// graph); nq, trig: every named graph. Default: from --out's extension.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Where to write (a folder for csv); default: standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Export only the graph this SPARQL CONSTRUCT builds.
    #[arg(long, value_name = "QUERY")]
    pub construct: Option<String>,
    /// Read the CONSTRUCT query from a file.
    #[arg(long, value_name = "F.rq")]
    pub construct_file: Option<PathBuf>,
    /// Make documents nodes too, with `source` edges to them (graphml, gexf, csv, dot).
    #[arg(long)]
    pub with_documents: bool,
    /// Canonical N-Quads (RDFC-1.0), for diffing and hashing (nq, nt).
    #[arg(long)]
    pub canonical: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `--format` of `ctkg export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Graphml,
    Gexf,
    Csv,
    Dot,
    Ttl,
    Nt,
    Nq,
    Trig,
    Rdfxml,
    Jsonld,
}

impl ExportFormat {
    /// The format a file name's extension names, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "graphml" => ExportFormat::Graphml,
            "gexf" => ExportFormat::Gexf,
            "dot" | "gv" => ExportFormat::Dot,
            "ttl" => ExportFormat::Ttl,
            "nt" => ExportFormat::Nt,
            "nq" => ExportFormat::Nq,
            "trig" => ExportFormat::Trig,
            "rdf" | "owl" => ExportFormat::Rdfxml,
            "jsonld" => ExportFormat::Jsonld,
            _ => return None,
        })
    }
}

impl From<ExportFormat> for ctkg::export::Format {
    fn from(f: ExportFormat) -> Self {
        use ctkg::export::Format;
        match f {
            ExportFormat::Graphml => Format::Graphml,
            ExportFormat::Gexf => Format::Gexf,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Dot => Format::Dot,
            ExportFormat::Ttl => Format::Ttl,
            ExportFormat::Nt => Format::Nt,
            ExportFormat::Nq => Format::Nq,
            ExportFormat::Trig => Format::Trig,
            ExportFormat::Rdfxml => Format::Rdfxml,
            ExportFormat::Jsonld => Format::Jsonld,
        }
    }
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// How many statements to write.
    #[arg(long, value_name = "N")]
    pub docs: u64,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A new or empty folder: the statements and manifest.csv go there,
    /// the gold annotations into its gold/ folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The server's SPARQL endpoint, or its Graph Store Protocol URL; graphs
    /// are PUT to --graph-store when given, else to this URL (`?graph=IRI`
    /// is added).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// The server's Graph Store Protocol URL when it is not --endpoint
    /// (oxigraph: /store, Virtuoso: /sparql-graph-crud-auth, Fuseki:
    /// /DATASET/data).
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// The user to authenticate as (Basic, or Digest when the server asks).
    #[arg(long, value_name = "USER", requires = "password_file")]
    pub user: Option<String>,
    /// A file whose first line is the password (never on the command line).
    #[arg(long, value_name = "FILE", requires = "user")]
    pub password_file: Option<PathBuf>,
    /// Send every graph, changed or not.
    #[arg(long)]
    pub all: bool,
    /// Delete from the server the graphs this store pushed there before and
    /// no longer holds.
    #[arg(long)]
    pub prune: bool,
    /// Retries of a request after a server error (5xx) or a failed
    /// connection, waiting 0.5 s, 1 s, 2 s, ... between them.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub retries: u32,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on (port 0: any free port). Other than loopback,
    /// anyone who can reach this machine can query the store.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Stop a query after this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = ctkg::server::DEFAULT_TIMEOUT.as_secs_f64())]
    pub timeout: f64,
    /// Answer cross-origin requests from any web page (CORS).
    #[arg(long)]
    pub cors: bool,
    /// Keep the store in step with statements under PATH (default: corpus/)
    /// as they change; without it the store is only read.
    #[arg(long, value_name = "PATH", num_args = 0..)]
    pub watch: Option<Vec<PathBuf>>,
    /// With --watch: remove documents whose files are gone.
    #[arg(long, requires = "watch")]
    pub prune: bool,
    /// With --watch: the base IRI for a new store [default: the store's, else
    /// https://w3id.org/ctkg/id/].
    #[arg(long, requires = "watch")]
    pub base: Option<String>,
    /// With --watch: skip files larger than this many bytes.
    #[arg(long, default_value_t = ctkg::corpus::DEFAULT_MAX_BYTES, requires = "watch")]
    pub max_bytes: u64,
    /// Queries evaluated at once, and the server's threads [default: four
    /// per core, at least 8].
    #[arg(long, value_name = "N")]
    pub max_running: Option<usize>,
    /// Queries waiting for a turn; past that a query gets 503.
    #[arg(long, value_name = "N", default_value_t = ctkg::server::Options::default().max_waiting)]
    pub max_waiting: usize,
    /// The largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = ctkg::server::DEFAULT_MAX_BODY)]
    pub max_body: usize,
}
