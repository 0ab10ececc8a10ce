//! Every App Services provider against the emulator, and the Facebook profile whose picture URL
//! embeds a token and so never reaches the disk.

use latchkey::proto::{self, credentials::Kind};
use reqwest::Method;
use tonic::Code;

use crate::harness::*;
use crate::users::{provider_types, setup};

/// Item 26 and every other provider against the emulator.
#[tokio::test]
async fn every_app_services_provider_logs_in() {
    let (emulator, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    let function = log_in(
        &mut client,
        creds(Kind::Function(proto::FunctionCredential {
            payload_json: r#"{"userId":"fn-1","other":{"$numberInt":"5"}}"#.into(),
        })),
    )
    .await
    .unwrap();
    assert_eq!(provider_types(&function)[0], "custom-function");
    let jwt = emulator.custom_jwt("jwt-user").await;
    let jwt_user = log_in(
        &mut client,
        creds(Kind::Jwt(proto::JwtCredential { token: jwt })),
    )
    .await
    .unwrap();
    assert_eq!(provider_types(&jwt_user), ["custom-token"]);
    assert_eq!(jwt_user.profile.unwrap().name, "Jay");
    let forged = latchkey_emulator::jwt::sign_hs256(
        &serde_json::json!({"sub": "x", "exp": 9_999_999_999i64, "iat": 1})
            .as_object()
            .unwrap()
            .clone(),
        b"wrong key",
    );
    assert_error(
        log_in(
            &mut client,
            creds(Kind::Jwt(proto::JwtCredential { token: forged })),
        )
        .await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    let facebook = emulator.social_token("facebook", "fb-1").await;
    let fb = log_in(
        &mut client,
        creds(Kind::Facebook(proto::FacebookCredential {
            access_token: facebook,
        })),
    )
    .await
    .unwrap();
    assert_eq!(provider_types(&fb), ["oauth2-facebook"]);
    assert!(fb.profile.unwrap().picture_url.contains("access_token="));
    let google = emulator.social_token("google", "g-1").await;
    let by_code = log_in(
        &mut client,
        creds(Kind::Google(proto::GoogleCredential {
            token: Some(proto::google_credential::Token::AuthCode(google.clone())),
        })),
    )
    .await
    .unwrap();
    let by_id_token = log_in(
        &mut client,
        creds(Kind::Google(proto::GoogleCredential {
            token: Some(proto::google_credential::Token::IdToken(google)),
        })),
    )
    .await
    .unwrap();
    assert_eq!(by_code.id, by_id_token.id);
    assert_eq!(by_code.profile.unwrap().email, "g-1@example.com");
    let apple = emulator.social_token("apple", "a-1").await;
    let apple_user = log_in(
        &mut client,
        creds(Kind::Apple(proto::AppleCredential { id_token: apple })),
    )
    .await
    .unwrap();
    assert_eq!(provider_types(&apple_user), ["oauth2-apple"]);
    let wrong_provider = emulator.social_token("apple", "a-2").await;
    assert_error(
        log_in(
            &mut client,
            creds(Kind::Facebook(proto::FacebookCredential {
                access_token: wrong_provider,
            })),
        )
        .await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    let (status, key) = emulator
        .admin(
            Method::POST,
            "server-api-keys",
            Some(serde_json::json!({"name": "svc"})),
        )
        .await;
    assert_eq!(status, 201);
    let server_user = log_in(
        &mut client,
        creds(Kind::ApiKey(proto::ApiKeyCredential {
            key: key["key"].as_str().unwrap().into(),
        })),
    )
    .await
    .unwrap();
    assert_eq!(provider_types(&server_user), ["api-key"]);
    assert_error(
        log_in(
            &mut client,
            creds(Kind::ApiKey(proto::ApiKeyCredential {
                key: "bogus".into(),
            })),
        )
        .await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    assert_eq!(users(&mut client).await.len(), 6);
}

/// Facebook picture URLs embed the user's access token: shown while in memory, never on disk.
#[tokio::test]
async fn facebook_picture_url_is_never_written_to_disk() {
    let (emulator, mut daemon) = setup().await;
    let mut client = daemon.sessions().await;
    let facebook = emulator.social_token("facebook", "fb-disk").await;
    let user = log_in(
        &mut client,
        creds(Kind::Facebook(proto::FacebookCredential {
            access_token: facebook.clone(),
        })),
    )
    .await
    .unwrap();
    assert!(user.profile.unwrap().picture_url.contains(&facebook));
    let listed = users(&mut client).await;
    assert!(
        listed[0]
            .profile
            .as_ref()
            .unwrap()
            .picture_url
            .contains("graph.facebook.invalid")
    );
    let store = std::fs::read(daemon.store_path()).unwrap();
    let haystack = String::from_utf8_lossy(&store);
    assert!(
        !haystack.contains(&facebook),
        "the Facebook token is in the store"
    );
    assert!(
        !haystack.contains("graph.facebook.invalid"),
        "the picture URL is in the store"
    );
    drop(client);
    daemon.terminate().await;
    daemon.spawn().await;
    // After a restart the daemon fetches the profile again to get the picture back.
    let mut client = daemon.sessions().await;
    let mut picture = String::new();
    for _ in 0..100 {
        picture = users(&mut client).await[0]
            .profile
            .clone()
            .unwrap()
            .picture_url;
        if !picture.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        picture.contains(&facebook),
        "picture URL reloaded after restart: {picture:?}"
    );
}
