//! `aiguillage serve`.

use std::process::ExitCode;

use aiguillage_geocoder::Geocoder;
use aiguillage_server::{AppState, WebSettings};
use aiguillage_store::Store;
use aiguillage_web::pages::MapSettings;
use anyhow::Context;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::demo;

pub async fn run(store: &Store, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let web = web_settings(args)?;
    // A read-only database is served as it is.
    if !args.no_demo && !args.read_only {
        let loaded = demo::load_if_empty(store).await?;
        if loaded.places > 0 {
            tracing::info!(
                "empty database: loaded {} demo places of Brest métropole and {} commune boundaries",
                loaded.places,
                loaded.communes
            );
        }
    }
    let listener = TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("binding {}", args.bind))?;
    let state = AppState::load(store.clone())
        .await
        .context("indexing the places")?
        .with_web(web)
        .with_heavy(args.heavy());
    let stats = state.index.load().stats();
    tracing::info!(
        "indexed {} places ({} without coordinates)",
        stats.places,
        stats.without_coordinates
    );
    // Imports are run by other processes (`aiguillage import`): pick them up.
    state.watch_imports(std::time::Duration::from_secs(2));
    // Printed on stdout once ready, so scripts and tests can read the port when binding port 0.
    println!("listening on http://{}", listener.local_addr()?);
    aiguillage_server::serve(listener, state, args.limits()).await?;
    Ok(ExitCode::SUCCESS)
}

fn web_settings(args: &ServeArgs) -> anyhow::Result<WebSettings> {
    anyhow::ensure!(
        ["{z}", "{x}", "{y}"].iter().all(|p| args.tile_url.contains(p)),
        "--tile-url must be a template with {{z}}, {{x}} and {{y}}, got {}",
        args.tile_url
    );
    let geocoder = args
        .geocoder_url
        .as_deref()
        .map(Geocoder::new)
        .transpose()
        .context("--geocoder-url")?;
    Ok(WebSettings {
        map: MapSettings {
            tile_url: args.tile_url.clone(),
            attribution: args.tile_attribution.clone(),
        },
        geocoder,
        public_url: args.public_url.clone(),
        read_only: args.read_only,
    })
}
