//! Prints an access token of an app's current user, as `latchkey token` does:
//! `cargo run -p latchkey-client --example token [APP]`.

#[tokio::main(flavor = "current_thread")]
#[expect(clippy::print_stdout, reason = "the example's output is the token")]
async fn main() -> std::process::ExitCode {
    let app = std::env::args().nth(1);
    match latchkey_client::Client::new().token(app.as_deref()).await {
        Ok(token) => {
            println!("{token}");
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            let hint = if err.is_not_logged_in() {
                "; log in first: latchkey login anonymous"
            } else {
                ""
            };
            eprintln!("token: {err}{hint}");
            std::process::ExitCode::FAILURE
        }
    }
}
