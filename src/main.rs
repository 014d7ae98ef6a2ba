use std::process::ExitCode;

fn main() -> ExitCode {
    ptix::cli::main()
}
