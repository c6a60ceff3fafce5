//! Coverage of a territory by places: who lives within reach, how far the others are,
//! where the white zones are, when places are open and what is wrong in their data.
//!
//! Data flows in one direction: [`assemble`] gathers a territory's communes, residents and
//! places into [`Inputs`] (no I/O: the caller reads the store), [`compute`] turns them into
//! a [`CoverageReport`], which `aiguillage-report` renders.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod assemble;
mod compute;
mod inputs;
mod opening_coverage;
mod quality;
pub mod reach;
mod report;
pub mod stats;
mod white_zones;

pub use assemble::{assemble, Geography, PopulationLayer};
pub use compute::{compute, CHART_RADII_M};
pub use inputs::{Attachment, Inputs, MemberCommune, Options, Residents};
pub use report::*;
