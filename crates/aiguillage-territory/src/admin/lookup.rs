//! Communes by postcode and by name, as addresses give them: what importers and quality
//! checks need to find a place's commune without its INSEE code.

use std::collections::HashMap;

use aiguillage_model::fold;

use super::{Admin, Commune};

/// The communes of each postcode and of each [`commune_key`], as indices in table order.
#[derive(Debug, Default)]
pub(super) struct Lookup {
    by_postcode: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Lookup {
    pub(super) fn new(communes: &[Commune]) -> Lookup {
        let mut lookup = Lookup::default();
        for (i, commune) in communes.iter().enumerate() {
            for postcode in &commune.codes_postaux {
                lookup.by_postcode.entry(postcode.clone()).or_default().push(i);
            }
            lookup
                .by_name
                .entry(commune_key(&commune.nom))
                .or_default()
                .push(i);
        }
        lookup
    }
}

/// A commune name folded for comparison: case, accents and punctuation ignored, `St`/`Ste`
/// read as `Saint`/`Sainte`, a leading article and what addresses add to it (`CEDEX`, its
/// number, a postcode) left out.
///
/// ```
/// use aiguillage_territory::commune_key;
/// assert_eq!(commune_key("St-Barthélemy-d'Anjou"), commune_key("SAINT BARTHELEMY D ANJOU"));
/// assert_eq!(commune_key("La Plaine-des-Palmistes"), commune_key("PLAINE DES PALMISTES"));
/// assert_eq!(commune_key("AJACCIO CEDEX 01"), "ajaccio");
/// ```
pub fn commune_key(name: &str) -> String {
    let folded = fold(name);
    // Sources often drop the article (« Plaine des Palmistes » for « La Plaine-des-Palmistes »).
    let without_article = match folded.split_once(' ') {
        Some(("la" | "le" | "les" | "l", rest)) => rest,
        _ => &folded,
    };
    without_article
        .split(' ')
        .filter(|w| *w != "cedex" && !w.bytes().all(|b| b.is_ascii_digit()))
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect()
}

impl Admin {
    fn lookup(&self) -> &Lookup {
        // Built on first use: a few milliseconds over the 35,000 communes.
        self.lookup.get_or_init(|| Lookup::new(&self.communes))
    }

    /// The communes having `postcode`, in code order.
    ///
    /// ```
    /// use aiguillage_territory::Admin;
    /// let brest: Vec<&str> = Admin::embedded().communes_with_postcode("29200").iter().map(|c| c.nom.as_str()).collect();
    /// assert_eq!(brest, ["Brest"]);
    /// ```
    pub fn communes_with_postcode(&self, postcode: &str) -> Vec<&Commune> {
        self.indexed(self.lookup().by_postcode.get(postcode))
    }

    /// The communes whose name has the same [`commune_key`] as `name`, in code order.
    ///
    /// ```
    /// use aiguillage_territory::Admin;
    /// let found = Admin::embedded().communes_named("st malo");
    /// assert_eq!(found.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["35288"]);
    /// ```
    pub fn communes_named(&self, name: &str) -> Vec<&Commune> {
        self.indexed(self.lookup().by_name.get(&commune_key(name)))
    }

    fn indexed(&self, indices: Option<&Vec<usize>>) -> Vec<&Commune> {
        indices
            .map(|indices| indices.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }
}
