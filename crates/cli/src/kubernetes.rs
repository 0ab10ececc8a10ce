//! `latchkey kubernetes-credential`: a client-go exec credential plugin. client-go (kubectl,
//! and the Kubernetes client libraries that follow it) runs the command named by a kubeconfig's
//! `users[].user.exec`, with `KUBERNETES_EXEC_INFO` holding an `ExecCredential` request, and
//! reads one `ExecCredential` of the same `apiVersion` from stdout: the token and when it
//! expires. Nothing else is ever written to stdout; prompts and failures go to stderr.

use serde_json::{Value, json};

use latchkey_client::Client;
use latchkey_client::proto;

use super::commands::{browser_login, device_login};
use super::relogin::needs_login;
use super::token::{Issued, Wanted, failure, fetch};
use super::{EXIT_USAGE, Failure};

/// The `apiVersion`s of `ExecCredential` client-go speaks today.
const API_VERSIONS: [&str; 2] = [
    "client.authentication.k8s.io/v1",
    "client.authentication.k8s.io/v1beta1",
];

/// What client-go asked: the `apiVersion` to answer in, and whether a user is there to log in.
#[derive(Debug, PartialEq, Eq)]
struct ExecInfo {
    api_version: String,
    interactive: bool,
}

/// Reads `KUBERNETES_EXEC_INFO`. Unset (the plugin run by hand): `v1`, not interactive.
fn exec_info(raw: Option<&str>) -> Result<ExecInfo, Failure> {
    let Some(raw) = raw.filter(|raw| !raw.trim().is_empty()) else {
        return Ok(ExecInfo {
            api_version: API_VERSIONS[0].to_owned(),
            interactive: false,
        });
    };
    let bad = |why: &str| Failure::new(EXIT_USAGE, format!("KUBERNETES_EXEC_INFO {why}"));
    let info: Value = serde_json::from_str(raw).map_err(|_| bad("is not JSON"))?;
    if info.get("kind").and_then(Value::as_str) != Some("ExecCredential") {
        return Err(bad("is not an ExecCredential"));
    }
    let api_version = info
        .get("apiVersion")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("has no apiVersion"))?;
    if !API_VERSIONS.contains(&api_version) {
        return Err(Failure::new(
            EXIT_USAGE,
            format!(
                "KUBERNETES_EXEC_INFO asks for apiVersion {}; this plugin answers {}",
                latchkey_client::escape::for_terminal(api_version),
                API_VERSIONS.join(" and ")
            ),
        ));
    }
    let interactive = info
        .pointer("/spec/interactive")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(ExecInfo {
        api_version: api_version.to_owned(),
        interactive,
    })
}

/// The `ExecCredential` answer for `issued` (its expiry in whole seconds, RFC 3339).
fn exec_credential(api_version: &str, issued: &Issued) -> Value {
    let mut status = json!({ "token": issued.token });
    if let Some(at) = &issued.expires_at {
        let whole = prost_types::Timestamp {
            seconds: at.seconds,
            nanos: 0,
        };
        status["expirationTimestamp"] = Value::from(whole.to_string());
    }
    json!({
        "apiVersion": api_version,
        "kind": "ExecCredential",
        "status": status,
    })
}

#[expect(clippy::print_stdout, reason = "the ExecCredential client-go reads")]
fn answer(credential: &Value) {
    println!("{credential}");
}

/// `latchkey kubernetes-credential`.
pub(super) async fn credential(client: &Client, wanted: Wanted) -> Result<(), Failure> {
    let info = exec_info(std::env::var("KUBERNETES_EXEC_INFO").ok().as_deref())?;
    let issued = match fetch(client, &wanted).await {
        Ok(issued) => issued,
        Err(err) if info.interactive && needs_login(&err) => {
            note!("latchkey: {}; logging in again", Failure::from(err).message);
            log_in(client, &wanted).await?;
            fetch(client, &wanted).await.map_err(Failure::from)?
        }
        Err(err) => return Err(failure(client, &wanted, err).await),
    };
    answer(&exec_credential(&info.api_version, &issued));
    Ok(())
}

/// The app's device login (its browser login when it offers no device login), prompts on
/// stderr, for the user `wanted` names (any user when it names none).
async fn log_in(client: &Client, wanted: &Wanted) -> Result<proto::User, Failure> {
    let mut sessions = client.sessions().await?;
    let device = proto::LogInWithDeviceRequest {
        app: wanted.app.clone(),
        user_id: wanted.user.clone(),
        scopes: Vec::new(),
    };
    match device_login(&mut sessions, device).await {
        Err(failure)
            if failure.reason.as_deref()
                == Some(latchkey_client::Reason::ProviderNotSupported.as_str_name()) =>
        {
            let browser = proto::LogInWithBrowserRequest {
                app: wanted.app.clone(),
                user_id: wanted.user.clone(),
                scopes: Vec::new(),
            };
            browser_login(&mut sessions, browser, false).await
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{ExecInfo, exec_credential, exec_info};
    use crate::token::Issued;

    #[test]
    fn the_request_of_client_go_is_read_and_anything_else_refused() {
        let v1 = r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":true}}"#;
        assert_eq!(
            exec_info(Some(v1)).ok(),
            Some(ExecInfo {
                api_version: "client.authentication.k8s.io/v1".to_owned(),
                interactive: true,
            })
        );
        let beta = r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{}}"#;
        assert_eq!(
            exec_info(Some(beta))
                .ok()
                .map(|info| (info.api_version, info.interactive)),
            Some(("client.authentication.k8s.io/v1beta1".to_owned(), false))
        );
        assert_eq!(
            exec_info(None).ok().map(|info| info.api_version),
            Some("client.authentication.k8s.io/v1".to_owned())
        );
        for bad in [
            "not json",
            r#"{"kind":"Pod","apiVersion":"client.authentication.k8s.io/v1"}"#,
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
            r#"{"kind":"ExecCredential"}"#,
        ] {
            assert!(exec_info(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_answer_has_the_asked_version_the_token_and_a_whole_second_expiry() {
        let issued = Issued {
            token: "tok".to_owned(),
            expires_at: Some(prost_types::Timestamp {
                seconds: 1_800_000_000,
                nanos: 5,
            }),
            user_id: "u".to_owned(),
            app: "a".to_owned(),
            stale: false,
        };
        let answer = exec_credential("client.authentication.k8s.io/v1beta1", &issued);
        assert_eq!(answer["apiVersion"], "client.authentication.k8s.io/v1beta1");
        assert_eq!(answer["kind"], "ExecCredential");
        assert_eq!(answer["status"]["token"], "tok");
        assert_eq!(
            answer["status"]["expirationTimestamp"],
            "2027-01-15T08:00:00Z"
        );
    }
}
