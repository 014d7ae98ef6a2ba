use std::process::ExitCode;

// jemalloc: see Cargo.toml and README "Performance".
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    ptix::cli::main()
}
