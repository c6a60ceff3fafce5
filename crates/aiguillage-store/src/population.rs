//! Population layers: gridded (INSEE carreaux) or point population, to weigh coverage by
//! the people who live in an area.

use sqlx::{QueryBuilder, Sqlite};

use crate::store::now;
use crate::{Store, StoreError};

/// Cells per multi-row `INSERT`: 4 bound values each, 32,764 in all, under SQLite's
/// limit of 32,766 bound values per statement: the fewer the statements, the less their
/// fixed cost (building, binding, a round trip to the connection's thread) weighs on a
/// multi-million-cell import.
const CELL_BATCH_ROWS: usize = 8_191;

/// The kinds of layers: a regular grid of cells (population at each cell's centre) or
/// arbitrary points.
const KINDS: [&str; 2] = ["grid", "points"];

/// A population cell or point: latitude, longitude (WGS 84 degrees) and population.
pub type PopulationCell = (f64, f64, f64);

/// An imported population layer (see [`Store::import_population`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationLayer {
    /// Id of the layer, increasing with each import.
    pub id: i64,
    /// `grid` or `points`.
    pub kind: String,
    /// The file it was imported from.
    pub source_file: String,
    /// When it was imported (RFC 3339, UTC).
    pub imported_at: String,
    /// Number of cells (or points).
    pub cells: u64,
    /// Total population of its cells.
    pub population: f64,
    /// `[min_lat, min_lon, max_lat, max_lon]` of its cells; `None` for a layer without cells.
    pub bbox: Option<[f64; 4]>,
}

/// Columns of `population_layers` in the order [`layer`] reads them.
type LayerRow = (
    i64,
    String,
    String,
    String,
    i64,
    f64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// The latest layer whose box meets the given one.
async fn latest_layer_over(
    connection: &mut sqlx::SqliteConnection,
    min_lat: f64,
    min_lon: f64,
    max_lat: f64,
    max_lon: f64,
) -> Result<Option<PopulationLayer>, StoreError> {
    let row: Option<LayerRow> = sqlx::query_as(
        "SELECT id, kind, source_file, imported_at, cells, population, min_lat, min_lon, max_lat, max_lon \
         FROM population_layers \
         WHERE min_lat <= ?3 AND max_lat >= ?1 AND min_lon <= ?4 AND max_lon >= ?2 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(min_lat)
    .bind(min_lon)
    .bind(max_lat)
    .bind(max_lon)
    .fetch_optional(connection)
    .await?;
    Ok(row.map(layer))
}

fn layer(row: LayerRow) -> PopulationLayer {
    let (id, kind, source_file, imported_at, cells, population, min_lat, min_lon, max_lat, max_lon) = row;
    let bbox = match (min_lat, min_lon, max_lat, max_lon) {
        (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
        _ => None,
    };
    PopulationLayer {
        id,
        kind,
        source_file,
        imported_at,
        cells: u64::try_from(cells).unwrap_or(0),
        population,
        bbox,
    }
}

/// Cells checked, sorted and merged for storage, with their totals.
struct Prepared {
    /// Sorted by latitude then longitude, one per position.
    cells: Vec<PopulationCell>,
    /// Total population.
    population: f64,
    /// `[min_lat, min_lon, max_lat, max_lon]`, `None` without cells.
    bbox: Option<[f64; 4]>,
}

/// Checks each cell (coordinates in range, population a finite non-negative number), then
/// sorts them by position and merges those at the same position, adding their populations:
/// cells are keyed by position, and sorted cells are appended to the table's b-tree rather
/// than inserted all over it.
fn prepare(cells: &[PopulationCell]) -> Result<Prepared, StoreError> {
    let mut sorted = Vec::with_capacity(cells.len());
    for (i, &(lat, lon, population)) in cells.iter().enumerate() {
        // `contains` is false for NaN, so NaN coordinates are refused too.
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(StoreError::InvalidPopulation(format!(
                "cell {}: coordinates ({lat}, {lon}) out of range",
                i + 1
            )));
        }
        if !(population.is_finite() && population >= 0.0) {
            return Err(StoreError::InvalidPopulation(format!(
                "cell {}: population {population} is not a finite non-negative number",
                i + 1
            )));
        }
        // -0.0 + 0.0 is 0.0: SQLite finds -0.0 and 0.0 equal, so they must merge here too.
        sorted.push((lat + 0.0, lon + 0.0, population));
    }
    sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    sorted.dedup_by(|next, kept| {
        let same = next.0 == kept.0 && next.1 == kept.1;
        if same {
            kept.2 += next.2;
        }
        same
    });
    let population = sorted.iter().map(|c| c.2).sum();
    let bbox = match (sorted.first(), sorted.last()) {
        (Some(first), Some(last)) => {
            let (min_lon, max_lon) = sorted
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                    (lo.min(c.1), hi.max(c.1))
                });
            Some([first.0, min_lon, last.0, max_lon])
        }
        _ => None,
    };
    Ok(Prepared {
        cells: sorted,
        population,
        bbox,
    })
}

impl Store {
    /// Imports a population layer of `kind` (`grid` or `points`) from `cells` (latitude,
    /// longitude, population), in one transaction, and returns its id. Every cell is checked
    /// before anything is written: coordinates in range, population finite and
    /// non-negative ([`StoreError::InvalidPopulation`] otherwise). Cells at the same
    /// position are stored as one, with their populations added (the layer's `cells`
    /// counts positions). Earlier layers are kept; readers use the latest one covering an
    /// area ([`Store::population_in`]).
    ///
    /// Cost: a sort of the cells (a copy of them is held meanwhile), then one statement
    /// per 8,191 cells appended in key order.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aiguillage_store::Store;
    /// let dir = tempfile::tempdir().unwrap();
    /// let store = Store::open(&dir.path().join("db.sqlite")).await.unwrap();
    /// let cells = [(48.39, -4.49, 120.0), (48.40, -4.48, 35.5)];
    /// let id = store.import_population("grid", "carreaux.csv", &cells).await.unwrap();
    /// let (layer, inside) = store.population_in(48.0, -5.0, 48.395, -4.0).await.unwrap().unwrap();
    /// assert_eq!((layer.id, layer.cells, layer.population), (id, 2, 155.5));
    /// assert_eq!(inside, vec![(48.39, -4.49, 120.0)]);
    /// # });
    /// ```
    pub async fn import_population(
        &self,
        kind: &str,
        source_file: &str,
        cells: &[PopulationCell],
    ) -> Result<i64, StoreError> {
        if !KINDS.contains(&kind) {
            return Err(StoreError::InvalidPopulation(format!(
                "unknown kind « {kind} »: expected grid or points"
            )));
        }
        let Prepared {
            cells,
            population,
            bbox,
        } = prepare(cells)?;
        let count = i64::try_from(cells.len()).unwrap_or(i64::MAX);
        let mut tx = self.write().await?;
        // As for place imports: a large page cache keeps the transaction in memory.
        sqlx::query("PRAGMA cache_size = -65536")
            .execute(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO population_layers \
             (kind, source_file, imported_at, cells, population, min_lat, min_lon, max_lat, max_lon) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(kind)
        .bind(source_file)
        .bind(now())
        .bind(count)
        .bind(population)
        .bind(bbox.map(|b| b[0]))
        .bind(bbox.map(|b| b[1]))
        .bind(bbox.map(|b| b[2]))
        .bind(bbox.map(|b| b[3]))
        .fetch_one(&mut *tx)
        .await?;
        for batch in cells.chunks(CELL_BATCH_ROWS) {
            let mut query =
                QueryBuilder::<Sqlite>::new("INSERT INTO population_cells (layer_id, lat, lon, population) ");
            query.push_values(batch, |mut row, &(lat, lon, population)| {
                row.push_bind(id)
                    .push_bind(lat)
                    .push_bind(lon)
                    .push_bind(population);
            });
            query.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Every population layer, in import order. Reads no cell.
    pub async fn population_layers(&self) -> Result<Vec<PopulationLayer>, StoreError> {
        let rows: Vec<LayerRow> = sqlx::query_as(
            "SELECT id, kind, source_file, imported_at, cells, population, min_lat, min_lon, max_lat, max_lon \
             FROM population_layers ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(layer).collect())
    }

    /// Deletes a population layer and its cells; `false` when there was no such layer.
    pub async fn delete_population_layer(&self, id: i64) -> Result<bool, StoreError> {
        // One statement, so one implicit transaction: the cascade deletes the cells with it.
        let done = sqlx::query("DELETE FROM population_layers WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The latest imported population layer whose bounding box meets the box
    /// `min_lat..=max_lat` × `min_lon..=max_lon`, with its cells inside that box (bounds
    /// included), sorted by latitude then longitude; `None` when no layer meets it. Callers
    /// keep the cells inside their polygon. A box whose minimum exceeds its maximum holds
    /// no cell.
    ///
    /// Cost: one range scan of the layer's cells with a latitude in range (the table is
    /// keyed by layer and position), decoding only the cells also in the longitude range.
    pub async fn population_in(
        &self,
        min_lat: f64,
        min_lon: f64,
        max_lat: f64,
        max_lon: f64,
    ) -> Result<Option<(PopulationLayer, Vec<PopulationCell>)>, StoreError> {
        // One read transaction: the layer and its cells come from the same state even if
        // the layer is deleted or another imported meanwhile.
        let mut tx = self.pool.begin().await?;
        let Some(layer) = latest_layer_over(&mut tx, min_lat, min_lon, max_lat, max_lon).await? else {
            return Ok(None);
        };
        let cells: Vec<PopulationCell> = sqlx::query_as(
            "SELECT lat, lon, population FROM population_cells \
             WHERE layer_id = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? \
             ORDER BY lat, lon",
        )
        .bind(layer.id)
        .bind(min_lat)
        .bind(max_lat)
        .bind(min_lon)
        .bind(max_lon)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some((layer, cells)))
    }

    /// The layer [`Store::population_in`] would read, without its cells: a layer's cells
    /// never change once imported, so a reader that kept them by layer id needs only this.
    pub async fn population_layer_over(
        &self,
        min_lat: f64,
        min_lon: f64,
        max_lat: f64,
        max_lon: f64,
    ) -> Result<Option<PopulationLayer>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        latest_layer_over(&mut connection, min_lat, min_lon, max_lat, max_lon).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        (dir, store)
    }

    /// A `side` × `side` grid of cells 0.01° apart from (`lat`, `lon`), population = index.
    fn grid(lat: f64, lon: f64, side: u32) -> Vec<PopulationCell> {
        (0..side * side)
            .map(|i| {
                let (row, col) = (i / side, i % side);
                (
                    lat + f64::from(row) * 0.01,
                    lon + f64::from(col) * 0.01,
                    f64::from(i),
                )
            })
            .collect()
    }

    async fn cell_rows(store: &Store) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM population_cells")
            .fetch_one(&store.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn layers_are_imported_with_totals_and_bbox() {
        let (_dir, store) = temp_store().await;
        let cells = grid(48.0, -4.5, 100);
        let id = store
            .import_population("grid", "brest.csv", &cells)
            .await
            .unwrap();
        let layers = store.population_layers().await.unwrap();
        assert_eq!(layers.len(), 1);
        let layer = &layers[0];
        assert_eq!(layer.id, id);
        assert_eq!(layer.kind, "grid");
        assert_eq!(layer.source_file, "brest.csv");
        assert!(layer.imported_at.ends_with('Z'), "{}", layer.imported_at);
        assert_eq!(layer.cells, 10_000);
        assert_eq!(layer.population, f64::from(9_999 * 10_000 / 2));
        let [a, b, c, d] = layer.bbox.unwrap();
        assert_eq!((a, b), (48.0, -4.5));
        assert!((c - 48.99).abs() < 1e-9 && (d + 3.51).abs() < 1e-9);
        assert_eq!(cell_rows(&store).await, 10_000);
    }

    #[tokio::test]
    async fn cells_in_a_box_come_from_the_latest_layer_covering_it() {
        let (_dir, store) = temp_store().await;
        let old = store
            .import_population("grid", "old.csv", &grid(48.0, -4.5, 50))
            .await
            .unwrap();
        let elsewhere = store
            .import_population("points", "lyon.csv", &grid(45.7, 4.8, 10))
            .await
            .unwrap();

        // Only the old layer covers Brest, though the Lyon one is more recent.
        let (layer, cells) = store
            .population_in(48.1, -4.4, 48.2, -4.3)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(layer.id, old);
        let expected: Vec<PopulationCell> = grid(48.0, -4.5, 50)
            .into_iter()
            .filter(|&(lat, lon, _)| (48.1..=48.2).contains(&lat) && (-4.4..=-4.3).contains(&lon))
            .collect();
        // The grid is generated row by row: already sorted by latitude, then longitude.
        assert!(!expected.is_empty());
        assert_eq!(cells, expected, "values come back exactly, sorted");

        // A newer layer over Brest replaces it there.
        let new = store
            .import_population("grid", "new.csv", &grid(48.0, -4.5, 20))
            .await
            .unwrap();
        let (layer, _) = store
            .population_in(48.1, -4.4, 48.2, -4.3)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(layer.id, new);
        let (layer, cells) = store.population_in(45.0, 4.0, 46.0, 5.0).await.unwrap().unwrap();
        assert_eq!((layer.id, cells.len()), (elsewhere, 100));
        // A box meeting a layer's bbox but none of its cells: the layer, no cells.
        let (layer, cells) = store
            .population_in(48.001, -4.5, 48.002, -4.0)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((layer.id, cells.len()), (new, 0));
        assert!(
            store
                .population_in(-22.0, 55.0, -20.0, 56.0)
                .await
                .unwrap()
                .is_none(),
            "La Réunion"
        );
    }

    #[tokio::test]
    async fn cells_at_the_same_position_are_merged() {
        let (_dir, store) = temp_store().await;
        let cells = [
            (48.5, -4.0, 1.0),
            (47.0, 2.0, 10.0),
            (48.5, -4.0, 2.5),
            (-0.0, 0.0, 4.0),
            (0.0, -0.0, 8.0),
            (47.0, 1.0, 0.0),
        ];
        store.import_population("points", "p.csv", &cells).await.unwrap();
        let (layer, stored) = store.population_in(-1.0, -5.0, 49.0, 3.0).await.unwrap().unwrap();
        assert_eq!((layer.cells, layer.population), (4, 25.5));
        assert_eq!(layer.bbox, Some([0.0, -4.0, 48.5, 2.0]));
        assert_eq!(
            stored,
            [
                (0.0, 0.0, 12.0),
                (47.0, 1.0, 0.0),
                (47.0, 2.0, 10.0),
                (48.5, -4.0, 3.5)
            ]
        );
    }

    #[tokio::test]
    async fn layers_are_deleted_with_their_cells() {
        let (_dir, store) = temp_store().await;
        let a = store
            .import_population("grid", "a.csv", &grid(48.0, -4.5, 10))
            .await
            .unwrap();
        let b = store
            .import_population("grid", "b.csv", &grid(48.0, -4.5, 5))
            .await
            .unwrap();
        assert!(store.delete_population_layer(b).await.unwrap());
        assert!(!store.delete_population_layer(b).await.unwrap());
        assert_eq!(cell_rows(&store).await, 100);
        let (layer, _) = store
            .population_in(47.0, -5.0, 49.0, -4.0)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(layer.id, a);
        assert!(store.delete_population_layer(a).await.unwrap());
        assert_eq!(cell_rows(&store).await, 0);
        assert!(store.population_layers().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn empty_layers_have_no_bbox_and_cover_nothing() {
        let (_dir, store) = temp_store().await;
        store.import_population("points", "empty.csv", &[]).await.unwrap();
        let layers = store.population_layers().await.unwrap();
        assert_eq!(
            (layers[0].cells, layers[0].population, layers[0].bbox),
            (0, 0.0, None)
        );
        assert!(store
            .population_in(-90.0, -180.0, 90.0, 180.0)
            .await
            .unwrap()
            .is_none());
    }

    #[tokio::test]
    async fn invalid_layers_write_nothing() {
        let (_dir, store) = temp_store().await;
        let mut cells = grid(48.0, -4.5, 100);
        cells[9_000].2 = f64::NAN;
        let err = store
            .import_population("grid", "nan.csv", &cells)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidPopulation(_)), "{err}");
        assert_eq!(
            err.to_string(),
            "invalid population layer: cell 9001: population NaN is not a finite non-negative number"
        );
        cells[9_000] = (91.0, 0.0, 1.0);
        assert!(store.import_population("grid", "lat.csv", &cells).await.is_err());
        cells[9_000] = (48.0, -4.5, -1.0);
        assert!(store.import_population("grid", "neg.csv", &cells).await.is_err());
        let err = store.import_population("raster", "r.tif", &[]).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid population layer: unknown kind « raster »: expected grid or points"
        );
        assert!(store.population_layers().await.unwrap().is_empty());
        assert_eq!(cell_rows(&store).await, 0);
    }

    #[tokio::test]
    async fn a_failure_while_writing_leaves_no_layer_behind() {
        let (_dir, store) = temp_store().await;
        // Refuse one cell of the third batch, once the layer row and two batches are written.
        sqlx::query(
            "CREATE TRIGGER refuse BEFORE INSERT ON population_cells WHEN NEW.population = 20000 \
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
        .execute(&store.pool)
        .await
        .unwrap();
        let cells = grid(48.0, -4.5, 150);
        assert!(cells.len() > 2 * CELL_BATCH_ROWS && 20_000 > 2 * CELL_BATCH_ROWS);
        let err = store
            .import_population("grid", "g.csv", &cells)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Database(_)), "{err}");
        assert!(store.population_layers().await.unwrap().is_empty());
        assert_eq!(cell_rows(&store).await, 0);
    }
}
