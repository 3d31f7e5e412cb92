#[tokio::main]
async fn main() -> std::process::ExitCode {
    inservice::cli::run().await
}
