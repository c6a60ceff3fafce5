//! Passwords (argon2id) and random secrets (session cookies, CSRF and API tokens).
//!
//! Secrets are 256 random bits; only their SHA-256 is stored, which is enough for values that
//! cannot be guessed (a password, chosen by a person, needs the slow argon2id instead).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a password was refused or could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordError {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// The system's random source failed, or the hasher did.
    Hashing(String),
}

impl std::fmt::Display for PasswordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordError::TooShort => write!(f, "a password has at least {MIN_PASSWORD_CHARS} characters"),
            PasswordError::Hashing(e) => write!(f, "could not hash the password: {e}"),
        }
    }
}

impl std::error::Error for PasswordError {}

/// The argon2id hash of `password` (PHC string, with its parameters and a random salt).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    let salt = SaltString::encode_b64(&random_bytes::<16>().map_err(PasswordError::Hashing)?)
        .map_err(|e| PasswordError::Hashing(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| PasswordError::Hashing(e.to_string()))
}

/// Whether `password` is the one hashed in `hash` (`false` for a malformed hash).
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A password for people to type once: 20 characters from an alphabet without look-alikes
/// (about 110 bits).
pub fn generate_password() -> Result<String, String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // 256 is not a multiple of the alphabet's size: bytes past the last multiple are drawn
    // again, so that every character is equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut password = String::with_capacity(20);
    while password.len() < 20 {
        for byte in random_bytes::<32>()? {
            if (byte as usize) < limit && password.len() < 20 {
                password.push(ALPHABET[byte as usize % ALPHABET.len()] as char);
            }
        }
    }
    Ok(password)
}

/// A new secret: 256 random bits as 64 hexadecimal digits.
pub fn new_secret() -> Result<String, String> {
    Ok(hex(&random_bytes::<32>()?))
}

/// The SHA-256 of a secret, as stored.
pub fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Whether two secrets are equal, in a time that does not depend on where they differ.
pub fn secrets_match(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterie"));
        assert!(!verify_password("not a hash", "correct horse battery"));
        assert_ne!(hash, hash_password("correct horse battery").unwrap(), "salted");
        assert_eq!(hash_password("short"), Err(PasswordError::TooShort));
    }

    #[test]
    fn generated_secrets_are_long_and_distinct() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
        let password = generate_password().unwrap();
        assert_eq!(password.chars().count(), 20);
        assert!(hash_password(&password).is_ok());
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(secrets_match("abc", "abc"));
        assert!(!secrets_match("abc", "abd"));
        assert!(!secrets_match("abc", "abcd"));
    }
}
