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
async fn a_doctype_of_a_page_or_more_is_read_as_before() {
    let site = site(&["a", "b", "c"], false).await;
    let client = client(site.url.clone());
    let snapshots = Snapshots::new(Duration::from_secs(30), 3);
    snapshots.lookup(&client, "Thing", "a").await;
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "a").await,
        SnapshotAnswer::NoSnapshot
    ));
    // Not asked again in this process.
    assert!(matches!(
        snapshots.lookup(&client, "Thing", "b").await,
        SnapshotAnswer::NoSnapshot
    ));
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 1, "{:?}", site.seen);
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
