//! Accounts of Aiguillage, without I/O: the three roles, how passwords and secrets are
//! hashed, and which places an account may write.
//!
//! - An `admin` writes everywhere.
//! - A `coordinator` looks after territories (communes, EPCI, départements, régions or custom
//!   areas): they write the places attached to them, as coverage reports attach places.
//! - An `editor` is a structure keeping its own entries: they write the places named in
//!   their account.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod grant;
mod role;
mod secret;

pub use grant::{Area, Grant};
pub use role::{Role, UnknownRole};
pub use secret::{
    generate_password, hash_password, new_secret, secret_hash, secrets_match, verify_password, PasswordError,
    MIN_PASSWORD_CHARS,
};
