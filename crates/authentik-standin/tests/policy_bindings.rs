//! Who may log in: groups and policy bindings over the API, and the policy
//! check at authorize (no binding = everyone; a group binding lets members
//! in and shows everyone else authentik's access-denied page).

mod support;

use authentik_standin::Authentik;
use serde_json::json;
use support::{authorize_url, provider_body, provider_with_application, Api, Browser, REDIRECT_URI};

async fn start() -> (Authentik, Api) {
    let authentik = Authentik::start().await.expect("stand-in starts");
    let api = Api::new(&authentik);
    (authentik, api)
}

#[tokio::test]
async fn groups_are_found_by_name_with_their_members() {
    let (authentik, api) = start().await;
    authentik.add_user("alice", "Alice", "alice@example.com", "pw");
    assert!(authentik.add_user_to_group("alice", "erp-users"));
    authentik.add_group("other");
    let page = api.get("/core/groups/?name=erp-users").await.json();
    assert_eq!(page["pagination"]["count"], 1);
    let group = &page["results"][0];
    assert_eq!(group["name"], "erp-users");
    assert_eq!(group["users_obj"][0]["username"], "alice");
    assert!(group["num_pk"].as_i64().is_some_and(|n| n > 0));
    let pk = group["pk"].as_str().expect("pk");
    let without_users = api.get(&format!("/core/groups/{pk}/?include_users=false")).await.json();
    assert_eq!(without_users["users_obj"], json!(null));
    assert_eq!(api.get("/core/groups/?name=nobody").await.json()["results"], json!([]));
    // A fresh install's groups, as a real 2025.12.4 has them.
    let admins = api.get("/core/groups/?name=authentik%20Admins").await.json();
    assert_eq!(admins["results"][0]["is_superuser"], true);
    assert_eq!(admins["results"][0]["users_obj"][0]["username"], "akadmin");
    assert_eq!(api.get("/core/groups/").await.json()["pagination"]["count"], 4);
}

#[tokio::test]
async fn bindings_need_a_target_an_order_and_exactly_one_subject() {
    let (authentik, api) = start().await;
    provider_with_application(&api, provider_body("frappe")).await;
    let app = api.get("/core/applications/frappe/").await.json();
    let target = app["pk"].as_str().expect("pk").to_string();
    let group = authentik.add_group("erp-users");

    let missing = api.post("/policies/bindings/", json!({})).await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json(),
        json!({"target": ["This field is required."], "order": ["This field is required."]})
    );
    let nothing = api
        .post("/policies/bindings/", json!({"target": target, "order": 0}))
        .await;
    assert_eq!(
        nothing.json(),
        json!({"non_field_errors": ["One of 'group', 'policy', 'user' must be set."]})
    );
    let both = api
        .post(
            "/policies/bindings/",
            json!({"target": target, "order": 0, "group": group, "user": 2}),
        )
        .await;
    assert_eq!(
        both.json(),
        json!({"non_field_errors": ["Only one of 'group', 'policy', 'user' can be set."]})
    );
    let unknown = "6a0f2c8e-4b7d-4e9f-8b1c-2d3e4f5a6b7c";
    let dangling = api
        .post(
            "/policies/bindings/",
            json!({"target": unknown, "order": "x", "group": group}),
        )
        .await;
    assert_eq!(
        dangling.json(),
        json!({
            "target": [format!("Invalid pk \"{unknown}\" - object does not exist.")],
            "order": ["A valid integer is required."]
        })
    );

    let created = api
        .post(
            "/policies/bindings/",
            json!({"target": target, "order": 0, "group": group}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let binding = created.json();
    assert_eq!(binding["group_obj"]["name"], "erp-users");
    assert_eq!(
        (&binding["enabled"], &binding["negate"], &binding["timeout"]),
        (&json!(true), &json!(false), &json!(30))
    );
    let pk = binding["pk"].as_str().expect("pk");
    assert_eq!(api.get(&format!("/policies/bindings/{pk}/")).await.json(), binding);
    let listed = api.get(&format!("/policies/bindings/?target={target}")).await.json();
    assert_eq!(listed["results"], json!([binding]));
    // Deleting the application deletes its bindings.
    assert_eq!(api.send("DELETE", "/core/applications/frappe/", None).await.status, 204);
    assert_eq!(api.get(&format!("/policies/bindings/{pk}/")).await.status, 404);
}

#[tokio::test]
async fn a_group_binding_lets_members_in_and_shows_everyone_else_the_access_denied_page() {
    let (authentik, api) = start().await;
    authentik.add_user("alice", "Alice", "alice@example.com", "alice-pw");
    authentik.add_user("bob", "Bob", "bob@example.com", "bob-pw");
    authentik.add_user_to_group("alice", "erp-users");
    let group = authentik.add_group("erp-users");
    provider_with_application(&api, provider_body("frappe")).await;
    let url = authorize_url("frappe", REDIRECT_URI, "openid email", Some("s1"));

    // No binding: everyone may log in.
    let open = Browser::new(&authentik).authorize(&url, "bob", "bob-pw").await;
    assert_eq!(open.status, 302, "{}", open.text);
    assert!(open.location().starts_with(REDIRECT_URI));

    let target = api.get("/core/applications/frappe/").await.json()["pk"].clone();
    let binding = api
        .post(
            "/policies/bindings/",
            json!({"target": target, "order": 0, "group": group}),
        )
        .await;
    assert_eq!(binding.status, 201, "{}", binding.text);

    let member = Browser::new(&authentik).authorize(&url, "alice", "alice-pw").await;
    assert_eq!(member.status, 302, "{}", member.text);
    assert!(member.location().starts_with(REDIRECT_URI));

    let stranger = Browser::new(&authentik).authorize(&url, "bob", "bob-pw").await;
    assert_eq!(stranger.status, 200);
    assert!(stranger.text.contains("Permission denied"), "{}", stranger.text);
    assert!(stranger.text.contains("Request has been denied."), "{}", stranger.text);
    assert!(!stranger.text.contains(REDIRECT_URI), "{}", stranger.text);

    // A PATCH without `target` crashes authentik 2025.12.4's serializer:
    // the server's error view answers 405 and nothing changes.
    let pk = binding.json()["pk"].as_str().expect("pk").to_string();
    let crashed = api
        .send(
            "PATCH",
            &format!("/policies/bindings/{pk}/"),
            Some(json!({"negate": true})),
        )
        .await;
    assert_eq!(crashed.status, 405, "{}", crashed.text);
    let still_out = Browser::new(&authentik).authorize(&url, "bob", "bob-pw").await;
    assert!(
        still_out.text.contains("Request has been denied."),
        "{}",
        still_out.text
    );

    // negate, sent with the target and the group, turns the binding around.
    let negated = api
        .send(
            "PATCH",
            &format!("/policies/bindings/{pk}/"),
            Some(json!({"target": target, "group": group, "negate": true})),
        )
        .await;
    assert_eq!(negated.status, 200, "{}", negated.text);
    let now_in = Browser::new(&authentik).authorize(&url, "bob", "bob-pw").await;
    assert_eq!(now_in.status, 302, "{}", now_in.text);
    let now_out = Browser::new(&authentik).authorize(&url, "alice", "alice-pw").await;
    assert!(now_out.text.contains("Request has been denied."), "{}", now_out.text);
}
