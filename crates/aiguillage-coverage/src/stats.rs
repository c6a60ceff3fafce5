//! Population-weighted statistics of distances.

/// Population-weighted mean and 90th percentile of `distances` (weights `population`),
/// ignoring infinite distances (no place at all); `None` when the weights sum to zero.
///
/// The percentile is the smallest distance `d` such that the residents at distance `≤ d`
/// are at least 90 % of the total (the "lower" weighted quantile, no interpolation), so it
/// is always a distance some resident actually has.
pub fn weighted_mean_p90(distances: &[f64], population: &[f64]) -> (Option<f64>, Option<f64>) {
    let mut pairs: Vec<(f64, f64)> = distances
        .iter()
        .zip(population)
        .filter(|(d, w)| d.is_finite() && **w > 0.0)
        .map(|(d, w)| (*d, *w))
        .collect();
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    if pairs.is_empty() || total <= 0.0 {
        return (None, None);
    }
    let mean = pairs.iter().map(|(d, w)| d * w).sum::<f64>() / total;
    // A relative tolerance so that 9 residents out of 10 reach "90 %" despite rounding.
    let p90 = weighted_lower_quantile(&mut pairs, 0.9 * total * (1.0 - 1e-12));
    (Some(mean), Some(p90))
}

/// The sum of `values`, 0 for none (`Iterator::sum` of floats gives -0 for none, which
/// would print as `-0` in reports).
pub fn total<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    values.into_iter().fold(0.0, |sum, v| sum + v)
}

/// The smallest distance whose cumulated weight (of the pairs at that distance or less)
/// reaches `target`, by quickselect on `(distance, weight)` pairs: expected linear time,
/// where a full sort takes 10× longer on millions of cells.
fn weighted_lower_quantile(mut pairs: &mut [(f64, f64)], mut target: f64) -> f64 {
    loop {
        if pairs.len() <= 64 {
            pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            let mut cumulated = 0.0;
            for (d, w) in pairs.iter() {
                cumulated += w;
                if cumulated >= target {
                    return *d;
                }
            }
            // Only rounding can leave the target unreached: the largest distance.
            return pairs.last().map_or(0.0, |p| p.0);
        }
        let mid = pairs.len() / 2;
        pairs.select_nth_unstable_by(mid, |a, b| a.0.total_cmp(&b.0));
        let below = total(pairs[..mid].iter().map(|p| &p.1));
        if below >= target {
            pairs = &mut pairs[..mid];
        } else if below + pairs[mid].1 >= target {
            return pairs[mid].0;
        } else {
            target -= below + pairs[mid].1;
            pairs = &mut pairs[mid + 1..];
        }
    }
}

/// `part / whole`, clamped to 0–1; `None` when `whole` is zero (a share of nobody is not 0 %).
pub fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| (part / whole).clamp(0.0, 1.0))
}

/// Places per 10,000 residents, `None` when nobody lives there.
pub fn per_10k(places: u32, population: f64) -> Option<f64> {
    (population > 0.0).then(|| f64::from(places) * 10_000.0 / population)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_p90_are_weighted() {
        let d = [100.0, 200.0, 1_000.0, f64::INFINITY];
        let w = [5.0, 4.0, 1.0, 50.0];
        let (mean, p90) = weighted_mean_p90(&d, &w);
        assert_eq!(mean, Some((500.0 + 800.0 + 1_000.0) / 10.0));
        // 5 + 4 = 9 residents of 10 within 200 m.
        assert_eq!(p90, Some(200.0));
        assert_eq!(weighted_mean_p90(&[1.0], &[0.0]), (None, None));
        assert_eq!(weighted_mean_p90(&[], &[]), (None, None));
    }

    #[test]
    fn the_quantile_by_selection_equals_the_one_by_sorting() {
        // 1,000 pairs with repeated distances and uneven weights, against a full sort.
        let mut pairs: Vec<(f64, f64)> = (0..1_000u32)
            .map(|i| (f64::from((i * 7_919) % 331), f64::from(1 + (i * 31) % 17)))
            .collect();
        let all: f64 = pairs.iter().map(|p| p.1).sum();
        let mut sorted = pairs.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for share in [0.0001, 0.1, 0.5, 0.9, 0.999, 1.0] {
            let target = share * all;
            let mut cumulated = 0.0;
            let expected = sorted
                .iter()
                .find(|(_, w)| {
                    cumulated += w;
                    cumulated >= target
                })
                .unwrap()
                .0;
            assert_eq!(weighted_lower_quantile(&mut pairs, target), expected, "{share}");
        }
    }

    #[test]
    fn the_total_of_nothing_is_positive_zero() {
        assert!(total(&[]).is_sign_positive());
        assert_eq!(total(&[1.5, 2.0]), 3.5);
    }

    #[test]
    fn ratios_never_divide_by_zero() {
        assert_eq!(ratio(3.0, 0.0), None);
        assert_eq!(ratio(1.0, 4.0), Some(0.25));
        assert_eq!(per_10k(3, 0.0), None);
        assert_eq!(per_10k(3, 30_000.0), Some(1.0));
    }
}
