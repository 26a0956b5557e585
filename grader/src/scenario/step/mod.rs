//! Steps: as written ([`RawStep`], whose action is the typed [`Action`]),
//! and as checked for the runner ([`Step`], whose [`StepKind`] has its
//! connection resolved and its payload decoded).

mod action;
mod check;
mod de;
mod kind;

pub use action::{Action, Modifiers, RawStep};
pub(crate) use check::{Conns, check_step};
pub use kind::{Signal, Step, StepKind};
