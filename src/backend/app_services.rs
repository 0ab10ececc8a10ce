//! The Atlas App Services client API v2.0 (spec `app-services-auth.md` §1-§4, §7), speaking what
//! realm-core sends: the location lookup and host rewrite, the exact headers, login bodies and
//! `options.device` object, the 401 -> refresh once -> retry once rule.
//!
//! Never logs request or response bodies: they carry tokens and passwords.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;

use super::{
    AccountCall, ApiKeyAnswer, ApiKeyCall, ApiKeyInfo, Authed, Backend, BackendError,
    BackendProfile, Credentials, Grant, Identity, Tokens,
};
use crate::jwt;
use crate::secret::Secret;

/// Largest response body read from the backend; larger ones are refused as malformed.
const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// The credential kinds App Services takes.
const ACCEPTS: &[&str] = &[
    "anonymous",
    "email_password",
    "jwt",
    "api_key",
    "function",
    "facebook",
    "google",
    "apple",
];

/// Where a request goes: under the app's route or directly under the client API.
enum Route<'a> {
    /// `/api/client/v2.0/app/{app_id}{suffix}`: location, login, email/password, functions.
    App(&'a str),
    /// `/api/client/v2.0{suffix}`: profile, session, delete, API keys (app known from the token).
    Client(&'a str),
}

/// A client of one App Services app.
pub struct AppServicesClient {
    /// Shared connection pool; carries the request timeout.
    http: reqwest::Client,
    /// Configured base URL, trailing slashes stripped.
    base_url: String,
    app_id: String,
    /// The `hostname` of the location answer, fetched lazily before the first request and kept
    /// for the client's lifetime (spec §1.3). The lock makes concurrent first requests share one
    /// lookup.
    hostname: Mutex<Option<String>>,
    /// The `options.device` object sent with every login and link.
    device: Value,
    /// 0 = not contacted yet, 1 = last request answered, 2 = last request unanswered.
    reachable: AtomicU8,
}

impl std::fmt::Debug for AppServicesClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppServicesClient")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

impl AppServicesClient {
    /// A client of `app_id` at `base_url`, each request bounded by `timeout`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built (no TLS roots on the machine).
    pub fn new(base_url: &str, app_id: &str, timeout: Duration) -> Result<Self, BackendError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(20))
            .user_agent(concat!("latchkey/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| BackendError::Unreachable(format!("HTTP client: {err}")))?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            app_id: app_id.to_owned(),
            hostname: Mutex::new(None),
            device: device_info(app_id),
            reachable: AtomicU8::new(0),
        })
    }

    /// The host requests go to: the location's `hostname`, fetched on first use.
    async fn host(&self) -> Result<String, BackendError> {
        let mut cached = self.hostname.lock().await;
        if let Some(host) = cached.as_ref() {
            return Ok(host.clone());
        }
        let url = format!(
            "{}/api/client/v2.0/app/{}/location",
            self.base_url, self.app_id
        );
        // The location request carries no headers at all (spec §1.2).
        let response = self.http.get(url).send().await;
        let body = self.read(response).await?;
        let hostname = body
            .get("hostname")
            .and_then(Value::as_str)
            .ok_or_else(|| BackendError::Malformed("location: missing `hostname`".to_owned()))?;
        if body.get("ws_hostname").and_then(Value::as_str).is_none() {
            return Err(BackendError::Malformed(
                "location: missing `ws_hostname`".to_owned(),
            ));
        }
        let host = if hostname.is_empty() {
            self.base_url.clone()
        } else {
            hostname.trim_end_matches('/').to_owned()
        };
        *cached = Some(host.clone());
        Ok(host)
    }

    async fn call(
        &self,
        method: Method,
        route: Route<'_>,
        bearer: Option<&Secret>,
        body: Option<&Value>,
    ) -> Result<Value, BackendError> {
        let host = self.host().await?;
        let url = match route {
            Route::App(suffix) => format!("{host}/api/client/v2.0/app/{}{suffix}", self.app_id),
            Route::Client(suffix) => format!("{host}/api/client/v2.0{suffix}"),
        };
        let mut request = self
            .http
            .request(method, url)
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=utf-8"),
            )
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(token) = bearer {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    BackendError::BadToken(jwt::JwtError::Malformed("not a header value"))
                })?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        self.read(request.send().await).await
    }

    /// Reads a response with a size limit and applies spec §7.2: a JSON body with `error_code`
    /// or `error` is an error whatever the status; otherwise a non-2xx status is one.
    async fn read(
        &self,
        response: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<Value, BackendError> {
        let mut response = match response {
            Ok(response) => response,
            Err(err) => {
                self.reachable.store(2, Ordering::Relaxed);
                return Err(BackendError::Unreachable(describe(&err)));
            }
        };
        self.reachable.store(1, Ordering::Relaxed);
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        let is_json = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim_start().starts_with("application/json"));
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
                        return Err(BackendError::Malformed(format!(
                            "response larger than {MAX_RESPONSE_BYTES} bytes"
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(err) => return Err(BackendError::Unreachable(describe(&err))),
            }
        }
        let json = if is_json && !bytes.is_empty() {
            serde_json::from_slice::<Value>(&bytes).ok()
        } else {
            None
        };
        if let Some(Value::Object(map)) = &json {
            let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
            let code = text("error_code").filter(|code| !code.is_empty());
            if code.is_some() || map.contains_key("error") {
                return Err(BackendError::Service {
                    status,
                    code: code.unwrap_or_default(),
                    message: text("error").unwrap_or_else(|| "no error message".to_owned()),
                    link: text("link"),
                    retry_after,
                });
            }
        }
        if !(200..300).contains(&status) {
            return Err(BackendError::Http {
                status,
                retry_after,
            });
        }
        match json {
            Some(value) => Ok(value),
            None if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) => {
                Ok(Value::Null)
            }
            None => Err(BackendError::Malformed("body is not JSON".to_owned())),
        }
    }

    /// A call made with the access token: on 401, refresh once and retry once; if the refresh
    /// fails the caller gets the original 401 (spec §4.4).
    async fn authed(
        &self,
        tokens: &Tokens,
        method: Method,
        route: &str,
    ) -> Result<Authed<Value>, BackendError> {
        match self
            .call(
                method.clone(),
                Route::Client(route),
                Some(&tokens.access),
                None,
            )
            .await
        {
            Err(err) if err.is_unauthorized() => {
                let Ok(access) = self.refresh(&tokens.refresh).await else {
                    return Err(err);
                };
                let value = self
                    .call(method, Route::Client(route), Some(&access), None)
                    .await?;
                Ok(Authed {
                    value,
                    new_access_token: Some(access),
                })
            }
            other => other.map(|value| Authed {
                value,
                new_access_token: None,
            }),
        }
    }

    /// The login body of spec §3.1 with `options.device` appended.
    fn login_body(&self, credentials: &Credentials) -> Result<(&'static str, Value), BackendError> {
        let (provider, mut body) = match credentials {
            Credentials::Anonymous { .. } => ("anon-user", Map::new()),
            Credentials::EmailPassword { email, password } => (
                "local-userpass",
                fields([
                    ("username", email.as_str()),
                    ("password", password.expose()),
                ]),
            ),
            Credentials::Jwt(token) => ("custom-token", fields([("token", token.expose())])),
            Credentials::ApiKey(key) => ("api-key", fields([("key", key.expose())])),
            Credentials::Facebook(token) => {
                ("oauth2-facebook", fields([("accessToken", token.expose())]))
            }
            Credentials::GoogleAuthCode(code) => {
                ("oauth2-google", fields([("authCode", code.expose())]))
            }
            Credentials::GoogleIdToken(token) => {
                ("oauth2-google", fields([("id_token", token.expose())]))
            }
            Credentials::Apple(token) => ("oauth2-apple", fields([("id_token", token.expose())])),
            Credentials::Function(payload) => {
                // The payload goes verbatim, without a `provider` key (spec §3.1).
                match serde_json::from_str::<Value>(payload.expose()) {
                    Ok(Value::Object(map)) => {
                        let mut body = map;
                        body.insert("options".to_owned(), json!({ "device": self.device }));
                        return Ok(("custom-function", Value::Object(body)));
                    }
                    _ => {
                        return Err(BackendError::Malformed(
                            "function payload is not a JSON object".to_owned(),
                        ));
                    }
                }
            }
            other => return Err(BackendError::ProviderNotSupported(other.kind())),
        };
        let mut ordered = Map::new();
        ordered.insert("provider".to_owned(), Value::from(provider));
        ordered.append(&mut body);
        ordered.insert("options".to_owned(), json!({ "device": self.device }));
        Ok((provider, Value::Object(ordered)))
    }
}

fn fields<const N: usize>(pairs: [(&str, &str); N]) -> Map<String, Value> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), Value::from(value)))
        .collect()
}

/// What went wrong with a request, without its URL's query or any header.
fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    match err.url() {
        Some(url) => format!(
            "{kind}: {}://{}{}",
            url.scheme(),
            url.host_str().unwrap_or(""),
            url.port()
                .map(|port| format!(":{port}"))
                .unwrap_or_default()
        ),
        None => kind.to_owned(),
    }
}

/// The twelve keys realm-core sends in `options.device`, in its order (spec §3.2).
fn device_info(app_id: &str) -> Value {
    let platform_version = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    let cpu_arch = match std::env::consts::ARCH {
        "x86_64" => "x86_64",
        "x86" => "x86",
        "aarch64" => "arm64",
        "arm" => "arm",
        _ => "unknown",
    };
    json!({
        "appId": app_id,
        "platform": "Linux",
        "platformVersion": platform_version,
        "sdk": "Latchkey",
        "sdkVersion": env!("CARGO_PKG_VERSION"),
        "cpuArch": cpu_arch,
        "deviceName": "",
        "deviceVersion": "",
        "frameworkName": "",
        "frameworkVersion": "",
        "coreVersion": "",
        "bundleId": "",
    })
}

fn api_key_info(body: &Value) -> Result<ApiKeyInfo, BackendError> {
    Ok(ApiKeyInfo {
        id: required_str(body, "_id", "API key")?,
        name: required_str(body, "name", "API key")?,
        disabled: body
            .get("disabled")
            .and_then(Value::as_bool)
            .ok_or_else(|| BackendError::Malformed("API key: missing `disabled`".to_owned()))?,
        key: body.get("key").and_then(Value::as_str).map(Secret::new),
    })
}

fn required_str(body: &Value, key: &str, what: &str) -> Result<String, BackendError> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| BackendError::Malformed(format!("{what}: missing `{key}`")))
}

fn required_token(body: &Value, key: &str, what: &str) -> Result<Secret, BackendError> {
    let token = Secret::new(required_str(body, key, what)?);
    jwt::decode_unverified(token.expose()).map_err(BackendError::BadToken)?;
    Ok(token)
}

#[async_trait::async_trait]
impl Backend for AppServicesClient {
    fn kind(&self) -> &'static str {
        "app-services"
    }

    fn accepts(&self) -> &'static [&'static str] {
        ACCEPTS
    }

    async fn log_in(&self, credentials: &Credentials) -> Result<Grant, BackendError> {
        let (provider, body) = self.login_body(credentials)?;
        let path = format!("/auth/providers/{provider}/login");
        let answer = self
            .call(Method::POST, Route::App(&path), None, Some(&body))
            .await?;
        let access = required_token(&answer, "access_token", "login")?;
        let refresh = required_token(&answer, "refresh_token", "login")?;
        Ok(Grant {
            user_id: required_str(&answer, "user_id", "login")?,
            device_id: required_str(&answer, "device_id", "login")?,
            provider_type: provider.to_owned(),
            tokens: Tokens { access, refresh },
        })
    }

    async fn link(
        &self,
        tokens: &Tokens,
        credentials: &Credentials,
    ) -> Result<Secret, BackendError> {
        let (provider, body) = self.login_body(credentials)?;
        let path = format!("/auth/providers/{provider}/login?link=true");
        // Linking is not subject to the 401-refresh-retry rule (spec §3.6).
        let answer = self
            .call(
                Method::POST,
                Route::App(&path),
                Some(&tokens.access),
                Some(&body),
            )
            .await?;
        required_token(&answer, "access_token", "link")
    }

    async fn profile(&self, tokens: &Tokens) -> Result<Authed<BackendProfile>, BackendError> {
        let answer = self.authed(tokens, Method::GET, "/auth/profile").await?;
        let identities = answer
            .value
            .get("identities")
            .and_then(Value::as_array)
            .ok_or_else(|| BackendError::Malformed("profile: missing `identities`".to_owned()))?
            .iter()
            .map(|identity| {
                Ok(Identity {
                    id: required_str(identity, "id", "profile identity")?,
                    provider_type: required_str(identity, "provider_type", "profile identity")?,
                })
            })
            .collect::<Result<Vec<_>, BackendError>>()?;
        let data = answer
            .value
            .get("data")
            .and_then(Value::as_object)
            .cloned()
            .ok_or_else(|| BackendError::Malformed("profile: missing `data`".to_owned()))?;
        Ok(Authed {
            value: BackendProfile { identities, data },
            new_access_token: answer.new_access_token,
        })
    }

    async fn refresh(&self, refresh_token: &Secret) -> Result<Secret, BackendError> {
        let answer = self
            .call(
                Method::POST,
                Route::Client("/auth/session"),
                Some(refresh_token),
                None,
            )
            .await?;
        required_token(&answer, "access_token", "refresh")
    }

    async fn log_out(&self, refresh_token: &Secret) -> Result<(), BackendError> {
        self.call(
            Method::DELETE,
            Route::Client("/auth/session"),
            Some(refresh_token),
            None,
        )
        .await
        .map(drop)
    }

    async fn delete_user(&self, tokens: &Tokens) -> Result<Authed<()>, BackendError> {
        let answer = self.authed(tokens, Method::DELETE, "/auth/delete").await?;
        Ok(Authed {
            value: (),
            new_access_token: answer.new_access_token,
        })
    }

    async fn api_keys(
        &self,
        refresh_token: &Secret,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, BackendError> {
        const KEYS: &str = "/auth/api_keys";
        let bearer = Some(refresh_token);
        let at = |id: &str, suffix: &str| format!("{KEYS}/{id}{suffix}");
        Ok(match call {
            ApiKeyCall::Create(name) => {
                let body = json!({ "name": name });
                let answer = self
                    .call(Method::POST, Route::Client(KEYS), bearer, Some(&body))
                    .await?;
                ApiKeyAnswer::Key(api_key_info(&answer)?)
            }
            ApiKeyCall::Get(id) => {
                let answer = self
                    .call(Method::GET, Route::Client(&at(&id, "")), bearer, None)
                    .await?;
                ApiKeyAnswer::Key(api_key_info(&answer)?)
            }
            ApiKeyCall::List => {
                let answer = self
                    .call(Method::GET, Route::Client(KEYS), bearer, None)
                    .await?;
                let keys = answer
                    .as_array()
                    .ok_or_else(|| BackendError::Malformed("API keys: not an array".to_owned()))?
                    .iter()
                    .map(api_key_info)
                    .collect::<Result<_, _>>()?;
                ApiKeyAnswer::Keys(keys)
            }
            ApiKeyCall::Enable(id) => {
                self.call(
                    Method::PUT,
                    Route::Client(&at(&id, "/enable")),
                    bearer,
                    None,
                )
                .await?;
                ApiKeyAnswer::Done
            }
            ApiKeyCall::Disable(id) => {
                self.call(
                    Method::PUT,
                    Route::Client(&at(&id, "/disable")),
                    bearer,
                    None,
                )
                .await?;
                ApiKeyAnswer::Done
            }
            ApiKeyCall::Delete(id) => {
                self.call(Method::DELETE, Route::Client(&at(&id, "")), bearer, None)
                    .await?;
                ApiKeyAnswer::Done
            }
        })
    }

    async fn account(&self, call: AccountCall) -> Result<(), BackendError> {
        let (suffix, body) = match call {
            AccountCall::Register { email, password } => (
                "register",
                json!({"email": email, "password": password.expose()}),
            ),
            AccountCall::Confirm { token, token_id } => (
                "confirm",
                json!({"token": token.expose(), "tokenId": token_id}),
            ),
            AccountCall::ResendConfirmation { email } => ("confirm/send", json!({"email": email})),
            AccountCall::RetryCustomConfirmation { email } => {
                ("confirm/call", json!({"email": email}))
            }
            AccountCall::SendResetPasswordEmail { email } => {
                ("reset/send", json!({"email": email}))
            }
            AccountCall::ResetPassword {
                password,
                token,
                token_id,
            } => (
                "reset",
                json!({"password": password.expose(), "token": token.expose(), "tokenId": token_id}),
            ),
            AccountCall::CallResetPasswordFunction {
                email,
                password,
                arguments,
            } => {
                let arguments: Value = serde_json::from_str(arguments.expose()).map_err(|_| {
                    BackendError::Malformed("reset function arguments are not JSON".to_owned())
                })?;
                (
                    "reset/call",
                    json!({"email": email, "password": password.expose(), "arguments": arguments}),
                )
            }
        };
        let path = format!("/auth/providers/local-userpass/{suffix}");
        self.call(Method::POST, Route::App(&path), None, Some(&body))
            .await
            .map(drop)
    }

    fn reachable(&self) -> Option<bool> {
        match self.reachable.load(Ordering::Relaxed) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> AppServicesClient {
        AppServicesClient::new("http://127.0.0.1:1/", "app-x", Duration::from_secs(1)).unwrap()
    }

    #[test]
    fn device_object_has_the_twelve_keys_in_order() {
        let client = client();
        let keys: Vec<&str> = client
            .device
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "appId",
                "platform",
                "platformVersion",
                "sdk",
                "sdkVersion",
                "cpuArch",
                "deviceName",
                "deviceVersion",
                "frameworkName",
                "frameworkVersion",
                "coreVersion",
                "bundleId"
            ]
        );
    }

    #[test]
    fn login_bodies_match_the_wire_format() {
        let c = client();
        let (provider, body) = c
            .login_body(&Credentials::Anonymous { new_user: true })
            .unwrap();
        assert_eq!(provider, "anon-user");
        assert_eq!(body["provider"], "anon-user");
        assert_eq!(body.as_object().unwrap().len(), 2);
        let (_, body) = c
            .login_body(&Credentials::EmailPassword {
                email: "a@b.c".into(),
                password: Secret::new("pw"),
            })
            .unwrap();
        assert_eq!(body["username"], "a@b.c");
        assert!(body.get("email").is_none());
        let (_, body) = c
            .login_body(&Credentials::Facebook(Secret::new("fb")))
            .unwrap();
        assert_eq!(body["accessToken"], "fb");
        let (_, body) = c
            .login_body(&Credentials::GoogleAuthCode(Secret::new("gc")))
            .unwrap();
        assert_eq!(body["authCode"], "gc");
        let (_, body) = c
            .login_body(&Credentials::GoogleIdToken(Secret::new("gi")))
            .unwrap();
        assert_eq!(body["id_token"], "gi");
        let (provider, body) = c
            .login_body(&Credentials::Apple(Secret::new("ap")))
            .unwrap();
        assert_eq!(
            (provider, &body["id_token"]),
            ("oauth2-apple", &json!("ap"))
        );
        let (provider, body) = c
            .login_body(&Credentials::Function(Secret::new(
                r#"{"realmCustomAuthFuncUserId":"123456"}"#,
            )))
            .unwrap();
        assert_eq!(provider, "custom-function");
        assert!(body.get("provider").is_none());
        assert_eq!(body["realmCustomAuthFuncUserId"], "123456");
        assert!(matches!(
            c.login_body(&Credentials::ClientCredentials),
            Err(BackendError::ProviderNotSupported("client_credentials"))
        ));
    }
}
