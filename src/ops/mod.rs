//! One core entry point per subcommand. These never print, prompt or exit: they take
//! requests and return reports, which `cli` renders.

pub mod keygen;
