//! A site that costs time (`--workers N --service-ms M`): requests queue for
//! the workers and every answer is still the site's own.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::time::{Duration, Instant};

use frappe_emulator::{Emulator, EmulatorConfig, ServiceTime};

#[tokio::test]
async fn requests_beyond_the_workers_wait_for_one_and_are_answered_as_usual() {
    let per_request = Duration::from_millis(40);
    let emulator = Emulator::start(EmulatorConfig {
        service_time: Some(ServiceTime {
            workers: 2,
            per_request,
        }),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let admin = emulator.admin();
    let http = reqwest::Client::new();
    let url = format!("{}/api/method/frappe.auth.get_logged_user", emulator.url());
    let started = Instant::now();
    let answers =
        futures_join((0..6).map(|_| http.get(&url).header("Authorization", admin.authorization()).send())).await;
    let elapsed = started.elapsed();
    for answer in answers {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.text().await.unwrap(), r#"{"message":"Administrator"}"#);
    }
    // Six requests on two workers are served in three rounds at least: a
    // lower bound a sleep cannot undercut, whatever the machine's load.
    assert!(elapsed >= per_request * 3, "six requests took only {elapsed:?}");
}

async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}
