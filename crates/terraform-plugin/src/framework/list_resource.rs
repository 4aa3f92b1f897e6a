//! List resources (Terraform ≥ 1.14, `terraform query`): finding existing
//! objects of a managed resource type so they can be imported. A list
//! resource has its own `config` schema; its results carry the managed
//! resource's identity, a display name and, when asked, the object itself.

use async_trait::async_trait;
use tokio::sync::mpsc;

use crate::protocol::{Diagnostics, Schema, Value};

pub struct ListValidateRequest<'a> {
    pub config: &'a Value,
    /// Terraform's `include_resource` meta-argument; may be unknown or null.
    pub include_resource: &'a Value,
    /// Terraform's `limit` meta-argument; may be unknown or null.
    pub limit: &'a Value,
}

pub struct ListRequest<'a> {
    pub config: &'a Value,
    /// Whether each result should carry the resource object.
    pub include_resource: bool,
    /// How many results Terraform wants at most; the sink refuses more.
    pub limit: u64,
}

/// One object found.
#[derive(Debug, Clone, PartialEq)]
pub struct ListResult {
    /// The managed resource's identity (its identity schema).
    pub identity: Value,
    /// What a person recognises the object by.
    pub display_name: String,
    /// The resource object, as a read would record it; only when asked for.
    pub resource_object: Option<Value>,
    pub diagnostics: Diagnostics,
}

/// Where a list resource sends its results, in order. It applies Terraform's
/// `limit` and notices when Terraform stopped listening, so a lister can stop
/// reading the remote side as soon as [`ListSink::wants_more`] says no.
pub struct ListSink {
    sender: mpsc::Sender<ListItem>,
    remaining: u64,
}

/// What travels to the gRPC layer: a result, or diagnostics that end the
/// listing (a bad filter, an unreachable site).
#[derive(Debug)]
pub enum ListItem {
    Result(Box<ListResult>),
    Failure(Diagnostics),
}

impl ListSink {
    /// A sink that accepts at most `limit` results (0: none).
    pub fn new(sender: mpsc::Sender<ListItem>, limit: u64) -> Self {
        Self {
            sender,
            remaining: limit,
        }
    }

    /// Whether another result would be accepted.
    pub fn wants_more(&self) -> bool {
        self.remaining > 0 && !self.sender.is_closed()
    }

    /// How many more results would be accepted.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Sends a result; `false` when no more are wanted (limit reached, or
    /// Terraform went away) — the lister should stop.
    pub async fn send(&mut self, result: ListResult) -> bool {
        if self.remaining == 0 {
            return false;
        }
        if self.sender.send(ListItem::Result(Box::new(result))).await.is_err() {
            self.remaining = 0;
            return false;
        }
        self.remaining -= 1;
        self.remaining > 0
    }

    /// Ends the listing with an error (or warnings) for the whole `list` block.
    pub async fn fail(&mut self, diagnostics: Diagnostics) {
        self.remaining = 0;
        // Terraform gone: nobody to tell.
        let _ = self.sender.send(ListItem::Failure(diagnostics)).await;
    }
}

/// A list resource: finds objects of the managed resource type of the same
/// name. `C` is the provider's configured client.
#[async_trait]
pub trait ListResource<C>: Send + Sync {
    /// The managed resource type it lists, e.g. `frappe_user`.
    fn type_name(&self) -> &'static str;

    /// The schema of the `config` block of a `list` block.
    fn schema(&self) -> Schema;

    /// Plan-time checks of the `config` block; unknown values must be skipped.
    fn validate(&self, request: ListValidateRequest<'_>) -> Diagnostics;

    /// Streams the results into `sink`, stopping when it wants no more.
    async fn list(&self, client: &C, request: ListRequest<'_>, sink: &mut ListSink);
}
