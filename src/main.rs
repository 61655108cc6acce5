fn main() -> std::process::ExitCode {
    cfrcheck::cli::main()
}
