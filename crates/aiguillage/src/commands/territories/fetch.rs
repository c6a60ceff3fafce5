//! `aiguillage territories fetch`: the official boundaries, downloaded (or read from a local
//! file) and imported through the same path as `territories import`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use aiguillage_store::Store;
use aiguillage_territory::{parse_boundaries_where, Admin, Level, TerritoryError};
use anyhow::Context;
use url::Url;

use super::{store_boundaries, summary};
use crate::commands::{report_rejections, Refused};

/// Where Etalab publishes its contours of the IGN ADMIN EXPRESS (Licence Ouverte 2.0), one
/// folder per year. The year is the one of the embedded INSEE tables
/// (`@etalab/decoupage-administratif` 6.0.0, COG 2026), so that every code of the file is
/// known: an older year's file works too (former codes are reconciled), but the communes
/// created after the tables' year would be rejected. Not checkable offline: `--from`
/// overrides it.
const CONTOURS: &str = "https://etalab-datasets.geo.data.gouv.fr/contours-administratifs/2026/geojson/";

/// Time allowed to open the connection (TCP and TLS).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed without receiving anything, so that a stalled server is given up on.
const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Time allowed for the whole download: hundreds of megabytes on a slow line.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(30 * 60);

const USER_AGENT: &str = concat!("aiguillage/", env!("CARGO_PKG_VERSION"));

/// The default file of `level`: its contours simplified to 100 m, which is finer than a
/// coverage report needs and keeps the national communes a download of reasonable size.
/// `None` for custom territories, which have no official file.
fn default_url(level: Level) -> Option<String> {
    let file = match level {
        Level::Commune => "communes",
        Level::Epci => "epci",
        Level::Departement => "departements",
        Level::Region => "regions",
        Level::Custom => return None,
    };
    Some(format!("{CONTOURS}{file}-100m.geojson"))
}

/// The options of `territories fetch`.
pub(in crate::commands) struct Options<'a> {
    pub level: Level,
    /// `--departement` as given.
    pub departements: &'a [String],
    pub from: Option<&'a str>,
    /// Largest download accepted, in bytes.
    pub max_bytes: u64,
    pub code_field: &'a str,
    pub name_field: &'a str,
}

pub(in crate::commands) async fn run(
    store: &Store,
    options: &Options<'_>,
    db: &Path,
) -> anyhow::Result<ExitCode> {
    let admin = Admin::embedded();
    // Checked before anything is downloaded: a typo must not cost a national transfer.
    let departements = departements(options, admin)?;
    let (name, bytes) = match source(options.from, options.level)? {
        Source::Url(url) => {
            // Beside the database rather than in /tmp, often a small RAM disk: the database's
            // folder is writable (it was just opened there) and is where the data goes anyway.
            let dir = db
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let file = download(&url, dir, options.max_bytes).await?;
            let bytes = std::fs::read(file.path())
                .with_context(|| format!("reading back the download {}", file.path().display()))?;
            // `file` is deleted here: only its content is needed from now on.
            (url.to_string(), bytes)
        }
        Source::File(path) => {
            let bytes = std::fs::read(&path).map_err(|e| Refused(format!("{}: {e}", path.display())))?;
            (path.display().to_string(), bytes)
        }
    };
    let text = text(&name, bytes)?;
    let mut skipped = 0_usize;
    let read = parse_boundaries_where(
        &text,
        &name,
        options.level,
        options.code_field,
        options.name_field,
        admin,
        |code| {
            let keep = departements.is_empty() || in_departements(code, &departements, admin);
            skipped += usize::from(!keep);
            keep
        },
    );
    let read = match read {
        Ok(read) => read,
        Err(e @ (TerritoryError::Io { .. } | TerritoryError::Json { .. })) => {
            return Err(Refused(e.to_string()).into());
        }
        Err(e) => return Err(e).context("reading the boundaries"),
    };
    drop(text);
    let counts = store_boundaries(store, &read, options.level, &name).await?;
    let mut line = summary(&name, &read, options.level, &counts);
    if !departements.is_empty() {
        line.push_str(&format!(
            ", {skipped} of other départements than {} skipped",
            departements.join(", ")
        ));
    }
    report_rejections(&read.rejected, &line)
}

/// Where the boundaries come from.
enum Source {
    Url(Url),
    File(PathBuf),
}

/// `--from` (an http(s) URL or a local file), or the default file of `level`.
fn source(from: Option<&str>, level: Level) -> Result<Source, Refused> {
    let Some(from) = from else {
        let url = default_url(level).ok_or_else(|| {
            Refused(format!(
                "--level {level} has no official file: give one with --from URL_OR_FILE"
            ))
        })?;
        return Url::parse(&url)
            .map(Source::Url)
            .map_err(|e| Refused(format!("{url}: {e}")));
    };
    if from.trim().is_empty() {
        return Err(Refused(
            "--from: expected a URL or a file, got nothing".to_owned(),
        ));
    }
    let lower = from.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Url::parse(from)
            .map(Source::Url)
            .map_err(|e| Refused(format!("--from {from}: not a valid URL ({e})")));
    }
    let scheme = from.split_once("://").map(|(scheme, _)| scheme);
    if scheme.is_some_and(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    }) {
        return Err(Refused(format!(
            "--from {from}: only http and https URLs are downloaded; give a local file as a path"
        )));
    }
    Ok(Source::File(PathBuf::from(from)))
}

/// `--departement`, as the INSEE codes of known départements; empty when not given.
fn departements(options: &Options<'_>, admin: &Admin) -> Result<Vec<String>, Refused> {
    if options.departements.is_empty() {
        return Ok(Vec::new());
    }
    if options.level != Level::Commune {
        return Err(Refused(format!(
            "--departement selects communes: it cannot be used with --level {}",
            options.level
        )));
    }
    options
        .departements
        .iter()
        .map(|given| {
            let code = given.trim().to_ascii_uppercase();
            // INSEE writes the first nine with a leading zero, people often do not.
            let code = if code.len() == 1 && code.bytes().all(|b| b.is_ascii_digit()) {
                format!("0{code}")
            } else {
                code
            };
            admin.departement(&code).map(|d| d.code.clone()).ok_or_else(|| {
                Refused(format!(
                    "--departement: unknown département « {} » (INSEE codes such as 29, 2A, 971)",
                    given.trim()
                ))
            })
        })
        .collect()
}

/// Whether the commune of file code `code` lies in one of `departements`: the département of
/// the current commune when INSEE knows the code (a former code counts where its commune is
/// today), else the code's prefix (`29`, `2A`, `971`), so that an unknown code of a wanted
/// département is still reported as rejected.
fn in_departements(code: &str, departements: &[String], admin: &Admin) -> bool {
    let code = code.to_ascii_uppercase();
    let departement = match admin.current_commune(&code) {
        Some(commune) => commune.departement.as_str(),
        None => {
            // Overseas codes have a 3-character département (971…976, 975, 977, 978, 98x).
            let width = if code.starts_with("97") || code.starts_with("98") {
                3
            } else {
                2
            };
            code.get(..width).unwrap_or(&code)
        }
    };
    departements.iter().any(|d| d == departement)
}

/// The file as text, refusing with a message saying what to do the compressed files Etalab
/// also publishes, and anything that is not UTF-8.
fn text(name: &str, bytes: Vec<u8>) -> Result<String, Refused> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(Refused(format!(
            "{name}: the file is gzip-compressed: decompress it (gunzip) and give it with --from FILE, \
             or give the URL of the .geojson file"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Refused(format!(
            "{name}: not UTF-8 text (invalid byte at offset {}): expected GeoJSON",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Downloads `url` into a temporary file of `dir`, deleted when the returned handle is
/// dropped, or on any failure: nothing half-downloaded is left behind or read. Refuses
/// answers other than a success and bodies larger than `max_bytes` (announced or
/// received), so that memory and disk stay bounded whatever the server sends.
async fn download(url: &Url, dir: &Path, max_bytes: u64) -> anyhow::Result<tempfile::NamedTempFile> {
    let failed = |why: String| Refused(format!("cannot download {url}: {why}"));
    let too_large = || {
        failed(format!(
            "larger than {} MB (raise --max-mb if the file is right)",
            max_bytes / 1_000_000
        ))
    };
    let client = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .build()
        // Only fails when the TLS backend cannot be set up.
        .context("setting up the HTTP client")?;
    tracing::info!("downloading {url}");
    let mut response = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| failed(cause(e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(format!("the server answered HTTP {status}")).into());
    }
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(too_large().into());
    }
    let mut file = tempfile::Builder::new()
        .prefix(".aiguillage-fetch-")
        .suffix(".geojson.part")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    let path = file.path().display().to_string();
    let mut written: u64 = 0;
    let mut out = std::io::BufWriter::new(file.as_file_mut());
    // Blocking writes between chunks: this command is the only task of the runtime, and
    // a buffered write to a local disk is much faster than the network feeding it.
    while let Some(chunk) = response.chunk().await.map_err(|e| failed(cause(e)))? {
        written = written.saturating_add(chunk.len() as u64);
        if written > max_bytes {
            return Err(too_large().into());
        }
        out.write_all(&chunk).with_context(|| format!("writing {path}"))?;
    }
    out.flush().with_context(|| format!("writing {path}"))?;
    drop(out);
    tracing::info!("downloaded {url}: {:.1} MB", written as f64 / 1e6);
    Ok(file)
}

/// Why a request failed, in words: the error and its causes (`connection refused`, a DNS or
/// TLS failure), without the URL that the caller's message already names.
fn cause(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return format!(
            "timed out ({} s to connect, {} s without data, {} min in all)",
            CONNECT_TIMEOUT.as_secs(),
            READ_TIMEOUT.as_secs(),
            TOTAL_TIMEOUT.as_secs() / 60
        );
    }
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Layers often repeat their inner error's text; say it once.
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
