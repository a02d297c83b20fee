//! The command line: every subcommand, flag and default in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    Stats(StoreArgs),
    /// Score extraction against gold annotations.
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store folder.
    #[arg(long, env = "CTKG_STORE", default_value = "ctkg-store")]
    pub store: PathBuf,
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
    /// Read the query from a file.
    #[arg(long, value_name = "F.rq")]
    pub file: Option<PathBuf>,
    /// Run a named query (see `ctkg queries`).
    #[arg(long)]
    pub name: Option<String>,
    /// A value for a named query's parameter.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// Output format (default: table on a terminal, else json for
    /// SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE).
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `--format` of `ctkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Ttl,
    Nt,
}

impl From<QueryFormat> for ctkg::query::Format {
    fn from(f: QueryFormat) -> Self {
        use ctkg::query::Format;
        match f {
            QueryFormat::Table => Format::Table,
            QueryFormat::Csv => Format::Csv,
            QueryFormat::Tsv => Format::Tsv,
            QueryFormat::Json => Format::Json,
            QueryFormat::Xml => Format::Xml,
            QueryFormat::Ttl => Format::Ttl,
            QueryFormat::Nt => Format::Nt,
        }
    }
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
    /// List false positives and misses.
    #[arg(long)]
    pub errors: bool,
}
