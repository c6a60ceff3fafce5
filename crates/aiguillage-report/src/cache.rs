//! Population cells kept between reports: reading a département's 180,000 cells from SQLite
//! and placing each on the grid costs several times the coverage computation, and a layer's
//! cells never change once imported, so they are kept by layer and area, within a bound.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use aiguillage_geo::BoundingBox;
use aiguillage_territory::population::PopulationCell;

/// Cells kept at most, all areas together (32 bytes each: 64 MB): a département's layer
/// several times over, a région's once. An area holding more is read again each time.
pub const MAX_CACHED_CELLS: usize = 2_000_000;

/// The cells of one layer over one area.
type Entry = ((i64, [u64; 4]), Arc<Vec<PopulationCell>>);

/// Population cells by (layer id, area), the most recently used last; shared by clones.
#[derive(Debug, Clone, Default)]
pub struct PopulationCache(Arc<Mutex<VecDeque<Entry>>>);

impl PopulationCache {
    /// The cells of `layer` over `area`, if kept.
    pub fn get(&self, layer: i64, area: &BoundingBox) -> Option<Arc<Vec<PopulationCell>>> {
        let key = (layer, key(area));
        let mut entries = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let at = entries.iter().position(|(k, _)| *k == key)?;
        let entry = entries.remove(at)?;
        let cells = entry.1.clone();
        entries.push_back(entry);
        Some(cells)
    }

    /// Keeps `cells` as those of `layer` over `area`, forgetting the least recently used
    /// areas past [`MAX_CACHED_CELLS`].
    pub fn insert(&self, layer: i64, area: &BoundingBox, cells: Arc<Vec<PopulationCell>>) {
        if cells.len() > MAX_CACHED_CELLS {
            return;
        }
        let key = (layer, key(area));
        let mut entries = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.retain(|(k, _)| *k != key);
        entries.push_back((key, cells));
        let mut kept: usize = entries.iter().map(|(_, c)| c.len()).sum();
        while kept > MAX_CACHED_CELLS {
            match entries.pop_front() {
                Some((_, dropped)) => kept -= dropped.len(),
                None => break,
            }
        }
    }
}

/// An area as exact bits: equal boxes, equal keys.
fn key(area: &BoundingBox) -> [u64; 4] {
    [area.min_lat, area.min_lon, area.max_lat, area.max_lon].map(f64::to_bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aiguillage_geo::grid::CellId;
    use aiguillage_geo::LatLon;

    fn area(south: f64) -> BoundingBox {
        BoundingBox {
            min_lon: -5.0,
            min_lat: south,
            max_lon: -4.0,
            max_lat: south + 1.0,
        }
    }

    fn cells(n: usize) -> Arc<Vec<PopulationCell>> {
        let position = LatLon::new(48.0, -4.5);
        let cell = PopulationCell {
            position,
            population: 1.0,
            cell: CellId::containing(position),
        };
        Arc::new(vec![cell; n])
    }

    #[test]
    fn cells_are_kept_by_layer_and_area_within_the_bound() {
        let cache = PopulationCache::default();
        cache.insert(1, &area(47.0), cells(10));
        assert_eq!(cache.get(1, &area(47.0)).map(|c| c.len()), Some(10));
        assert!(cache.get(2, &area(47.0)).is_none(), "another layer");
        assert!(cache.get(1, &area(47.5)).is_none(), "another area");
        // Past the bound, the least recently used area goes first.
        cache.insert(1, &area(48.0), cells(MAX_CACHED_CELLS - 10));
        assert!(cache.get(1, &area(47.0)).is_some());
        cache.insert(1, &area(49.0), cells(20));
        assert!(cache.get(1, &area(48.0)).is_none());
        assert!(cache.get(1, &area(47.0)).is_some() && cache.get(1, &area(49.0)).is_some());
        // Too large to keep at all.
        cache.insert(3, &area(47.0), cells(MAX_CACHED_CELLS + 1));
        assert!(cache.get(3, &area(47.0)).is_none());
    }
}
