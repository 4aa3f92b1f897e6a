//! Reads sent together are answered from list requests and return exactly
//! what the single-document GET returns: every field, child rows, `modified`
//! and Password masks — for Users (roles), Social Login Keys and Roles on the
//! emulator.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::sync::Arc;
use std::time::Duration;

use frappe_client::{ClientConfig, Document, FrappeClient, RetryPolicy};
use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use terraform_plugin::framework::StopSignal;

fn client(emulator: &Emulator, key: &frappe_emulator::ApiCredentials) -> Arc<FrappeClient> {
    Arc::new(
        FrappeClient::new(
            ClientConfig {
                base_url: emulator.url().parse().unwrap(),
                api_key: key.api_key.clone(),
                api_secret: key.api_secret.clone(),
                site_name: None,
                timeout: Duration::from_secs(10),
                ca_certificates_pem: None,
                insecure_skip_verify: false,
                retry: RetryPolicy::default(),
            },
            StopSignal::new(),
        )
        .unwrap(),
    )
}

/// Reads `names` at the same moment, as Terraform's concurrent refreshes do.
async fn read_all(site: &Arc<FrappeClient>, doctype: &str, names: &[String]) -> Vec<Result<Option<Document>, String>> {
    let tasks: Vec<_> = names
        .iter()
        .map(|name| {
            let (site, doctype, name) = (site.clone(), doctype.to_string(), name.clone());
            tokio::spawn(async move { site.read_document(&doctype, &name).await.map_err(|e| e.to_string()) })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

fn populated_site(emulator: &Emulator, n: usize) {
    for i in 0..n {
        emulator
            .insert_document(
                "Role",
                json!({"role_name": format!("Batch Role {i}"), "desk_access": i % 2}),
            )
            .unwrap();
    }
    for i in 0..n {
        let roles: Vec<_> = (0..=i % 3)
            .map(|r| json!({"role": format!("Batch Role {r}")}))
            .collect();
        emulator
            .insert_document(
                "User",
                json!({"email": format!("batch-{i}@example.com"), "first_name": format!("B{i}"),
                       "roles": roles, "send_welcome_email": 0, "user_type": "System User"}),
            )
            .unwrap();
        emulator.insert_document("Social Login Key", batch_key(i)).unwrap();
    }
}

/// The `i`th Social Login Key of a populated site, named `batch_{i}`.
fn batch_key(i: usize) -> serde_json::Value {
    json!({
        "provider_name": format!("Batch {i}"),
        "social_login_provider": "Custom",
        "enable_social_login": i % 2,
        "client_id": format!("client-{i}"),
        "client_secret": format!("secret-{i}"),
        "base_url": "https://idp.example.com",
        "custom_base_url": 1,
        "authorize_url": "/authorize/",
        "access_token_url": "/token/",
        "redirect_url": format!("/api/method/frappe.integrations.oauth2_logins.custom/batch_{i}"),
    })
}

/// Reads `names` all at once through the batcher, then one by one with GET,
/// and checks both answers field by field.
async fn read_together_equals_read_alone(
    emulator: &Emulator,
    site: &Arc<FrappeClient>,
    doctype: &str,
    names: &[String],
) {
    let before = emulator.requests().len();
    let together = read_all(site, doctype, names).await;
    // At most the last, partial wave (too small to list) was read by GETs.
    let (single, _) = count_requests(emulator, before, doctype);
    assert!(
        single < names.len() / 2,
        "{doctype}: {single} GETs for {} reads",
        names.len()
    );
    for (name, together) in names.iter().zip(together) {
        let together = together.unwrap();
        let alone = site.get_document(doctype, name).await.unwrap();
        assert_eq!(together.is_some(), alone.is_some(), "{doctype} {name}");
        if let (Some(together), Some(alone)) = (together, alone) {
            assert_same_document(doctype, name, &together, &alone);
        }
    }
}

fn assert_same_document(doctype: &str, name: &str, together: &Document, alone: &Document) {
    for (key, value) in alone {
        assert_eq!(together.get(key), Some(value), "{doctype} {name}: field {key}");
    }
    for key in together.keys() {
        assert!(alone.contains_key(key), "{doctype} {name}: extra field {key}");
    }
}

/// GETs of single documents of `doctype` and list requests for it (or its child tables).
fn count_requests(emulator: &Emulator, since: usize, doctype: &str) -> (usize, usize) {
    let requests = emulator.requests().split_off(since);
    let single = requests
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with(&format!("/api/resource/{doctype}/")))
        .count();
    let lists = requests
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/api/resource/") && r.path.matches('/').count() == 3)
        .count();
    (single, lists)
}

#[tokio::test]
async fn documents_read_together_are_the_documents_read_alone() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    populated_site(&emulator, 12);
    let site = client(&emulator, &emulator.admin());
    for (doctype, names) in [
        (
            "User",
            (0..12).map(|i| format!("batch-{i}@example.com")).collect::<Vec<_>>(),
        ),
        ("Social Login Key", (0..12).map(|i| format!("batch_{i}")).collect()),
        ("Role", (0..12).map(|i| format!("Batch Role {i}")).collect()),
    ] {
        read_together_equals_read_alone(&emulator, &site, doctype, &names).await;
    }
    // The child rows came along: every user has 1–3 roles.
    let user = site
        .read_document("User", "batch-2@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user["roles"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn a_wave_of_reads_costs_list_requests_and_a_gone_document_still_reads_as_gone() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    populated_site(&emulator, 10);
    let site = client(&emulator, &emulator.admin());
    let mut names: Vec<String> = (0..9).map(|i| format!("batch_{i}")).collect();
    names.push("no_such_key".into());
    let before = emulator.requests().len();
    let read = read_all(&site, "Social Login Key", &names).await;
    let found = read.iter().filter(|r| matches!(r, Ok(Some(_)))).count();
    assert_eq!(found, 9);
    assert!(matches!(read[9], Ok(None)), "{:?}", read[9]);
    // The DocType's description, the first read's own GET, one list request
    // (of the whole DocType, for every later read) and the gone key's own GET.
    let (single, lists) = count_requests(&emulator, before, "Social Login Key");
    assert_eq!((single, lists), (2, 1), "{:?}", &emulator.requests()[before..]);
}

#[tokio::test]
async fn a_lone_read_is_one_get() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    populated_site(&emulator, 1);
    let site = client(&emulator, &emulator.admin());
    let before = emulator.requests().len();
    let doc = site.read_document("User", "batch-0@example.com").await.unwrap();
    assert!(doc.is_some());
    assert_eq!(
        emulator.requests().len() - before,
        1,
        "{:?}",
        &emulator.requests()[before..]
    );
}

#[tokio::test]
async fn a_system_manager_reads_what_the_get_gives_it() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    populated_site(&emulator, 10);
    let manager = emulator.add_user("manager@example.com", &["System Manager"]);
    let site = client(&emulator, &manager);
    let names: Vec<String> = (0..10).map(|i| format!("batch-{i}@example.com")).collect();
    read_together_equals_read_alone(&emulator, &site, "User", &names).await;
}

#[tokio::test]
async fn reads_one_after_another_cost_one_list_and_see_the_clients_own_writes() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    populated_site(&emulator, 12);
    let site = client(&emulator, &emulator.admin());
    let mut requests = 0;
    // As Terraform spreads a refresh: one read at a time, each answered
    // before the next is asked.
    for (doctype, names) in [
        (
            "User",
            (0..12).map(|i| format!("batch-{i}@example.com")).collect::<Vec<_>>(),
        ),
        ("Social Login Key", (0..12).map(|i| format!("batch_{i}")).collect()),
        ("Role", (0..12).map(|i| format!("Batch Role {i}")).collect()),
    ] {
        let before = emulator.requests().len();
        let mut read = Vec::new();
        for name in &names {
            read.push(site.read_document(doctype, name).await.unwrap());
        }
        // The first read's GET; every other read came from one list.
        let (single, _) = count_requests(&emulator, before, doctype);
        assert_eq!(single, 1, "{doctype}: {:?}", &emulator.requests()[before..]);
        requests += emulator.requests().len() - before;
        for (name, together) in names.iter().zip(read) {
            let alone = site.get_document(doctype, name).await.unwrap().unwrap();
            assert_same_document(doctype, name, &together.unwrap(), &alone);
        }
    }
    // Per DocType: its description, the first read, one list, and one list
    // per child DocType (User has five).
    assert_eq!(requests, 3 * 3 + 5, "requests for 36 reads");
    // An update, then a read: the write is seen, not the snapshot's row.
    let changed = json!({"client_id": "rotated"}).as_object().cloned().unwrap();
    site.update_document("Social Login Key", "batch_3", &changed)
        .await
        .unwrap();
    let after = site
        .read_document("Social Login Key", "batch_3")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after["client_id"], "rotated");
    // A delete, then a read: gone.
    assert!(site.delete_document("Role", "Batch Role 11").await.unwrap());
    assert_eq!(site.read_document("Role", "Batch Role 11").await.unwrap(), None);
    // A name the snapshot does not hold is read alone, and reads as gone.
    site.read_document("Role", "Batch Role 0").await.unwrap();
    assert_eq!(site.read_document("Role", "No Such Role").await.unwrap(), None);
}

#[tokio::test]
async fn a_doctype_of_several_pages_is_read_in_pages_with_each_users_roles() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    // Two pages of 500 users and keys, each user with 1–3 roles.
    // The users are made as a data import makes them: Frappe throttles
    // more than 60 new users an hour through the API.
    for i in 0..600 {
        let roles: Vec<String> = (0..=i % 3).map(|r| format!("Batch Role {r}")).collect();
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        emulator.add_user(&format!("batch-{i}@example.com"), &roles);
        emulator.insert_document("Social Login Key", batch_key(i)).unwrap();
    }
    let site = client(&emulator, &emulator.admin());
    for (doctype, names) in [
        (
            "User",
            (0..600).map(|i| format!("batch-{i}@example.com")).collect::<Vec<_>>(),
        ),
        ("Social Login Key", (0..600).map(|i| format!("batch_{i}")).collect()),
    ] {
        // One at a time and in Terraform's order (by index, not by name).
        let before = emulator.requests().len();
        let mut read = Vec::new();
        for name in &names {
            read.push(site.read_document(doctype, name).await.unwrap());
        }
        let (single, lists) = count_requests(&emulator, before, doctype);
        let pages = emulator.requests()[before..]
            .iter()
            .filter(|r| r.path == format!("/api/resource/{doctype}"))
            .count();
        // Two pages of the DocType; each page's child rows are read in
        // pages too (User has five child DocTypes, and its 1 200 Has Role
        // rows take up to four pages of 500 over the two); the GETs are the
        // first read and the reads that missed the first page, ten of them
        // before the second page was listed.
        assert_eq!(pages, 2, "{doctype}: pages listed");
        let child_lists = if doctype == "User" {
            2 * 4 + 1200_usize.div_ceil(500) + 2
        } else {
            0
        };
        assert!(lists <= pages + child_lists, "{doctype}: {lists} list requests");
        assert!(single <= 1 + 10, "{doctype}: {single} GETs for 600 reads");
        // Every third document, from both pages, against its GET.
        for (name, together) in names.iter().zip(read).step_by(3) {
            let alone = site.get_document(doctype, name).await.unwrap().unwrap();
            assert_same_document(doctype, name, &together.unwrap(), &alone);
        }
    }
}
