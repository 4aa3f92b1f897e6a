//! The in-process test tier: the provider's resources driven through the
//! plugin framework's traits against the Frappe emulator — no Terraform
//! engine, no plugin process, no gRPC. It plays Terraform's part the way
//! Terraform does: it builds the proposed new state from prior state and
//! configuration, asks for a plan, refuses a plan that disagrees with the
//! configuration, applies it, and reads back.

use frappe_emulator::Emulator;
use terraform_plugin::framework::{
    ApplyRequest, ImportRequest, ListItem, ListRequest, ListResult, ListSink, Model, PlanRequest, PlanResponse,
    Provider, ReadRequest, Resource, StopSignal, ValidateRequest,
};
use terraform_plugin::protocol::{Diagnostics, Presence, Severity, Value};
use terraform_provider_frappe::provider::config::ProviderConfigModel;
use terraform_provider_frappe::provider::{FrappeProvider, FrappeSession};

/// A configured provider talking to an emulated site.
pub struct InProcess {
    provider: FrappeProvider,
    pub session: FrappeSession,
}

/// Builds an object value from `(attribute, value)` pairs.
pub fn object(pairs: &[(&str, Value)]) -> Value {
    Value::object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())))
}

/// The error summaries in `d`.
pub fn errors(d: &Diagnostics) -> Vec<String> {
    d.iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| {
            format!(
                "{}: {}",
                x.attribute.as_ref().map(ToString::to_string).unwrap_or_default(),
                x.summary
            )
        })
        .collect()
}

impl InProcess {
    /// Configures the provider with the emulator's Administrator key.
    pub async fn configure(emulator: &Emulator) -> InProcess {
        Self::configure_with(emulator, ProviderConfigModel::default()).await
    }

    /// Configures the provider as a dedicated System Manager, as real
    /// deployments do (Administrator's key is rarely handed out).
    pub async fn configure_as_system_manager(emulator: &Emulator) -> InProcess {
        let user = emulator.add_user("terraform@example.com", &["System Manager"]);
        Self::configure_with_credentials(emulator, user, ProviderConfigModel::default()).await
    }

    /// Configures the provider with the emulator's URL and Administrator
    /// key, and the other settings of `extra`.
    pub async fn configure_with(emulator: &Emulator, extra: ProviderConfigModel) -> InProcess {
        Self::configure_with_credentials(emulator, emulator.admin(), extra).await
    }

    async fn configure_with_credentials(
        emulator: &Emulator,
        admin: frappe_emulator::ApiCredentials,
        extra: ProviderConfigModel,
    ) -> InProcess {
        let config = ProviderConfigModel {
            url: Value::from(emulator.url()),
            api_key: Value::from(admin.api_key),
            api_secret: Value::from(admin.api_secret),
            ..extra
        };
        let provider = FrappeProvider::new();
        let (session, diagnostics) = match provider.configure(&config.to_value(), StopSignal::new()).await {
            Ok(configured) => configured,
            Err(d) => panic!("configure failed: {d:?}"),
        };
        assert!(errors(&diagnostics).is_empty(), "{diagnostics:?}");
        InProcess { provider, session }
    }

    pub fn resource(&self, type_name: &str) -> Box<dyn Resource<FrappeSession>> {
        self.provider
            .resources()
            .into_iter()
            .find(|r| r.type_name() == type_name)
            .unwrap_or_else(|| panic!("no resource {type_name}"))
    }

    /// Runs the list resource `type_name` as `terraform query` does: the
    /// results in order, and the diagnostics that ended the listing.
    pub async fn list(
        &self,
        type_name: &str,
        config: &[(&str, Value)],
        include_resource: bool,
        limit: u64,
    ) -> (Vec<ListResult>, Diagnostics) {
        let lister = self
            .provider
            .list_resources()
            .into_iter()
            .find(|l| l.type_name() == type_name)
            .unwrap_or_else(|| panic!("no list resource {type_name}"));
        let mut config_value = Value::object(
            lister
                .schema()
                .block
                .attributes
                .iter()
                .map(|a| (a.name.clone(), Value::Null)),
        );
        for (name, value) in config {
            config_value.set_attribute(name, value.clone());
        }
        let (sender, mut receiver) = tokio::sync::mpsc::channel(1024);
        let collect = tokio::spawn(async move {
            let mut results = Vec::new();
            let mut failure = Diagnostics::new();
            while let Some(item) = receiver.recv().await {
                match item {
                    ListItem::Result(result) => results.push(*result),
                    ListItem::Failure(d) => failure.extend(d),
                }
            }
            (results, failure)
        });
        let mut sink = ListSink::new(sender, limit);
        let request = ListRequest {
            config: &config_value,
            include_resource,
            limit,
        };
        lister.list(&self.session, request, &mut sink).await;
        drop(sink);
        collect.await.unwrap_or_else(|e| panic!("{e}"))
    }

    /// The whole object a configuration describes: every attribute of the
    /// schema, those not written null.
    pub fn config(&self, type_name: &str, pairs: &[(&str, Value)]) -> Value {
        let schema = self.resource(type_name).schema();
        let mut attributes: Vec<(String, Value)> = schema
            .block
            .attributes
            .iter()
            .map(|a| (a.name.clone(), Value::Null))
            .collect();
        for (name, value) in pairs {
            let slot = attributes
                .iter_mut()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("{type_name} has no attribute {name}"));
            slot.1 = value.clone();
        }
        Value::object(attributes)
    }

    /// Terraform's proposed new state: configured values, and the prior
    /// value of computed attributes the configuration leaves out.
    fn proposed(&self, type_name: &str, prior: &Value, config: &Value) -> Value {
        let schema = self.resource(type_name).schema();
        Value::object(schema.block.attributes.iter().map(|a| {
            let configured = config.get(&a.name).clone();
            let computed = matches!(a.presence, Presence::Computed | Presence::OptionalComputed);
            let value = if configured.is_null() && computed && !a.write_only {
                prior.get(&a.name).clone()
            } else if a.write_only {
                Value::Null
            } else {
                configured
            };
            (a.name.clone(), value)
        }))
    }

    pub fn validate(&self, type_name: &str, config: &Value) -> Diagnostics {
        self.resource(type_name).validate(ValidateRequest {
            config,
            write_only_allowed: true,
        })
    }

    /// Plans a change from `prior` (null to create) to `config`, checking
    /// what Terraform checks: the plan keeps every configured value.
    pub async fn plan(&self, type_name: &str, prior: &Value, config: &Value) -> PlanResponse {
        self.plan_keeping(type_name, prior, &[], config).await
    }

    /// [`InProcess::plan`] with the private state Terraform recorded for `prior`.
    pub async fn plan_keeping(
        &self,
        type_name: &str,
        prior: &Value,
        prior_private: &[u8],
        config: &Value,
    ) -> PlanResponse {
        let proposed = self.proposed(type_name, prior, config);
        let response = self
            .resource(type_name)
            .plan(
                &self.session,
                PlanRequest {
                    prior_state: prior,
                    proposed_state: &proposed,
                    config,
                    prior_private,
                    prior_identity: None,
                },
            )
            .await;
        if !response.diagnostics.has_errors() {
            let schema = self.resource(type_name).schema();
            for a in &schema.block.attributes {
                let (configured, planned) = (config.get(&a.name), response.planned_state.get(&a.name));
                if a.write_only || configured.is_null() || configured.is_unknown() {
                    continue;
                }
                let prior_kept = !prior.is_null() && prior.get(&a.name) == planned;
                assert!(
                    configured == planned || prior_kept,
                    "planned {} = {planned:?} for configured {configured:?} (Terraform: \"Provider produced invalid plan\")",
                    a.name
                );
            }
        }
        response
    }

    /// Plans and applies; returns the new state and everything said.
    pub async fn apply(&self, type_name: &str, prior: &Value, config: &Value) -> (Value, Diagnostics) {
        let (state, _, said) = self.apply_keeping(type_name, prior, &[], config).await;
        (state, said)
    }

    /// [`InProcess::apply`] with the private state Terraform keeps beside the
    /// state: `prior_private` in, the new one out.
    pub async fn apply_keeping(
        &self,
        type_name: &str,
        prior: &Value,
        prior_private: &[u8],
        config: &Value,
    ) -> (Value, Vec<u8>, Diagnostics) {
        let plan = self.plan_keeping(type_name, prior, prior_private, config).await;
        let mut said = plan.diagnostics.clone();
        if said.has_errors() {
            return (prior.clone(), prior_private.to_vec(), said);
        }
        let response = self
            .resource(type_name)
            .apply(
                &self.session,
                ApplyRequest {
                    prior_state: prior,
                    planned_state: &plan.planned_state,
                    config,
                    planned_private: &plan.planned_private,
                    planned_identity: plan.planned_identity.as_ref(),
                },
            )
            .await;
        said.extend(response.diagnostics);
        if !said.has_errors() {
            assert!(
                response.state.is_wholly_known(),
                "unknown values after apply: {:?}",
                response.state
            );
        }
        (response.state, response.private, said)
    }

    /// Destroys what `state` describes.
    pub async fn destroy(&self, type_name: &str, state: &Value) -> (Value, Diagnostics) {
        let response = self
            .resource(type_name)
            .apply(
                &self.session,
                ApplyRequest {
                    prior_state: state,
                    planned_state: &Value::Null,
                    config: &Value::Null,
                    planned_private: &[],
                    planned_identity: None,
                },
            )
            .await;
        (response.state, response.diagnostics)
    }

    pub async fn read(&self, type_name: &str, state: &Value) -> (Value, Diagnostics) {
        let (state, _, said) = self.read_keeping(type_name, state, &[]).await;
        (state, said)
    }

    /// [`InProcess::read`] with the private state Terraform keeps beside the
    /// state: `private` in, the new one out.
    pub async fn read_keeping(&self, type_name: &str, state: &Value, private: &[u8]) -> (Value, Vec<u8>, Diagnostics) {
        let response = self
            .resource(type_name)
            .read(
                &self.session,
                ReadRequest {
                    state,
                    private,
                    identity: None,
                },
            )
            .await;
        (response.state, response.private, response.diagnostics)
    }

    /// Imports by id, then reads, as `terraform import` does.
    pub async fn import(&self, type_name: &str, id: &str) -> (Value, Diagnostics) {
        let response = self
            .resource(type_name)
            .import(&self.session, ImportRequest { id, identity: None })
            .await;
        let Some(imported) = response.imported.into_iter().next() else {
            return (Value::Null, response.diagnostics);
        };
        self.read(type_name, &imported.state).await
    }

    /// Whether planning `config` on top of `state` changes nothing — what
    /// `terraform plan` would call "No changes".
    pub async fn plans_no_change(&self, type_name: &str, state: &Value, config: &Value) -> bool {
        let plan = self.plan(type_name, state, config).await;
        assert!(!plan.diagnostics.has_errors(), "{:?}", plan.diagnostics);
        plan.planned_state == *state && plan.requires_replace.is_empty()
    }
}

/// The model of a state, for reading attributes by field.
pub fn model<M: Model>(state: &Value) -> M {
    M::from_value(state)
}
