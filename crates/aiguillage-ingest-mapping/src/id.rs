//! Stable ids, so that importing a source again updates its places instead of duplicating them.

use aiguillage_model::fold;
use sha2::{Digest, Sha256};

/// `PREFIX-VALUE` from the source's own id (characters outside `A–Z a–z 0–9 - _ .` become `-`).
///
/// ```
/// # use aiguillage_ingest_mapping::id_from_column;
/// assert_eq!(id_from_column("maine-et-loire", "LMN 008/b"), "maine-et-loire-LMN-008-b");
/// ```
pub fn id_from_column(prefix: &str, value: &str) -> String {
    let cleaned: String = value
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{cleaned}")
}

/// `PREFIX-` and 16 hex digits of a hash of the folded name, address and commune: the same
/// place keeps its id when a hub re-exports it with other accents or case.
///
/// ```
/// # use aiguillage_ingest_mapping::id_from_hash;
/// let a = id_from_hash("corse", "Mairie de Corscia ", "Mairie", "CORSCIA");
/// assert_eq!(a, id_from_hash("corse", "mairie de corscia", "mairie", "Corscia"));
/// assert_ne!(a, id_from_hash("corse", "Mairie de Corte", "Mairie", "Corte"));
/// assert_eq!(a.len(), "corse-".len() + 16);
/// ```
pub fn id_from_hash(prefix: &str, nom: &str, adresse: &str, commune: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [nom, adresse, commune] {
        hasher.update(fold(part).as_bytes());
        // A separator, so that « ab|c » and « a|bc » differ.
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}
