//! The command line: every subcommand and flag, parsed by clap. Secrets never appear here: they
//! are read from a prompt or stdin ([`super::secrets`]).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

/// Command-line client of the Latchkey auth-session daemon.
#[derive(Parser)]
#[command(name = "latchkey", version)]
pub(crate) struct Cli {
    /// The daemon's socket (default: $LATCHKEY_SOCKET, your user daemon's, then the system one).
    #[arg(long, global = true)]
    pub(crate) socket: Option<PathBuf>,
    /// App name (default: the daemon's default app).
    #[arg(long, global = true, default_value = "")]
    pub(crate) app: String,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// As root: act on this uid's sessions instead of root's own.
    #[arg(long, global = true)]
    pub(crate) owner: Option<u32>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    #[command(flatten)]
    Session(SessionCommand),
    /// Print session events as they happen, one a line; reconnects (resuming where it left off)
    /// when the daemon restarts. Stop with Ctrl-C.
    Watch {
        /// Only this user's events.
        #[arg(long)]
        user: Option<String>,
        /// Start with the current state of every user.
        #[arg(long)]
        snapshot: bool,
        /// Also show desktop notifications (D-Bus) when a session needs a new login, when its
        /// refresh token is about to expire, and when a backend stays unreachable.
        #[arg(long)]
        notify: bool,
        /// With --notify: how long a backend must stay unreachable before a notification.
        #[arg(long, default_value = "60s", value_parser = latchkey_client::layout::parse_duration, requires = "notify")]
        notify_after: Duration,
    },
    /// Manage a user's API keys.
    #[command(subcommand)]
    ApiKeys(ApiKeysCommand),
    #[command(flatten)]
    Account(AccountCommand),
    /// Reset a password.
    #[command(subcommand)]
    ResetPassword(ResetCommand),
    #[command(flatten)]
    Daemon(DaemonCommand),
    /// A client-go exec credential plugin (kubectl, Kubernetes client libraries): reads
    /// KUBERNETES_EXEC_INFO and prints an ExecCredential of the same apiVersion with the
    /// session's token. When the session needs a new login: with `spec.interactive`, runs the
    /// app's device login (its prompt on stderr); otherwise exits 3 saying how to log in.
    KubernetesCredential {
        /// User id (default: current user).
        #[arg(long)]
        user: Option<String>,
        /// The session's ID token instead of its access token (for API servers that
        /// authenticate with OpenID Connect).
        #[arg(long)]
        id_token: bool,
        /// Refresh first unless the token stays valid this long.
        #[arg(long, value_parser = latchkey_client::layout::parse_duration)]
        min_valid: Option<Duration>,
    },
    /// Check what stands between you and a token (socket, daemon, apps, backends, state and
    /// seal key, clock) and say how to fix each problem found; exits 1 when one is found.
    Doctor,
    /// Print a shell completion script: `source <(latchkey completions bash)`, or save it where
    /// the shell loads completions from.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// How `latchkey token` prints the token.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TokenFormat {
    /// The token alone (a JSON object with the global --json).
    Text,
    /// A JSON object: token, expires_at, user_id, app, stale.
    Json,
    /// Google's executable-sourced credential answer (version, success, token_type, id_token,
    /// expiration_time; on failure success false with code and message).
    GoogleExecutable,
}

/// Logins, users and tokens (the `Sessions` service).
#[derive(Subcommand)]
pub(crate) enum SessionCommand {
    /// Log in and become the current user.
    Login {
        #[command(subcommand)]
        provider: Provider,
    },
    /// Add another identity to a logged-in user.
    Link {
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
        #[command(subcommand)]
        provider: Provider,
    },
    /// Log a user out (default: current user).
    Logout {
        /// User id.
        user: Option<String>,
    },
    /// Show the current user.
    Whoami,
    /// List your users.
    Users {
        /// As root: every uid's users.
        #[arg(long)]
        all: bool,
    },
    /// Make a logged-in user current.
    Switch {
        /// User id.
        user: String,
    },
    /// Forget a user locally (logging them out first).
    Remove {
        /// User id (default: current user).
        user: Option<String>,
    },
    /// Delete a user at the backend.
    Delete {
        /// User id (default: current user).
        user: Option<String>,
    },
    /// Print a valid access token (only the token: `$(latchkey token)`), or the session's ID
    /// token; or write it to a file, and keep it current there with --follow.
    Token {
        /// User id (default: current user).
        #[arg(long)]
        user: Option<String>,
        /// Refresh first unless the token stays valid this long (e.g. 5m).
        #[arg(long, value_parser = latchkey_client::layout::parse_duration)]
        min_valid: Option<Duration>,
        /// Refresh now.
        #[arg(long, conflicts_with = "id_token")]
        force: bool,
        /// oidc apps: a token restricted to this scope (repeat for several).
        #[arg(long = "scope", conflicts_with = "id_token")]
        scopes: Vec<String>,
        /// oidc apps: a token for this resource (one of the app's `audience` values).
        #[arg(long, default_value = "", conflicts_with = "id_token")]
        audience: String,
        /// The session's OpenID Connect ID token instead of its access token (oidc apps whose
        /// configuration says `id_tokens = true`).
        #[arg(long)]
        id_token: bool,
        /// How to print it: the token alone, JSON, or the answer of a Google executable-sourced
        /// credential (`credential_source.executable`; with --id-token).
        #[arg(long, value_enum, default_value_t = TokenFormat::Text, conflicts_with = "write")]
        format: TokenFormat,
        /// Write the token to this file instead (atomically, mode 0600, no newline): for tools
        /// that read a token from a file, such as AWS `web_identity_token_file`.
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
        /// With --write: keep running, and write each new token as the daemon gets it (and
        /// before the one written falls below --min-valid).
        #[arg(long, requires = "write")]
        follow: bool,
    },
    /// Refresh a user's access token and custom data now.
    Refresh {
        /// User id (default: current user).
        user: Option<String>,
    },
}

/// Email/password accounts (the `EmailPassword` service).
#[derive(Subcommand)]
pub(crate) enum AccountCommand {
    /// Register an email/password account (password prompted for or read from stdin).
    Register {
        /// The account's email.
        email: String,
    },
    /// Confirm an account with a confirmation link's token id (the token is prompted for or
    /// read from stdin).
    Confirm {
        /// `tokenId` of the link.
        #[arg(long)]
        token_id: String,
    },
    /// Send the confirmation email again.
    ResendConfirmation {
        /// The account's email.
        email: String,
    },
    /// Run the app's confirmation function again.
    RetryConfirmation {
        /// The account's email.
        email: String,
    },
}

/// The daemon itself (the `Daemon` service).
#[derive(Subcommand)]
pub(crate) enum DaemonCommand {
    /// Show the daemon's status.
    Status,
    /// List the configured apps.
    Apps,
}

#[derive(Subcommand)]
pub(crate) enum ApiKeysCommand {
    /// Create a key; prints its secret, which is never shown again.
    Create {
        /// The key's name.
        name: String,
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// Show one key.
    Get(KeyRef),
    /// List the keys.
    List {
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// Enable a key.
    Enable(KeyRef),
    /// Disable a key.
    Disable(KeyRef),
    /// Delete a key.
    Delete(KeyRef),
}

/// One key of a user.
#[derive(clap::Args)]
pub(crate) struct KeyRef {
    /// Key id.
    pub(crate) id: String,
    /// The user (default: current user).
    #[arg(long)]
    pub(crate) user: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum ResetCommand {
    /// Send a password reset email.
    Send {
        /// The account's email.
        email: String,
    },
    /// Set a new password with a reset link's token id; the token and then the new password
    /// are prompted for, or read from stdin one a line.
    Apply {
        /// `tokenId` of the link.
        #[arg(long)]
        token_id: String,
    },
    /// Set a new password through the app's reset function (password prompted for or read from
    /// stdin).
    Call {
        /// The account's email.
        email: String,
        /// The function's arguments, a JSON array.
        #[arg(long, default_value = "[]")]
        args: String,
    },
}

#[derive(Subcommand, Clone)]
pub(crate) enum Provider {
    /// Anonymous user (reuses your anonymous user unless --new).
    Anonymous {
        /// Always create a new anonymous user.
        #[arg(long)]
        new: bool,
    },
    /// Email and password; the password is prompted for or read from stdin.
    Email {
        /// The account's email.
        email: String,
    },
    /// Custom JWT, prompted for or read from stdin.
    Jwt,
    /// API key, prompted for or read from stdin.
    ApiKey,
    /// Custom function; the JSON payload is read from stdin.
    Function,
    /// Facebook access token, prompted for or read from stdin.
    Facebook,
    /// Google auth code (or ID token with --id-token), prompted for or read from stdin.
    Google {
        /// The secret is an ID token, not an auth code.
        #[arg(long)]
        id_token: bool,
    },
    /// Apple ID token, prompted for or read from stdin.
    Apple,
    /// OpenID Connect device login: prints where to go and the code to enter, waits for you.
    Device {
        /// Sign this user in again (after its session expired).
        #[arg(long)]
        user: Option<String>,
        /// A scope to ask for instead of the app's (repeat for several).
        #[arg(long = "scope")]
        scopes: Vec<String>,
    },
    /// OpenID Connect login in a browser: opens the provider's page (with xdg-open when there
    /// is a display; otherwise prints its address), waits for the browser to come back.
    Browser {
        /// Sign this user in again (after its session expired).
        #[arg(long)]
        user: Option<String>,
        /// A scope to ask for instead of the app's (repeat for several).
        #[arg(long = "scope")]
        scopes: Vec<String>,
        /// Only print the address; never start a browser.
        #[arg(long)]
        no_open: bool,
    },
    /// OAuth 2.0 client credentials: a session of the app's own client.
    ClientCredentials,
    /// OAuth 2.0 password grant; the password is prompted for or read from stdin.
    Password {
        /// The user name.
        username: String,
    },
    /// Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for).
    RefreshToken,
}
