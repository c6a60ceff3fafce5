//! Fuzz target of the population and boundary readers: the territory fixtures, mutated
//! (`aiguillage_testkit::fuzz`), never make them panic; each file is refused with an error
//! naming it (and its line), or read with every rejected row or feature located
//! (`FILE:LINE: …`) and every kept value within its bounds.

use aiguillage_territory::population::{parse_population, PopulationError, MAX_POPULATION};
use aiguillage_territory::{parse_boundaries, Admin, Level, TerritoryError};
use aiguillage_testkit::{fixture, fuzz};
use proptest::prelude::*;

/// An INSEE 200 m grid file, the layer's other format.
const GRID: &str = "Idcar_200m;Ind;Men\nCRS3035RES200mN2913600E3255600;42,5;12\n\
                    \"CRS3035RES200mN2913800E3255600\";3;1\nCRS3035RES200mN2913600E3255800;0;0\n";

proptest! {
    #![proptest_config(fuzz::cases(5000))]

    #[test]
    fn mutated_population_layers_are_read_or_refused_on_a_line(
        content in fuzz::mutated({
            let mut corpus = fuzz::corpus([fixture("territory/population.csv")]);
            corpus.push(GRID.as_bytes().to_vec());
            corpus
        })
    ) {
        match parse_population(&content, "layer.csv") {
            Ok(file) => {
                for message in &file.rejected {
                    prop_assert!(message.starts_with("layer.csv:"), "unlocated: {}", message);
                }
                for cell in &file.cells {
                    prop_assert!(
                        cell.population.is_finite() && (0.0..=MAX_POPULATION).contains(&cell.population),
                        "kept population {}", cell.population
                    );
                    prop_assert!(cell.position.lat.abs() <= 90.0 && cell.position.lon.abs() <= 180.0);
                }
            }
            Err(PopulationError::NotUtf8 { line, .. } | PopulationError::Csv { line, .. }) => prop_assert!(line >= 1),
            Err(e) => prop_assert!(e.to_string().starts_with("layer.csv"), "unlocated: {}", e),
        }
    }

    #[test]
    fn mutated_boundary_files_are_read_or_refused_on_a_line(
        text in fuzz::mutated_text(fuzz::corpus([
            fixture("territory/communes.geojson"),
            fixture("territory/centre.geojson"),
        ]))
    ) {
        for (level, code, name) in [(Level::Commune, "code", "nom"), (Level::Custom, "id", "name")] {
            match parse_boundaries(&text, "outline.geojson", level, code, name, Admin::embedded()) {
                Ok(file) => {
                    for message in &file.rejected {
                        prop_assert!(message.starts_with("outline.geojson:"), "unlocated: {}", message);
                    }
                }
                Err(TerritoryError::Json { line, .. }) => prop_assert!(line >= 1),
                Err(e) => panic!("a boundary text refused without a line: {e}"),
            }
        }
    }
}
