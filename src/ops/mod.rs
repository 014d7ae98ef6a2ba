//! One core entry point per subcommand. These never print, prompt or exit: they take
//! requests and return reports, which `cli` renders.

pub mod batch;
pub mod inspect;
pub mod keygen;
pub mod lint;
pub mod mint;
pub mod pipeline;
pub mod release;
pub mod verify;
