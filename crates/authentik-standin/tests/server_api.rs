//! The REST API of the authentik stand-in over real HTTP: a fresh install's
//! lookups, and the validation authentik's serializers apply.

mod support;

use authentik_standin::fresh_install::{self, SCOPE_EMAIL, SCOPE_OPENID, SCOPE_PROFILE};
use authentik_standin::Authentik;
use serde_json::json;
use support::{provider_body, Api};

async fn start() -> (Authentik, Api) {
    let authentik = Authentik::start().await.expect("stand-in starts");
    let api = Api::new(&authentik);
    (authentik, api)
}

#[tokio::test]
async fn the_api_wants_the_token_and_answers_403_without_it() {
    let (authentik, _) = start().await;
    let http = reqwest::Client::new();
    let refusal = |url: String, token: Option<&'static str>| {
        let request = http.get(url);
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        async move {
            let answer = request.send().await.expect("request");
            (
                answer.status().as_u16(),
                answer.json::<serde_json::Value>().await.expect("json"),
            )
        }
    };
    let collection = format!("{}/api/v3/flows/instances/", authentik.url());
    let object = format!("{}/api/v3/providers/oauth2/1/", authentik.url());
    assert_eq!(
        refusal(collection.clone(), None).await,
        (403, json!({"detail": "Authentication credentials were not provided."}))
    );
    assert_eq!(
        refusal(object.clone(), None).await,
        (
            403,
            json!({"detail": "You do not have permission to perform this action."})
        )
    );
    for url in [collection, object] {
        assert_eq!(
            refusal(url, Some("nope")).await,
            (403, json!({"detail": "Token invalid/expired"}))
        );
    }
    let config = format!("{}/api/v3/root/config/", authentik.url());
    assert_eq!(refusal(config, None).await.0, 200);
}

#[tokio::test]
async fn a_fresh_install_has_the_blueprint_flows() {
    let (_authentik, api) = start().await;
    let answer = api
        .get("/flows/instances/?slug=default-provider-authorization-implicit-consent")
        .await;
    assert_eq!(answer.status, 200);
    let body = answer.json();
    assert_eq!(body["pagination"]["count"], 1);
    let flow = &body["results"][0];
    assert_eq!(flow["pk"], fresh_install::IMPLICIT_CONSENT_FLOW.uuid);
    assert_eq!(flow["name"], "Authorize Application");
    assert_eq!(flow["title"], "Redirecting to %(app)s");
    assert_eq!(flow["designation"], "authorization");
    assert_eq!(flow["authentication"], "require_authenticated");
    // A flow's policy-binding row is a different object with its own UUID.
    assert_ne!(flow["policybindingmodel_ptr_id"], flow["pk"]);
    assert_eq!(flow["stages"], json!([]));
    let login = api.get("/flows/instances/default-authentication-flow/").await.json();
    assert_eq!(login["stages"].as_array().map(Vec::len), Some(4));

    let invalidation = api
        .get("/flows/instances/?slug=default-provider-invalidation-flow")
        .await
        .json();
    assert_eq!(invalidation["results"][0]["name"], "Logged out of application");
    assert_eq!(invalidation["results"][0]["title"], "You've logged out of %(app)s.");
    assert_eq!(invalidation["results"][0]["authentication"], "none");

    // Ordered by slug: the authentik-wide logout flow comes first.
    let by_designation = api.get("/flows/instances/?designation=invalidation").await.json();
    assert_eq!(by_designation["results"][0]["slug"], "default-invalidation-flow");
    assert_eq!(
        by_designation["results"][1]["slug"],
        "default-provider-invalidation-flow"
    );

    let bad = api.get("/flows/instances/?designation=nonsense").await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json(),
        json!({"designation": ["Select a valid choice. nonsense is not one of the available choices."]})
    );
    let none = api.get("/flows/instances/?slug=no-such-flow").await.json();
    assert_eq!(none["results"], json!([]));
}

#[tokio::test]
async fn the_start_up_certificate_and_its_pem_texts() {
    let (_authentik, api) = start().await;
    let list = api
        .get("/crypto/certificatekeypairs/?name=authentik%20Self-signed%20Certificate")
        .await
        .json();
    let cert = &list["results"][0];
    assert_eq!(cert["pk"], fresh_install::SELF_SIGNED_CERTIFICATE_UUID);
    assert_eq!(cert["private_key_available"], true);
    assert_eq!(cert["key_type"], "rsa");
    assert_eq!(
        cert["cert_subject"],
        "OU=Self-signed,O=authentik,CN=authentik Self-signed Certificate"
    );
    assert_eq!(cert["fingerprint_sha256"].as_str().expect("fingerprint").len(), 95);
    assert!(cert["cert_expiry"].as_str().expect("expiry").ends_with("T00:00:00Z"));

    let path = format!(
        "/crypto/certificatekeypairs/{}",
        fresh_install::SELF_SIGNED_CERTIFICATE_UUID
    );
    let certificate = api.get(&format!("{path}/view_certificate/")).await.json();
    let pem = certificate["data"].as_str().expect("data");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n") && pem.ends_with("-----END CERTIFICATE-----\n"));
    let key = api.get(&format!("{path}/view_private_key/")).await.json();
    assert!(key["data"]
        .as_str()
        .expect("data")
        .starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));

    let none = api.get("/crypto/certificatekeypairs/?name=nope").await.json();
    assert_eq!(none["pagination"]["count"], 0);
}

#[tokio::test]
async fn managed_scope_mappings_come_in_api_order() {
    let (_authentik, api) = start().await;
    let answer = api
        .get(
            "/propertymappings/provider/scope/?managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-openid\
             &managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-email\
             &managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-profile",
        )
        .await
        .json();
    let pks: Vec<&str> = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|m| m["pk"].as_str().expect("pk"))
        .collect();
    // Ordered by scope name: email, openid, profile.
    assert_eq!(pks, vec![SCOPE_EMAIL.uuid, SCOPE_OPENID.uuid, SCOPE_PROFILE.uuid]);
    assert_eq!(
        answer["results"][1]["name"],
        "authentik default OAuth Mapping: OpenID 'openid'"
    );
    assert_eq!(answer["results"][1]["description"], "");
    let everything = api.get("/propertymappings/provider/scope/").await.json();
    assert_eq!(everything["pagination"]["count"], 6);
}

#[tokio::test]
async fn a_provider_needs_its_required_fields() {
    let (_authentik, api) = start().await;
    let answer = api.post("/providers/oauth2/", json!({})).await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json(),
        json!({
            "name": ["This field is required."],
            "authorization_flow": ["This field is required."],
            "invalidation_flow": ["This field is required."],
            "redirect_uris": ["This field is required."],
        })
    );
}

#[tokio::test]
async fn enum_values_and_references_are_checked() {
    let (_authentik, api) = start().await;
    let mut body = provider_body("checked");
    body["client_type"] = json!("secret-ish");
    body["sub_mode"] = json!("nickname");
    body["authorization_flow"] = json!("not-a-uuid");
    body["property_mappings"] = json!(["6a0f2c8e-0000-4000-8000-000000000000"]);
    body["access_token_validity"] = json!("forever");
    body["grant_types"] = json!(["authorization_code", "magic"]);
    body["redirect_uris"] = json!([
        {"matching_mode": "strict", "url": "https://ok.example/"},
        {"matching_mode": "exact", "url": ""},
    ]);
    let answer = api.post("/providers/oauth2/", body).await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json(),
        json!({
            "authorization_flow": ["“not-a-uuid” is not a valid UUID."],
            "property_mappings": ["Invalid pk \"6a0f2c8e-0000-4000-8000-000000000000\" - object does not exist."],
            "client_type": ["\"secret-ish\" is not a valid choice."],
            "access_token_validity": ["forever is not in the correct format of 'hours=3;minutes=1'."],
            "redirect_uris": [{}, {
                "matching_mode": ["\"exact\" is not a valid choice."],
                "url": ["This field may not be blank."],
            }],
            "sub_mode": ["\"nickname\" is not a valid choice."],
            "grant_types": {"1": ["\"magic\" is not a valid choice."]},
        })
    );
}

#[tokio::test]
async fn an_empty_reference_is_no_reference() {
    let (_authentik, api) = start().await;
    let mut body = provider_body("empty-flow");
    body["invalidation_flow"] = json!("");
    body["authentication_flow"] = json!("");
    let answer = api.post("/providers/oauth2/", body).await;
    assert_eq!(
        answer.json(),
        json!({"invalidation_flow": ["This field may not be null."]})
    );
}

#[tokio::test]
async fn regex_entries_must_compile() {
    let (_authentik, api) = start().await;
    let mut body = provider_body("regex");
    body["redirect_uris"] = json!([{"matching_mode": "regex", "url": "https://(erp"}]);
    let answer = api.post("/providers/oauth2/", body).await;
    assert_eq!(
        answer.json(),
        json!({"redirect_uris": ["Invalid Regex Pattern: https://(erp"]})
    );
}

#[tokio::test]
async fn what_the_server_fills_in() {
    let (_authentik, api) = start().await;
    let mut body = provider_body("defaults");
    body.as_object_mut().expect("object").remove("grant_types");
    body["redirect_uris"] = json!([{"matching_mode": "strict", "url": "https://erp.example.com/cb"}]);
    let created = api.post("/providers/oauth2/", body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let provider = created.json();
    // No grant_types sent: none stored (authentik ≥ 2026.5).
    assert_eq!(provider["grant_types"], json!([]));
    let secret = provider["client_secret"].as_str().expect("secret");
    assert_eq!(secret.len(), 128);
    assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(provider["redirect_uris"][0]["redirect_uri_type"], "authorization");
    assert_eq!(provider["access_token_validity"], "hours=1");
    assert_eq!(provider["client_type"], "confidential");
    assert_eq!(provider["signing_key"], json!(null));
    assert_eq!(provider["logout_uri"], "");

    // A PUT without grant_types or client_secret keeps what is stored.
    let pk = provider["pk"].as_i64().expect("pk");
    let mut update = provider_body("defaults");
    update.as_object_mut().expect("object").remove("grant_types");
    update["name"] = json!("Renamed");
    let updated = api.put(&format!("/providers/oauth2/{pk}/"), update).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.json()["client_secret"], secret);
    assert_eq!(updated.json()["grant_types"], json!([]));

    // An explicit empty list is refused.
    let mut empty = provider_body("defaults");
    empty["grant_types"] = json!([]);
    let refused = api.put(&format!("/providers/oauth2/{pk}/"), empty).await;
    assert_eq!(refused.json(), json!({"grant_types": ["This list may not be empty."]}));
}

#[tokio::test]
async fn client_ids_and_provider_names_are_unique() {
    let (_authentik, api) = start().await;
    assert_eq!(api.post("/providers/oauth2/", provider_body("same")).await.status, 201);
    let second = api.post("/providers/oauth2/", provider_body("same")).await;
    assert_eq!(second.status, 400);
    assert_eq!(
        second.json(),
        json!({
            "name": ["provider with this name already exists."],
            "client_id": ["OAuth2/OpenID Provider with this Client ID already exists."]
        })
    );
    // A second provider named like the first, with its own client ID.
    let mut same_name = provider_body("other");
    same_name["name"] = json!("Provider same");
    let refused = api.post("/providers/oauth2/", same_name).await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.json(),
        json!({"name": ["provider with this name already exists."]})
    );
    // Renaming a provider to its own name is no clash.
    let own = api.get("/providers/oauth2/?client_id=same").await.json()["results"][0].clone();
    let pk = own["pk"].as_i64().expect("pk");
    let kept = api
        .put(&format!("/providers/oauth2/{pk}/"), provider_body("same"))
        .await;
    assert_eq!(kept.status, 200, "{}", kept.text);
}

#[tokio::test]
async fn providers_read_update_and_delete_by_pk() {
    let (_authentik, api) = start().await;
    let created = api.post("/providers/oauth2/", provider_body("crud")).await.json();
    let pk = created["pk"].as_i64().expect("pk");
    let read = api.get(&format!("/providers/oauth2/{pk}/")).await;
    assert_eq!(read.json(), created);
    assert_eq!(
        api.send("DELETE", &format!("/providers/oauth2/{pk}/"), None)
            .await
            .status,
        204
    );
    let gone = api.get(&format!("/providers/oauth2/{pk}/")).await;
    assert_eq!(gone.status, 404);
    assert_eq!(
        gone.json(),
        json!({"detail": "No OAuth2Provider matches the given query."})
    );
    let not_a_number = api.get("/providers/oauth2/abc/").await;
    assert_eq!(not_a_number.status, 404);
    assert_eq!(not_a_number.json(), json!({"detail": "Not found."}));
}

#[tokio::test]
async fn application_slugs_and_the_one_application_per_provider() {
    let (_authentik, api) = start().await;
    let provider = api.post("/providers/oauth2/", provider_body("apps")).await.json();
    let pk = provider["pk"].clone();

    let bad_slug = api
        .post("/core/applications/", json!({"name": "A", "slug": "no spaces"}))
        .await;
    assert_eq!(
        bad_slug.json(),
        json!({"slug": ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."]})
    );
    let reserved = api
        .post("/core/applications/", json!({"name": "A", "slug": "token"}))
        .await;
    assert_eq!(
        reserved.json(),
        json!({"slug": ["The slug 'token' is reserved and cannot be used for applications."]})
    );
    let missing_provider = api
        .post(
            "/core/applications/",
            json!({"name": "A", "slug": "a", "provider": 999}),
        )
        .await;
    assert_eq!(
        missing_provider.json(),
        json!({"provider": ["Invalid pk \"999\" - object does not exist."]})
    );

    // The Terraform provider sends the pk as a number; authentik also takes its text.
    let first = api
        .post(
            "/core/applications/",
            json!({"name": "First", "slug": "first", "provider": pk.to_string()}),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.json()["provider"], pk);
    assert_eq!(first.json()["launch_url"], "https://erp.example.com");
    let second = api
        .post(
            "/core/applications/",
            json!({"name": "Second", "slug": "second", "provider": pk}),
        )
        .await;
    assert_eq!(
        second.json(),
        json!({"provider": ["Application with this provider already exists."]})
    );
    let same_slug = api
        .post("/core/applications/", json!({"name": "Again", "slug": "first"}))
        .await;
    assert_eq!(
        same_slug.json(),
        json!({"slug": ["Application with this slug already exists."]})
    );

    let read = api.get(&format!("/providers/oauth2/{pk}/")).await.json();
    assert_eq!(read["assigned_application_slug"], "first");

    assert_eq!(api.get("/core/applications/first/").await.json()["name"], "First");
    assert_eq!(api.send("DELETE", "/core/applications/first/", None).await.status, 204);
    assert_eq!(api.get("/core/applications/first/").await.status, 404);
}

#[tokio::test]
async fn what_is_not_reproduced_says_so() {
    let (_authentik, api) = start().await;
    let users = api.get("/core/users/").await;
    assert_eq!(users.status, 501);
    assert!(users.text.contains("Not emulated"));
    let ordering = api.get("/core/applications/?ordering=-slug").await;
    assert_eq!(ordering.status, 501);
    let patch = api.send("POST", "/flows/instances/", Some(json!({}))).await;
    assert_eq!(patch.status, 405);
    assert_eq!(patch.json(), json!({"detail": "Method \"POST\" not allowed."}));
    let root = api.get("/root/config/").await.json();
    assert_eq!(root["error_reporting"]["enabled"], false);
}

#[tokio::test]
async fn authentik_2025_12_drops_grant_types_and_redirect_uri_types() {
    let config = authentik_standin::AuthentikConfig {
        release: authentik_standin::server::release::AUTHENTIK_2025_12,
        ..Default::default()
    };
    let authentik = Authentik::start_on(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect("stand-in starts");
    let api = Api::new(&authentik);
    let mut body = provider_body("old");
    body["redirect_uris"][0]["redirect_uri_type"] = json!("logout");
    let created = api.post("/providers/oauth2/", body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let provider = created.json();
    assert!(provider.get("grant_types").is_none(), "{provider}");
    assert_eq!(
        provider["redirect_uris"],
        json!([{"matching_mode": "strict", "url": support::REDIRECT_URI}])
    );
    // Not even a value 2026.5 refuses is looked at.
    let mut update = provider_body("old");
    update["grant_types"] = json!([]);
    let pk = provider["pk"].as_i64().expect("pk");
    let updated = api.put(&format!("/providers/oauth2/{pk}/"), update).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert!(updated.json().get("grant_types").is_none());
}

/// `validate_slug` on a TextField: ASCII letters, digits, `-`, `_`, any length, unique.
#[tokio::test]
async fn application_slugs_are_ascii_slugs_of_any_length_and_unique() {
    let (_authentik, api) = start().await;
    let long = "a".repeat(300);
    let created = api
        .post("/core/applications/", json!({"name": "Long", "slug": long}))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let again = api
        .post("/core/applications/", json!({"name": "Again", "slug": long}))
        .await;
    assert_eq!(
        again.json(),
        json!({"slug": ["Application with this slug already exists."]})
    );
    for bad in ["café", "a.b", "a/b"] {
        let refused = api.post("/core/applications/", json!({"name": "X", "slug": bad})).await;
        assert_eq!(refused.status, 400, "{bad}: {}", refused.text);
    }
    let fine = api
        .post("/core/applications/", json!({"name": "Fine", "slug": "Frappe_ERP-2"}))
        .await;
    assert_eq!(fine.status, 201, "{}", fine.text);
}

#[tokio::test]
async fn groups_are_created_renamed_and_deleted_with_authentiks_validation() {
    let (_authentik, api) = start().await;
    let created = api
        .post("/core/groups/", json!({"name": "erp-users", "is_superuser": false}))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let pk = created.json()["pk"].as_str().expect("pk").to_string();
    assert_eq!(created.json()["users_obj"], json!([]));

    // The group list is authentik's search-enabled one: its envelope
    // describes the searchable fields.
    let listed = api.get("/core/groups/?name=erp-users").await.json();
    assert_eq!(listed["results"][0]["pk"], pk.as_str());
    assert_eq!(listed["autocomplete"]["current_model"], "authentik_core.group");
    assert_eq!(
        listed["autocomplete"]["models"]["authentik_core.group"]["attributes"]["relation"],
        "authentik_core.group_attributes"
    );

    let duplicate = api.post("/core/groups/", json!({"name": "erp-users"})).await;
    assert_eq!(
        (duplicate.status, duplicate.json()),
        (400, json!({"name": ["Group with this name already exists."]}))
    );
    let nameless = api.post("/core/groups/", json!({"is_superuser": false})).await;
    assert_eq!(
        (nameless.status, nameless.json()),
        (400, json!({"name": ["This field is required."]}))
    );

    let patched = api
        .send(
            "PATCH",
            &format!("/core/groups/{pk}/"),
            Some(json!({"attributes": {"frappe_roles": ["Blogger"]}})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    let read = api.get(&format!("/core/groups/{pk}/")).await.json();
    assert_eq!(read["attributes"], json!({"frappe_roles": ["Blogger"]}));
    assert_eq!(read["name"], "erp-users");

    let not_a_dict = api
        .send("PATCH", &format!("/core/groups/{pk}/"), Some(json!({"attributes": []})))
        .await;
    assert_eq!(
        (not_a_dict.status, not_a_dict.json()),
        (
            400,
            json!({"attributes": ["Value must be a dictionary, and not have any duplicate keys."]})
        )
    );

    assert_eq!(
        api.send("DELETE", &format!("/core/groups/{pk}/"), None).await.status,
        204
    );
    let gone = api.get(&format!("/core/groups/{pk}/")).await;
    assert_eq!(
        (gone.status, gone.json()),
        (404, json!({"detail": "No Group matches the given query."}))
    );
}

/// authentik 2025.12.4 stores a redirect entry without `url` from a PATCH
/// (DRF skips nested required fields when `partial`) and then cannot read it
/// back (`authentik/providers/oauth2/models.py` `OAuth2Provider.redirect_uris`,
/// `from_dict`): on a real 2025.12.4 every later PATCH answered 405, the GET and
/// the unfiltered list 500, until a PATCH replaced `redirect_uris`.
#[tokio::test]
async fn a_redirect_entry_without_url_breaks_the_provider_until_replaced() {
    let (_authentik, api) = start().await;
    let created = api.post("/providers/oauth2/", provider_body("broken")).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let pk = created.json()["pk"].clone();
    let path = format!("/providers/oauth2/{pk}/");

    let broken = api
        .send(
            "PATCH",
            &path,
            Some(json!({"redirect_uris": [{"matching_mode": "strict"}]})),
        )
        .await;
    assert_eq!(broken.status, 405, "{}", broken.text);
    let other_field = api.send("PATCH", &path, Some(json!({"client_type": "public"}))).await;
    assert_eq!(other_field.status, 405, "{}", other_field.text);
    assert_eq!(api.get(&path).await.status, 500);
    assert_eq!(api.get("/providers/oauth2/").await.status, 500);
    let filtered_out = api.get("/providers/oauth2/?name=someone-else").await;
    assert_eq!(filtered_out.status, 200, "{}", filtered_out.text);

    let repaired = api
        .send(
            "PATCH",
            &path,
            Some(json!({"redirect_uris": [{"matching_mode": "strict", "url": "https://erp.example.com/cb"}]})),
        )
        .await;
    assert_eq!(repaired.status, 200, "{}", repaired.text);
    // The PATCH that answered 405 had been saved before the answer failed.
    assert_eq!(repaired.json()["client_type"], "public");
    assert_eq!(api.get(&path).await.status, 200);
}
