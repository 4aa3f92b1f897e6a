//! The snapshot against a small scripted site: which reads cost a request,
//! and that no read sees rows older than a write this client made.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test reports failure by panicking

use std::time::Duration;

use serde_json::{json, Value as Json};

use super::{SnapshotAnswer, Snapshots};
use crate::coalesce::tests::{client, count, site, thing};

fn document(held: SnapshotAnswer) -> Option<Json> {
    match held {
        SnapshotAnswer::Document(doc) => Some(Json::Object(doc)),
        SnapshotAnswer::Absent | SnapshotAnswer::NoSnapshot => None,
    }
}

/// Where each list request of Things started (`limit_start=…`), in order.
fn list_starts(site: &crate::coalesce::tests::Site) -> Vec<String> {
    site.seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.starts_with("/api/resource/Thing?"))
        .map(|s| {
            s.split('&')
                .find(|p| p.starts_with("limit_start="))
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_second_read_lists_the_doctype_and_later_reads_cost_nothing() {
    let site = site(&["a", "b", "c"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 500);
    // The first read is left to the batcher: a lone read stays one GET.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "a").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert_eq!(site.seen.lock().unwrap().len(), 0);
    let b = document(snapshots.lookup(&client, "Thing", "b").await);
    let mut want = thing("b");
    want["doctype"] = json!("Thing");
    assert_eq!(b, Some(want));
    assert!(document(snapshots.lookup(&client, "Thing", "c").await).is_some());
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "gone").await,
        SnapshotAnswer::Absent
    ));
    // The description and one list, whatever the number of reads.
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 1, "{:?}", site.seen);
    assert_eq!(site.seen.lock().unwrap().len(), 2, "{:?}", site.seen);
}

#[tokio::test]
async fn a_write_drops_the_snapshot_and_the_next_read_asks_the_site() {
    let site = site(&["a", "b"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 500);
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    drop(snapshots.write_starts());
    // A read after the write is the first since it: read as before.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "a").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert!(document(snapshots.lookup(&client, "Thing", "b").await).is_some());
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 2, "{:?}", site.seen);
}

#[tokio::test]
async fn rows_listed_while_a_write_was_in_progress_do_not_outlive_it() {
    let site = site(&["a", "b"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 500);
    // The write started before the list and ends after it.
    let write = snapshots.write_starts();
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    drop(write);
    // Once it has ended, a read does not get rows listed before its end.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "a").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 2, "{:?}", site.seen);
}

#[tokio::test]
async fn a_snapshot_expires() {
    let site = site(&["a"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_millis(50), 500);
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 2, "{:?}", site.seen);
}

#[tokio::test]
async fn a_doctype_larger_than_a_page_is_listed_a_page_at_a_time_as_reads_miss() {
    let site = site(&["a", "b", "c", "d", "e", "f", "g"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 3).paging(2, 10);
    snapshots.lookup(&client, "Thing", "a").await;
    // The first page: a, b, c.
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    assert!(document(snapshots.lookup(&client, "Thing", "b").await).is_some());
    // A name past it is read as before, until it has missed twice.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "e").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 1, "{:?}", site.seen);
    // The second miss lists the next page: d, e, f.
    assert!(document(snapshots.lookup(&client, "Thing", "f").await).is_some());
    assert!(document(snapshots.lookup(&client, "Thing", "d").await).is_some());
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 2, "{:?}", site.seen);
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "g").await,
        SnapshotAnswer::NoSnapshot
    ));
    // The last page (g alone) shows every document has been listed: a name
    // none of them holds is read alone, never taken as gone.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "zz").await,
        SnapshotAnswer::Absent
    ));
    assert!(document(snapshots.lookup(&client, "Thing", "g").await).is_some());
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 3, "{:?}", site.seen);
    assert_eq!(list_starts(&site), ["limit_start=0", "limit_start=3", "limit_start=6"]);
}

#[tokio::test]
async fn no_more_pages_than_the_limit_are_listed() {
    let site = site(&["a", "b", "c", "d", "e", "f", "g"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 3).paging(1, 1);
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    for name in ["d", "e", "f", "g", "zz"] {
        assert!(matches!(
            snapshots.lookup(&client, "Thing", name).await,
            SnapshotAnswer::NoSnapshot
        ));
    }
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 1, "{:?}", site.seen);
}

#[tokio::test]
async fn a_write_between_pages_drops_the_snapshot() {
    let site = site(&["a", "b", "c", "d", "e", "f", "g"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 3).paging(1, 10);
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(document(snapshots.lookup(&client, "Thing", "a").await).is_some());
    drop(snapshots.write_starts());
    // Not answered from the first page, nor by listing the second.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "b").await,
        SnapshotAnswer::NoSnapshot
    ));
    // The next read starts a new snapshot from the first page, and a miss
    // lists the second.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "e").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert!(document(snapshots.lookup(&client, "Thing", "f").await).is_some());
    assert_eq!(list_starts(&site), ["limit_start=0", "limit_start=0", "limit_start=3"]);
}

#[tokio::test]
async fn a_refused_list_is_read_as_before() {
    let site = site(&["a", "b"], true).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 500);
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "b").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "b").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 1, "{:?}", site.seen);
}
