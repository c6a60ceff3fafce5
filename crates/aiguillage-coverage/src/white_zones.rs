//! White zones: populated cells with no place within the radius, grouped into connected
//! areas and outlined.

use std::collections::HashMap;

use aiguillage_geo::grid::{components, outline, CellId, CELL_M};
use aiguillage_territory::population::PopulationCell;

use crate::stats::total;
use crate::{WhiteZone, WhiteZones};

/// Groups the uncovered populated cells (distance to the nearest place above `radius_m`)
/// into zones of cells sharing an edge, largest population first. Several resident points
/// in one 200 m cell (a points layer) make one cell.
pub(crate) fn white_zones(cells: &[PopulationCell], distances: &[f64], radius_m: f64) -> WhiteZones {
    // Per uncovered cell: population and population × distance (for the mean).
    let mut uncovered: HashMap<CellId, (f64, f64)> = HashMap::new();
    for (cell, distance) in cells.iter().zip(distances) {
        if *distance > radius_m && cell.population > 0.0 {
            let entry = uncovered.entry(cell.cell).or_default();
            entry.0 += cell.population;
            if distance.is_finite() {
                entry.1 += cell.population * distance;
            }
        }
    }
    let mut ids: Vec<CellId> = uncovered.keys().copied().collect();
    ids.sort_unstable();
    let mut zones: Vec<WhiteZone> = components(&ids)
        .into_iter()
        .map(|group| {
            let members: Vec<CellId> = group.iter().map(|&i| ids[i]).collect();
            let population = total(members.iter().map(|c| &uncovered[c].0));
            let weighted = total(members.iter().map(|c| &uncovered[c].1));
            let cells = members.len() as u32;
            WhiteZone {
                rank: 0,
                population,
                cells,
                area_km2: f64::from(cells) * CELL_M * CELL_M / 1e6,
                // No place at all anywhere: the distance is unknown, not infinite.
                mean_distance_m: (population > 0.0 && weighted > 0.0).then(|| weighted / population),
                geometry: outline(&members),
            }
        })
        .collect();
    zones.sort_by(|a, b| {
        b.population
            .total_cmp(&a.population)
            .then_with(|| b.cells.cmp(&a.cells))
    });
    for (rank, zone) in zones.iter_mut().enumerate() {
        zone.rank = rank as u32 + 1;
    }
    WhiteZones {
        count: zones.len() as u32,
        population: total(zones.iter().map(|z| &z.population)),
        zones,
    }
}
