//! Fuzzing on stable: proptest strategies that mutate real files (the corpora) the way hostile
//! or unlucky inputs differ from them, and the case count of every fuzz target.
//!
//! The fuzz targets (`tests/fuzz.rs` of the crates that read outside input) run
//! [`cases`]`(default)` cases, a few seconds in CI; `AIGUILLAGE_FUZZ_CASES=100000` runs each
//! of them longer by hand (docs/testing.md).

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

/// The environment variable that overrides every fuzz target's case count.
pub const CASES_VARIABLE: &str = "AIGUILLAGE_FUZZ_CASES";

/// The proptest configuration of a fuzz target: `default` cases, or the number in
/// [`CASES_VARIABLE`].
///
/// # Panics
///
/// When the variable is set but not a number, rather than silently running the default.
pub fn cases(default: u32) -> Config {
    let cases = match std::env::var(CASES_VARIABLE) {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{CASES_VARIABLE} must be a number of cases, got {value:?}")),
        Err(_) => default,
    };
    Config {
        cases,
        // A failure is shrunk to a minimal input; an unbounded shrink of a big file can take
        // longer than the whole run.
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// The bytes of each file, for [`mutated`].
///
/// # Panics
///
/// When a file cannot be read: a corpus file that vanished must not shrink the fuzzing silently.
pub fn corpus<P: AsRef<Path>>(files: impl IntoIterator<Item = P>) -> Vec<Vec<u8>> {
    files
        .into_iter()
        .map(|file| {
            let file = file.as_ref();
            std::fs::read(file).unwrap_or_else(|e| panic!("corpus file {}: {e}", file.display()))
        })
        .collect()
}

/// Pieces that readers of French public data get wrong: control characters, quotes and
/// separators, numbers too large or not finite, a byte-order mark, invalid UTF-8, decomposed
/// accents, deep nesting.
const HOSTILE: &[&[u8]] = &[
    b"\0",
    b"\x01",
    b"\x7f",
    b"\t",
    b"\r",
    b"\n",
    b"\r\n",
    b"\"",
    b"'",
    b"\\",
    b";",
    b",",
    b"|",
    b":",
    b"{",
    b"}",
    b"[",
    b"]",
    b"-",
    b"=",
    b"1e400",
    b"-1e400",
    b"NaN",
    b"inf",
    b"18446744073709551616",
    b"-99999999999999999999999999",
    b"0.000000000000000000000000001",
    b"1e308",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"e\xCC\x81",
    b"\xF0\x9F\x98\x80",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"null",
    b"true",
    b"24h00",
    b"25:61",
    b"lundi",
    b"-",
];

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the file there.
    Truncate(Index),
    /// Flip some bits of one byte.
    Flip(Index, u8),
    /// Insert a [`HOSTILE`] piece there.
    Insert(Index, Index),
    /// Remove up to this many bytes from there.
    Remove(Index, usize),
    /// Repeat up to this many bytes from there.
    Repeat(Index, usize),
}

impl Mutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let len = bytes.len();
        match self {
            Mutation::Truncate(at) => bytes.truncate(at.index(len + 1)),
            Mutation::Flip(at, mask) => {
                if len > 0 {
                    bytes[at.index(len)] ^= (*mask).max(1);
                }
            }
            Mutation::Insert(at, piece) => {
                let at = at.index(len + 1);
                let piece = HOSTILE[piece.index(HOSTILE.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
            Mutation::Remove(at, count) => {
                let at = at.index(len + 1);
                bytes.drain(at..(at + count).min(len));
            }
            Mutation::Repeat(at, count) => {
                let at = at.index(len + 1);
                let copy = bytes[at..(at + count).min(len)].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), any::<u8>()).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(at, piece)| Mutation::Insert(at, piece)),
        1 => (any::<Index>(), 1..64usize).prop_map(|(at, count)| Mutation::Remove(at, count)),
        1 => (any::<Index>(), 1..64usize).prop_map(|(at, count)| Mutation::Repeat(at, count)),
    ]
}

/// A file of the corpus with one to eight mutations, or now and then random bytes.
///
/// # Panics
///
/// When the corpus is empty.
pub fn mutated(corpus: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    assert!(!corpus.is_empty(), "a fuzz target needs at least one corpus file");
    let from_corpus = (
        proptest::sample::select(corpus),
        proptest::collection::vec(mutation(), 1..8),
    )
        .prop_map(|(mut bytes, mutations)| {
            for mutation in &mutations {
                mutation.apply(&mut bytes);
            }
            bytes
        });
    prop_oneof![
        9 => from_corpus,
        1 => proptest::collection::vec(any::<u8>(), 0..256),
    ]
}

/// [`mutated`] as text, invalid UTF-8 replaced, for parsers that take a `&str`.
pub fn mutated_text(corpus: Vec<Vec<u8>>) -> impl Strategy<Value = String> {
    mutated(corpus).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}
