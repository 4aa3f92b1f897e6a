//! Generated configuration (`-generate-config-out`): what a person would
//! write for an imported document. Starting from every attribute a
//! configuration may set (no secrets, nothing computed-only or write-only),
//! each defaulted attribute whose value planning would produce anyway is
//! left out — the resource's own plan decides, so the generated file never
//! disagrees with it.

use super::{DocumentResource, PlanInput};
use crate::provider::FrappeSession;
use terraform_plugin::framework::resource::config_from_state;
use terraform_plugin::framework::Model;
use terraform_plugin::protocol::{Block, Presence, Schema, Value};

pub(super) async fn generate<R: DocumentResource>(resource: &R, session: &FrappeSession, state: &Value) -> R::Model {
    let block = Block::new("", R::Model::attributes());
    let mut config = config_from_state(&Schema::new(0, block.clone()), state);
    for attribute in &block.attributes {
        if attribute.presence != Presence::OptionalComputed || config.get(&attribute.name).is_null() {
            continue;
        }
        let mut trial = config.clone();
        trial.set_attribute(&attribute.name, Value::Null);
        if plans_as(resource, session, &block, &trial, state).await {
            config = trial;
        }
    }
    let mut model = R::Model::from_value(&config);
    resource.refine_generated_config(session, &mut model).await;
    model
}

/// Whether creating from `config` would plan the values `state` holds for
/// every attribute a configuration may show.
async fn plans_as<R: DocumentResource>(
    resource: &R,
    session: &FrappeSession,
    block: &Block,
    config: &Value,
    state: &Value,
) -> bool {
    // Terraform proposes unknown for whatever a create leaves to the provider.
    let mut proposed = config.clone();
    for attribute in &block.attributes {
        if attribute.presence != Presence::Required
            && attribute.presence != Presence::Optional
            && proposed.get(&attribute.name).is_null()
        {
            proposed.set_attribute(&attribute.name, Value::unknown());
        }
    }
    let config_model = R::Model::from_value(config);
    let planned = resource
        .plan(PlanInput {
            prior: None,
            proposed: R::Model::from_value(&proposed),
            config: &config_model,
            site: session,
        })
        .await
        .planned
        .to_value();
    block
        .attributes
        .iter()
        .filter(|a| a.presence != Presence::Computed && !a.sensitive && !a.write_only)
        .all(|a| planned.get(&a.name) == state.get(&a.name))
}
