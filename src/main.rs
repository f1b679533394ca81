//! `zhenggai`: arguments → library → exit code (0 clean, 1 errors found, 2 trouble).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(zhenggai::cli::run(std::env::args_os()))
}
