//! Command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use aiguillage_ingest_read::Format;
use aiguillage_server::{HeavyWork, Limits};
use aiguillage_synthetic::Spread;
use aiguillage_territory::Level;
use clap::{Args, Parser, Subcommand};

/// Aiguillage: where to get help with digital life, territory by territory.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// SQLite database file (created if missing).
    #[arg(long, global = true, env = "AIGUILLAGE_DB", default_value = "aiguillage.db")]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (loads the Brest demo data into an empty database).
    Serve(ServeArgs),
    /// Import a file of the standard (CSV, JSON or GeoJSON), or a hub's own file through a
    /// mapping (--mapping), upserting places by id.
    Import {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        source: SourceArgs,
        /// Reject the whole file if any row is invalid.
        #[arg(long)]
        strict: bool,
        /// Validate and count, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check a file against the standard without importing it (= import --dry-run).
    Validate {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Export every open place in a format of the standard.
    Export {
        /// Output format.
        #[arg(long, default_value = "csv")]
        format: Format,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Export closed places too.
        #[arg(long)]
        include_closed: bool,
        /// For a spreadsheet (CSV only): a value that it would run as a formula (`=…`, `+…`,
        /// `@…`) is written with a leading `'`. Without it, the export is the standard's
        /// values as they are, read back unchanged.
        #[arg(long)]
        spreadsheet_safe: bool,
    },
    /// Accounts of people who write the inventory: admins, territory coordinators and
    /// structures editing their own places (docs/contributing-data.md).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Find the places nearest to a point (a table in French, or GeoJSON with --json).
    Nearest(NearestArgs),
    /// Write a synthetic standard file (valid, varied places spread over France), for load tests.
    Generate(GenerateArgs),
    /// Territories: import boundaries (communes, EPCI, départements, régions, custom areas).
    Territories {
        #[command(subcommand)]
        command: TerritoriesCommand,
    },
    /// Population layers: import an INSEE 200 m grid or population points.
    Population {
        #[command(subcommand)]
        command: PopulationCommand,
    },
    /// Coverage report of a territory (état des lieux), as HTML, JSON, CSV or GeoJSON.
    Report(ReportArgs),
    /// Data-quality problems of every place, or of a territory's: one row per place and
    /// problem, for hubs to fix their sources (docs/quality.md).
    Quality(QualityArgs),
    /// Check the database file's integrity (SQLite's quick_check), opened read-only: prints
    /// `ok`, or what is damaged and exits with 1 (docs/operations.md).
    Check,
    /// Find duplicate places (same SIRET/RNA, or within 50 m with similar names) and merge
    /// each pair into the most recently updated place, keeping both provenances
    /// (docs/dedupe.md).
    Dedupe {
        /// List the pairs, merge nothing.
        #[arg(long)]
        dry_run: bool,
        /// Only pairs scoring at least this, from 0 to 1 (same-pivot pairs with dissimilar
        /// names score 0.5).
        #[arg(long, default_value_t = aiguillage_dedupe::DEFAULT_MIN_SCORE)]
        min_score: f64,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Do not load the demo data into an empty database.
    #[arg(long)]
    pub no_demo: bool,
    /// Serve the database read-only (a read-only file or folder): no demo, no migration,
    /// every write answered 503 `read_only`.
    #[arg(long)]
    pub read_only: bool,
    /// Background map tiles, as a URL template with {z}, {x}, {y} (and optionally {s}).
    #[arg(
        long,
        env = "AIGUILLAGE_TILE_URL",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )]
    pub tile_url: String,
    /// Attribution the tiles' licence requires, shown on the map (plain text).
    #[arg(
        long,
        env = "AIGUILLAGE_TILE_ATTRIBUTION",
        default_value = "© les contributeurs d'OpenStreetMap"
    )]
    pub tile_attribution: String,
    /// A BAN-compatible geocoder for street addresses in the search box, such as
    /// `https://api-adresse.data.gouv.fr` or a self-hosted addok (none by default: communes,
    /// postcodes and place names are searched offline).
    #[arg(long, env = "AIGUILLAGE_GEOCODER_URL")]
    pub geocoder_url: Option<String>,
    /// Public URL of the site, for the QR codes of printed fiches (default: the request's host).
    #[arg(long, env = "AIGUILLAGE_PUBLIC_URL")]
    pub public_url: Option<url::Url>,
    /// Seconds a client has to send a request's whole header (from connecting, or from the
    /// first byte of a next request); past them the connection is closed.
    #[arg(long, default_value_t = Limits::DEFAULT.header_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_s: u64,
    /// Seconds a connection may idle (a keep-alive connection between requests, a client not
    /// reading its response) before it is closed.
    #[arg(long, default_value_t = Limits::DEFAULT.idle_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout_s: u64,
    /// Seconds a request may take until its answer starts; past them it is answered 503.
    #[arg(long, default_value_t = Limits::DEFAULT.request_timeout.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_s: u64,
    /// Connections served at once; further ones wait in the system's accept queue.
    #[arg(long, default_value_t = Limits::DEFAULT.max_connections as u64, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Coverage reports and searches computed at once (default: one per core); each holds
    /// its territory's residents in memory, so this bounds memory too.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_024))]
    pub heavy_concurrency: Option<u64>,
    /// Reports and searches waiting for their turn (default: four per core); beyond, the
    /// answer is 503 with Retry-After.
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    pub heavy_queue: Option<u64>,
}

impl ServeArgs {
    /// The bound on heavy work given by the flags.
    pub fn heavy(&self) -> HeavyWork {
        let default = HeavyWork::default_bounds();
        let bound = |flag: Option<u64>, default: usize| {
            flag.map_or(default, |n| usize::try_from(n).unwrap_or(usize::MAX))
        };
        HeavyWork::new(
            bound(self.heavy_concurrency, default.0),
            bound(self.heavy_queue, default.1),
        )
    }

    /// The bounds on connections and requests given by the flags.
    pub fn limits(&self) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(self.header_timeout_s),
            idle_timeout: Duration::from_secs(self.idle_timeout_s),
            request_timeout: Duration::from_secs(self.request_timeout_s),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin, prints a generated password to hand over
    /// (the person changes it once signed in).
    Add {
        /// E-mail address (the login).
        email: String,
        /// admin (everything), coordinator (the places of --territory) or editor (the places
        /// of --place).
        #[arg(long)]
        role: String,
        /// Territory codes a coordinator looks after, as /territoires/{code} accepts them
        /// (commune or EPCI code, département, région, custom territory).
        #[arg(long, value_delimiter = ',')]
        territory: Vec<String>,
        /// Ids of the places an editor keeps.
        #[arg(long, value_delimiter = ',')]
        place: Vec<String>,
        /// Read the password from standard input (one line) instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts with their role and scope.
    List,
    /// Disable an account: its sessions end and its tokens stop working.
    Disable {
        /// E-mail address.
        email: String,
    },
    /// API tokens (bearer tokens for scripts).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once (only its hash is stored).
    Create {
        /// E-mail address of the account.
        email: String,
        /// A name to recognise it by.
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// Revoke the account's tokens named --name (all of them without --name).
    Revoke {
        /// E-mail address of the account.
        email: String,
        /// Name of the tokens to revoke.
        #[arg(long)]
        name: Option<String>,
    },
    /// List the account's tokens (without their secrets).
    List {
        /// E-mail address of the account.
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TerritoriesCommand {
    /// Import boundaries from a GeoJSON FeatureCollection of (Multi)Polygons in WGS84.
    ///
    /// Commune codes of older years (e.g. IGN 2018) are reconciled with today's communes
    /// through INSEE's former codes; merged communes are combined.
    Import {
        /// The GeoJSON file.
        file: PathBuf,
        /// Level of the territories in the file.
        #[arg(long)]
        level: Level,
        /// Property holding the code.
        #[arg(long, default_value = "code")]
        code_field: String,
        /// Property holding the name (used for custom territories).
        #[arg(long, default_value = "nom")]
        name_field: String,
    },
    /// Download the official simplified boundaries and import them as `import` does.
    ///
    /// By default Etalab's contours of the IGN ADMIN EXPRESS (simplified to 100 m, Licence
    /// Ouverte 2.0) of the year of the embedded INSEE tables, from data.gouv.fr; `--from`
    /// reads another URL or a local file (offline). Downloads are bounded: 10 s to connect,
    /// 60 s without data, 30 min in all, `--max-mb`.
    Fetch {
        /// Level of the territories: picks the default file (`custom` needs `--from`).
        #[arg(long, default_value = "commune")]
        level: Level,
        /// Only the communes of these départements (INSEE codes: 29,56,2A,971).
        #[arg(long, value_delimiter = ',')]
        departement: Vec<String>,
        /// An http(s) URL or a local GeoJSON file instead of the default download.
        #[arg(long, value_name = "URL_OR_FILE")]
        from: Option<String>,
        /// Largest download accepted, in megabytes (10^6 bytes): a wrong URL or a broken
        /// server cannot fill the disk.
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        max_mb: u64,
        /// Property holding the code.
        #[arg(long, default_value = "code")]
        code_field: String,
        /// Property holding the name (used for custom territories).
        #[arg(long, default_value = "nom")]
        name_field: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PopulationCommand {
    /// Import a population layer: INSEE 200 m grid CSV (`Idcar_200m`, `Ind`) or points CSV
    /// (`lat,lon,population`); the format is detected from the header.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The territory: INSEE commune code, EPCI SIREN, département code, `region:NN`, or the
    /// code of an imported custom territory.
    #[arg(long)]
    pub territory: String,
    /// Reach in metres: residents with a place this close are covered.
    #[arg(long, default_value_t = 400.0)]
    pub radius: f64,
    /// Only places offering this service (a label of the standard; repeatable: any of them).
    #[arg(long = "service")]
    pub services: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Output file (standard output when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also save the figures as the day's snapshot, to compare with next time.
    #[arg(long)]
    pub save: bool,
    /// The day of the report (YYYY-MM-DD; default: today in France). It decides which
    /// `date_maj` are stale, the reference week of the opening hours, the snapshot's day and
    /// which earlier snapshot the report is compared with — for reproducible reports.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

/// Formats of `aiguillage report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A self-contained, printable HTML page.
    Html,
    /// Every figure, as JSON (the API's document).
    Json,
    /// One row per sub-territory.
    Csv,
    /// White zones as a GeoJSON FeatureCollection.
    Geojson,
}

#[derive(Debug, Args)]
pub struct QualityArgs {
    /// Only the places of this territory, selected as `report` does: INSEE commune code,
    /// EPCI SIREN, département code, `region:NN`, or an imported custom territory's code.
    #[arg(long)]
    pub territory: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QualityFormat::Csv)]
    pub format: QualityFormat,
    /// Output file (standard output when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The day of the check (YYYY-MM-DD; default: today in France): it decides which
    /// `date_maj` are stale, for reproducible lists.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

/// Formats of `aiguillage quality`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QualityFormat {
    /// CSV with a header: `id,nom,source,code_insee,commune,probleme,detail`.
    Csv,
    /// A JSON array of objects with the same fields.
    Json,
}

#[derive(Debug, Args)]
pub struct Input {
    /// The file to read.
    pub file: PathBuf,
    /// Its format (default: from the extension, else the content).
    #[arg(long)]
    pub format: Option<Format>,
}

/// How to read a hub's own file.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// A TOML mapping from the file's own columns to the standard (docs/mappings.md); the
    /// file is then a JSON array of objects or a CSV file with any columns.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// A BAN-compatible geocoder (`https://api-adresse.data.gouv.fr`, addok) for the mapped
    /// rows without coordinates; without it they are placed at the centre of their commune
    /// (from imported boundaries). Either way the position is marked approximate.
    #[arg(long, requires = "mapping")]
    pub geocoder_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct NearestArgs {
    /// Latitude of the point, WGS84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub lat: f64,
    /// Longitude of the point, WGS84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub lon: f64,
    /// Number of places, 1 to 100.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Only places within this many metres (at most 100,000).
    #[arg(long)]
    pub radius: Option<f64>,
    /// Only places offering this service (a label of the standard; repeatable: any of them).
    #[arg(long = "service")]
    pub services: Vec<String>,
    /// Only places specifically for this public (a label of the standard; repeatable).
    #[arg(long = "public")]
    pub publics: Vec<String>,
    /// Only places open at this RFC 3339 date-time (e.g. 2026-12-24T10:00:00+01:00).
    #[arg(long)]
    pub open_at: Option<String>,
    /// Only places open now.
    #[arg(long, conflicts_with = "open_at")]
    pub open_now: bool,
    /// Print a GeoJSON FeatureCollection instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of places, at most 1,000,000 (the generator holds them in memory: about a
    /// kilobyte each).
    #[arg(long, default_value_t = 10_000, value_parser = rows)]
    pub rows: usize,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How the places are spread over France métropolitaine: `uniform` or `population`.
    ///
    /// `uniform`: evenly over a box around France métropolitaine, many in the sea. `population`:
    /// 70 % around 42 cities weighted by their population, the rest evenly over its bounding box.
    /// Only the coordinates depend on the spread; every other field stays the same.
    #[arg(long, default_value_t = Spread::Uniform)]
    pub spread: Spread,
    /// Write only the places' coordinates, as `lat,lon` lines (query points for load tests).
    ///
    /// One line per place, in order, without a header. The proximity benchmarks query from the
    /// first 1,000 points of `--points --spread population --seed 4242`.
    #[arg(long, conflicts_with = "format")]
    pub points: bool,
    /// Output format.
    #[arg(long, default_value = "csv")]
    pub format: Format,
    /// Output file (standard output when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Most places `generate` writes: it builds them all in memory first.
const MAX_ROWS: usize = 1_000_000;

/// `--rows`: from 1 to [`MAX_ROWS`].
fn rows(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_ROWS).contains(&n) => Ok(n),
        _ => Err(format!("expected a number of places from 1 to {MAX_ROWS}")),
    }
}
