//! The server-streaming `ListResource` RPC: the list resource runs in its own
//! task and feeds a bounded channel, so results reach Terraform as they are
//! found and a lister that gets ahead of Terraform waits instead of
//! buffering everything it finds.

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::StreamExt;
use tonic::codegen::BoxStream;

use super::convert::{self, encode_dynamic, null_write_only};
use crate::framework::{ListItem, ListRequest, ListResource, ListSink};
use crate::proto::tfplugin6 as pb;
use crate::protocol::{Block, Diagnostics, Type, Value};

/// How many results may wait for Terraform before the lister pauses.
const IN_FLIGHT: usize = 32;

/// The managed resource's types, to encode what a list resource finds.
#[derive(Clone)]
pub(super) struct ResultTypes {
    pub(super) identity: Option<Type>,
    pub(super) object: Type,
    pub(super) block: Block,
}

/// Starts `list_resource` on `config` and returns the stream of its events.
pub(super) fn start<C: Send + Sync + 'static>(
    list_resource: Arc<dyn ListResource<C>>,
    client: Arc<C>,
    config: Value,
    include_resource: bool,
    limit: i64,
    types: ResultTypes,
) -> BoxStream<pb::list_resource::Event> {
    let (sender, receiver) = mpsc::channel(IN_FLIGHT);
    // A non-positive limit would mean "nothing", which nobody asks for:
    // read it as "no limit".
    let limit = u64::try_from(limit).ok().filter(|l| *l > 0).unwrap_or(u64::MAX);
    tokio::spawn(async move {
        let mut sink = ListSink::new(sender, limit);
        let request = ListRequest {
            config: &config,
            include_resource,
            limit,
        };
        list_resource.list(&client, request, &mut sink).await;
    });
    Box::pin(ReceiverStream::new(receiver).map(move |item| Ok(event(item, &types))))
}

/// A stream carrying only `diagnostics`, for a request that cannot start.
pub(super) fn failed(diagnostics: &Diagnostics) -> BoxStream<pb::list_resource::Event> {
    let event = pb::list_resource::Event {
        diagnostic: convert::diagnostics(diagnostics),
        ..Default::default()
    };
    Box::pin(tokio_stream::iter([Ok(event)]))
}

fn event(item: ListItem, types: &ResultTypes) -> pb::list_resource::Event {
    let mut result = match item {
        ListItem::Failure(d) => {
            return pb::list_resource::Event {
                diagnostic: convert::diagnostics(&d),
                ..Default::default()
            }
        }
        ListItem::Result(result) => *result,
    };
    let identity = match &types.identity {
        Some(ty) => encode_dynamic(&result.identity, ty).map(|data| {
            Some(pb::ResourceIdentityData {
                identity_data: Some(data),
            })
        }),
        None => Ok(None),
    };
    let object = result
        .resource_object
        .take()
        .map(|mut object| {
            // Write-only attributes are null in every object Terraform receives.
            null_write_only(&mut object, &types.block);
            encode_dynamic(&object, &types.object)
        })
        .transpose();
    match (identity, object) {
        (Ok(identity), Ok(resource_object)) => pb::list_resource::Event {
            identity,
            display_name: result.display_name,
            resource_object,
            diagnostic: convert::diagnostics(&result.diagnostics),
        },
        (Err(e), _) | (_, Err(e)) => pb::list_resource::Event {
            diagnostic: convert::diagnostics(&e.into()),
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;
    use crate::framework::{ListResult, ListValidateRequest};
    use crate::protocol::{Attribute, Diagnostic, Schema};

    /// Finds object after object for as long as the sink wants more.
    struct Endless {
        produced: Arc<AtomicU64>,
    }

    #[async_trait::async_trait]
    impl ListResource<()> for Endless {
        fn type_name(&self) -> &'static str {
            "test_thing"
        }
        fn schema(&self) -> Schema {
            Schema::default()
        }
        fn validate(&self, _: ListValidateRequest<'_>) -> Diagnostics {
            Diagnostics::new()
        }
        async fn list(&self, _: &(), _: ListRequest<'_>, sink: &mut ListSink) {
            loop {
                let n = self.produced.fetch_add(1, Ordering::SeqCst);
                let result = ListResult {
                    identity: Value::object([("id", Value::from(format!("thing-{n}")))]),
                    display_name: format!("Thing {n}"),
                    resource_object: Some(Value::object([("id", Value::from(format!("thing-{n}")))])),
                    diagnostics: Diagnostics::new(),
                };
                if !sink.send(result).await {
                    return;
                }
            }
        }
    }

    fn types() -> ResultTypes {
        let block = Block::new("", vec![Attribute::string("id").required()]);
        ResultTypes {
            identity: Some(Type::object([("id", Type::String)])),
            object: block.value_type(),
            block,
        }
    }

    #[tokio::test]
    async fn the_stream_ends_at_the_limit_and_the_lister_stops_there() {
        let produced = Arc::new(AtomicU64::new(0));
        let lister = Arc::new(Endless {
            produced: Arc::clone(&produced),
        });
        let stream = start(lister, Arc::new(()), Value::Null, true, 3, types());
        let events: Vec<_> = stream.collect().await;
        assert_eq!(events.len(), 3);
        let first = events[0].as_ref().unwrap_or_else(|s| panic!("{s}"));
        assert_eq!(first.display_name, "Thing 0");
        assert!(first.identity.is_some() && first.resource_object.is_some());
        assert_eq!(produced.load(Ordering::SeqCst), 3, "the lister read past the limit");
    }

    #[tokio::test]
    async fn a_listing_that_cannot_start_answers_with_its_diagnostics() {
        let events: Vec<_> = failed(&Diagnostic::error("No such DocType", "x").into())
            .collect()
            .await;
        let event = events[0].as_ref().unwrap_or_else(|s| panic!("{s}"));
        assert_eq!(event.diagnostic.len(), 1);
        assert!(event.identity.is_none());
    }
}
