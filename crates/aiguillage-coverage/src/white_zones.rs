//! White zones: populated cells with no place within the radius, grouped into connected
//! areas and outlined.

use aiguillage_geo::grid::{components, outline, CellId, CELL_M};
use aiguillage_territory::population::PopulationCell;

use crate::stats::total;
use crate::{WhiteZone, WhiteZones};

/// An uncovered cell: its residents and their summed distance (for the mean).
struct Uncovered {
    cell: CellId,
    population: f64,
    weighted_distance: f64,
}

/// Groups the uncovered populated cells (distance to the nearest place above `radius_m`)
/// into zones of cells sharing an edge, largest population first. Several resident points
/// in one 200 m cell (a points layer) make one cell.
///
/// Every zone is counted, but only the `outlined` most populated ones are listed with their
/// outline: outlining is most of the cost, and a département has thousands of small zones.
pub(crate) fn white_zones(
    cells: &[PopulationCell],
    distances: &[f64],
    radius_m: f64,
    outlined: usize,
) -> WhiteZones {
    let mut uncovered: Vec<Uncovered> = cells
        .iter()
        .zip(distances)
        .filter(|(cell, distance)| **distance > radius_m && cell.population > 0.0)
        .map(|(cell, distance)| Uncovered {
            cell: cell.cell,
            population: cell.population,
            // No place at all anywhere: the distance is unknown, not infinite.
            weighted_distance: if distance.is_finite() {
                cell.population * distance
            } else {
                0.0
            },
        })
        .collect();
    // Sorted, points of one cell are neighbours and merge into it.
    uncovered.sort_unstable_by_key(|u| u.cell);
    let mut merged: Vec<Uncovered> = Vec::with_capacity(uncovered.len());
    for u in uncovered {
        match merged.last_mut() {
            Some(last) if last.cell == u.cell => {
                last.population += u.population;
                last.weighted_distance += u.weighted_distance;
            }
            _ => merged.push(u),
        }
    }
    let ids: Vec<CellId> = merged.iter().map(|u| u.cell).collect();
    let mut groups: Vec<(f64, f64, Vec<usize>)> = components(&ids)
        .into_iter()
        .map(|members| {
            let population = total(members.iter().map(|&i| &merged[i].population));
            let weighted = total(members.iter().map(|&i| &merged[i].weighted_distance));
            (population, weighted, members)
        })
        .collect();
    groups.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.2.len().cmp(&a.2.len())));
    let count = groups.len() as u32;
    let population = total(groups.iter().map(|g| &g.0));
    let zones = groups
        .into_iter()
        .take(outlined)
        .enumerate()
        .map(|(rank, (population, weighted, members))| {
            let cells = members.len() as u32;
            let members: Vec<CellId> = members.iter().map(|&i| ids[i]).collect();
            WhiteZone {
                rank: rank as u32 + 1,
                population,
                cells,
                area_km2: f64::from(cells) * CELL_M * CELL_M / 1e6,
                mean_distance_m: (population > 0.0 && weighted > 0.0).then(|| weighted / population),
                geometry: outline(&members),
            }
        })
        .collect();
    WhiteZones {
        count,
        population,
        zones,
    }
}
