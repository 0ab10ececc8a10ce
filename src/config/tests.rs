//! Parsing, validation and default paths.

use super::*;

fn defaults() -> Paths {
    Paths {
        socket: PathBuf::from("/run/x.sock"),
        state_dir: PathBuf::from("/var/lib/x"),
        credentials_dir: None,
        socket_mode: 0o666,
    }
}

fn error(text: &str) -> ConfigError {
    match Config::from_toml(text, &defaults()) {
        Ok(_) => ConfigError::new("", "accepted"),
        Err(err) => err,
    }
}

#[test]
fn full_config_parses() {
    let config = Config::from_toml(
        r#"
socket = "/tmp/l.sock"
socket_mode = "0660"
log_format = "json"
default_app = "todo"
[apps.todo]
kind = "app-services"
base_url = "http://127.0.0.1:9000///"
app_id = "todo-abcde"
request_timeout = "5s"
[apps.other]
kind = "app-services"
app_id = "x"
"#,
        &defaults(),
    )
    .unwrap();
    assert_eq!(config.socket_mode, 0o660);
    assert_eq!(config.state_dir, PathBuf::from("/var/lib/x"));
    assert_eq!(config.log_format, LogFormat::Json);
    let todo = &config.apps["todo"];
    assert_eq!(todo.request_timeout, Duration::from_secs(5));
    match &todo.backend {
        BackendConfig::AppServices { base_url, app_id } => {
            assert_eq!(base_url, "http://127.0.0.1:9000");
            assert_eq!(app_id, "todo-abcde");
        }
        other => panic!("not an app-services app: {other:?}"),
    }
}

#[test]
fn every_bad_key_is_named() {
    let app = "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\n";
    let cases = [
        (String::new(), "apps"),
        (format!("socket = \"rel\"\n{app}"), "socket"),
        (format!("socket_mode = 660\n{app}"), "socket_mode"),
        (format!("socket_mode = \"9\"\n{app}"), "socket_mode"),
        (format!("log_format = \"xml\"\n{app}"), "log_format"),
        ("[apps.a]\napp_id = \"x\"\n".to_owned(), "apps.a.kind"),
        ("[apps.a]\nkind = \"nope\"\n".to_owned(), "apps.a.kind"),
        (
            "[apps.a]\nkind = \"app-services\"\n".to_owned(),
            "apps.a.app_id",
        ),
        (format!("{app}base_url = \"ftp://h\"\n"), "apps.a.base_url"),
        (
            format!("{app}request_timeout = \"5 parsecs\"\n"),
            "apps.a.request_timeout",
        ),
        (format!("{app}refresh_at = 1.5\n"), "apps.a.refresh_at"),
        (
            format!("{app}refresh_jitter = 0.4\n"),
            "apps.a.refresh_jitter",
        ),
        (
            format!("{app}refresh_backoff_cap = \"0s\"\n"),
            "apps.a.refresh_backoff_cap",
        ),
        (
            format!("{app}[apps.b]\nkind = \"app-services\"\napp_id = \"y\"\n"),
            "default_app",
        ),
    ];
    for (text, key) in &cases {
        assert_eq!(error(text).key, *key, "{text}");
    }
    let unknown = error(&format!("{app}colour = \"red\"\n"));
    assert!(unknown.problem.contains("colour"), "{unknown}");
    assert_eq!(unknown.key, "line 4");
}

#[test]
fn durations_parse() {
    assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
    assert_eq!(parse_duration("60d"), Ok(Duration::from_secs(5_184_000)));
    assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
    assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
    assert!(parse_duration("m").is_err());
    assert!(parse_duration("3y").is_err());
    // Longer than the proto's Duration carries.
    assert!(parse_duration("10000000000000000000").is_err());
}

#[test]
fn system_paths_follow_systemd() {
    let env = |name: &str| match name {
        "RUNTIME_DIRECTORY" => Some("/run/lk".to_owned()),
        "STATE_DIRECTORY" => Some("/var/lib/lk".to_owned()),
        _ => None,
    };
    let paths = Paths::defaults(Mode::System, &env).unwrap();
    assert_eq!(paths.socket, PathBuf::from("/run/lk/latchkeyd.sock"));
    assert_eq!(paths.state_dir, PathBuf::from("/var/lib/lk"));
    let none = |_: &str| None;
    let paths = Paths::defaults(Mode::System, &none).unwrap();
    assert_eq!(paths.socket, PathBuf::from("/run/latchkey/latchkeyd.sock"));
    assert_eq!(
        paths.socket_mode, 0o666,
        "system: every uid connects, peer uid decides"
    );
    let user_env = |name: &str| (name == "XDG_RUNTIME_DIR").then(|| "/run/user/1000".to_owned());
    let user = Paths::defaults(Mode::User, &user_env).unwrap();
    assert_eq!(
        user.socket,
        PathBuf::from("/run/user/1000/latchkey/latchkeyd.sock")
    );
    assert_eq!(user.socket_mode, 0o600, "user: only its owner connects");
}

#[test]
fn an_oidc_app_has_sensible_defaults() {
    let config = Config::from_toml(
        "[apps.corp]\nkind = \"oidc\"\nissuer = \"https://id.example.com/realms/corp/\"\nclient_id = \"latchkey\"\n",
        &defaults(),
    )
    .unwrap();
    let BackendConfig::Oidc(oidc) = &config.apps["corp"].backend else {
        panic!("not an oidc app");
    };
    assert_eq!(oidc.issuer, "https://id.example.com/realms/corp");
    assert_eq!(oidc.scopes, DEFAULT_OIDC_SCOPES);
    assert_eq!(oidc.client_secret, None);
    // A public client cannot use client credentials; everything else is allowed.
    assert!(!oidc.grants.contains(&OidcGrant::ClientCredentials));
    assert!(oidc.grants.contains(&OidcGrant::Device) && oidc.grants.contains(&OidcGrant::Browser));
    assert_eq!(oidc.browser_timeout, DEFAULT_BROWSER_TIMEOUT);
    // ID tokens are a bearer credential: handed out only when the operator says so.
    assert!(!oidc.id_tokens);
    assert!(
        !oidc.grants_listed,
        "the default grants are not the operator's word"
    );
    assert_eq!(oidc.endpoints, OidcEndpoints::default());
}

#[test]
fn an_oidc_app_may_name_the_endpoints_its_provider_leaves_out() {
    let config = Config::from_toml(
        "[apps.corp]\nkind = \"oidc\"\nissuer = \"https://id.example.com/o\"\nclient_id = \"latchkey\"\ngrants = [\"device\"]\ndevice_authorization_endpoint = \"https://id.example.com/o/device-authorization/\"\nrevocation_endpoint = \"https://id.example.com/o/revoke_token/\"\n",
        &defaults(),
    )
    .unwrap();
    let BackendConfig::Oidc(oidc) = &config.apps["corp"].backend else {
        panic!("not an oidc app");
    };
    assert!(oidc.grants_listed);
    // Kept as written: Django's paths end with a slash.
    assert_eq!(
        oidc.endpoints.device_authorization.as_deref(),
        Some("https://id.example.com/o/device-authorization/")
    );
    assert_eq!(
        oidc.endpoints.revocation.as_deref(),
        Some("https://id.example.com/o/revoke_token/")
    );
    assert_eq!(oidc.endpoints.token, None);
    assert_eq!(
        oidc.refresh_ends_previous_token, None,
        "found out at the first refresh"
    );
    assert_eq!(oidc.downscoping, Downscoping::Auto);
}

#[test]
fn every_bad_oidc_key_is_named() {
    let app = "[apps.a]\nkind = \"oidc\"\nissuer = \"https://id.example.com\"\nclient_id = \"x\"\n";
    let cases = [
        (
            "[apps.a]\nkind = \"oidc\"\nclient_id = \"x\"\n".to_owned(),
            "apps.a.issuer",
        ),
        (
            format!("{app}client_secret = \"inline\"\n"),
            "apps.a.client_secret",
        ),
        (
            format!("{app}client_secret_file = \"relative\"\n"),
            "apps.a.client_secret_file",
        ),
        (
            format!("{app}client_secret_credential = \"../x\"\n"),
            "apps.a.client_secret_credential",
        ),
        (format!("{app}scopes = [\"two words\"]\n"), "apps.a.scopes"),
        (
            format!("{app}audience = \"not a uri\"\n"),
            "apps.a.audience",
        ),
        (format!("{app}grants = [\"implicit\"]\n"), "apps.a.grants"),
        (format!("{app}grants = []\n"), "apps.a.grants"),
        (
            format!("{app}grants = [\"client_credentials\"]\n"),
            "apps.a.grants",
        ),
        (format!("{app}redirect_port = 0\n"), "apps.a.redirect_port"),
        (
            format!("{app}scopes = [\"profile\"]\nid_tokens = true\n"),
            "apps.a.id_tokens",
        ),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\nid_tokens = true\n".to_owned(),
            "apps.a.id_tokens",
        ),
        (format!("{app}app_id = \"x\"\n"), "apps.a.app_id"),
        (
            format!("{app}revocation_endpoint = \"not a url\"\n"),
            "apps.a.revocation_endpoint",
        ),
        (
            format!("{app}device_authorization_endpoint = \"https://i/d#frag\"\n"),
            "apps.a.device_authorization_endpoint",
        ),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\ntoken_endpoint = \"https://i/t\"\n"
                .to_owned(),
            "apps.a.token_endpoint",
        ),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\nrefresh_ends_previous_token = true\n"
                .to_owned(),
            "apps.a.refresh_ends_previous_token",
        ),
        (
            format!("{app}downscoping = \"sometimes\"\n"),
            "apps.a.downscoping",
        ),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\ndownscoping = \"off\"\n"
                .to_owned(),
            "apps.a.downscoping",
        ),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\nissuer = \"https://i\"\n"
                .to_owned(),
            "apps.a.issuer",
        ),
    ];
    for (text, key) in &cases {
        assert_eq!(error(text).key, *key, "{text}");
    }
    assert!(
        !error(&format!("{app}client_secret = \"inline\"\n"))
            .to_string()
            .contains("inline")
    );
}

#[test]
fn near_valid_configurations_are_refused_cleanly_never_panic() {
    let valid = "socket = \"/tmp/l.sock\"\nsocket_mode = \"0660\"\ndefault_app = \"a\"\n[limits]\nlogins_per_minute = 5\n[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\nrequest_timeout = \"5s\"\nrefresh_at = 0.5\n[apps.b]\nkind = \"oidc\"\nissuer = \"https://id.example.com\"\nclient_id = \"c\"\nscopes = [\"openid\"]\naudience = [\"https://api\"]\nbrowser_timeout = \"2m\"\nid_tokens = true\n";
    assert!(Config::from_toml(valid, &defaults()).is_ok());
    for input in crate::mutations::text_mutations(valid, 5_000, 3) {
        let _ = Config::from_toml(&input, &defaults());
    }
}
