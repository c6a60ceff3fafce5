//! `aiguillage serve`.

use std::net::SocketAddr;
use std::process::ExitCode;

use aiguillage_server::AppState;
use aiguillage_store::Store;
use anyhow::Context;
use tokio::net::TcpListener;

use crate::demo;

pub async fn run(store: &Store, bind: SocketAddr, no_demo: bool) -> anyhow::Result<ExitCode> {
    if !no_demo {
        let loaded = demo::load_if_empty(store).await?;
        if loaded > 0 {
            tracing::info!("empty database: loaded {loaded} demo places of Brest métropole");
        }
    }
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("binding {bind}"))?;
    let state = AppState::load(store.clone())
        .await
        .context("indexing the places")?;
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
    aiguillage_server::serve(listener, state).await?;
    Ok(ExitCode::SUCCESS)
}
