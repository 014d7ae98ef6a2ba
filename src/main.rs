use std::process::ExitCode;

// Minting and verifying allocate many small JSON values; mimalloc keeps that cheap and does not
// contend across threads (measured in README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ptix::cli::main()
}
