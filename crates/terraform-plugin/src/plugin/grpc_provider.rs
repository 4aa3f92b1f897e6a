//! The tfplugin6 `Provider` gRPC service, adapting Terraform's RPCs to the
//! [`crate::framework`] traits. Values are decoded with the schema of the
//! resource they belong to and encoded back as msgpack; write-only attributes
//! are nulled in every answer, as Terraform demands.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use tonic::{Request, Response, Status};

use super::convert::{self, decode_dynamic, encode_dynamic, null_write_only};
use super::list_stream;
use crate::framework::{self, DataSource, Function, ListResource, Provider, Resource, StopSignal};
use crate::logging;
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server;
use crate::protocol::{Diagnostic, Diagnostics, Schema, Type, Value};

type RpcResult<T> = Result<Response<T>, Status>;

struct ResourceEntry<C> {
    resource: Box<dyn Resource<C>>,
    schema: Schema,
    value_type: Type,
    identity: Option<(Schema, Type)>,
}

impl<C> ResourceEntry<C> {
    /// Encodes a state, plan or imported object of this resource. Every
    /// answer carrying one goes through here, so write-only attributes are
    /// nulled in one place, as Terraform demands of every operation.
    fn encode_state(&self, mut state: Value) -> Result<pb::DynamicValue, Diagnostic> {
        null_write_only(&mut state, &self.schema.block);
        encode_dynamic(&state, &self.value_type)
    }
}

struct ListResourceEntry<C> {
    list_resource: Arc<dyn ListResource<C>>,
    schema: Schema,
    value_type: Type,
}

struct DataSourceEntry<C> {
    data_source: Box<dyn DataSource<C>>,
    schema: Schema,
    value_type: Type,
}

/// Serves one provider for the life of the plugin process.
pub struct ProviderService<P: Provider> {
    provider: P,
    provider_schema: Schema,
    provider_type: Type,
    resources: BTreeMap<&'static str, ResourceEntry<P::Client>>,
    data_sources: BTreeMap<&'static str, DataSourceEntry<P::Client>>,
    list_resources: BTreeMap<&'static str, ListResourceEntry<P::Client>>,
    functions: BTreeMap<&'static str, Box<dyn Function>>,
    client: RwLock<Option<Arc<P::Client>>>,
    stop: StopSignal,
}

impl<P: Provider> ProviderService<P> {
    pub fn new(provider: P, stop: StopSignal) -> Self {
        let resources = provider
            .resources()
            .into_iter()
            .map(|resource| {
                let schema = resource.schema();
                let value_type = schema.value_type();
                let identity = resource.identity_schema().map(|s| {
                    let ty = s.value_type();
                    (s, ty)
                });
                (
                    resource.type_name(),
                    ResourceEntry {
                        resource,
                        schema,
                        value_type,
                        identity,
                    },
                )
            })
            .collect();
        let data_sources = provider
            .data_sources()
            .into_iter()
            .map(|data_source| {
                let schema = data_source.schema();
                let value_type = schema.value_type();
                (
                    data_source.type_name(),
                    DataSourceEntry {
                        data_source,
                        schema,
                        value_type,
                    },
                )
            })
            .collect();
        let list_resources = provider
            .list_resources()
            .into_iter()
            .map(|list_resource| {
                let schema = list_resource.schema();
                let value_type = schema.value_type();
                (
                    list_resource.type_name(),
                    ListResourceEntry {
                        list_resource: Arc::from(list_resource),
                        schema,
                        value_type,
                    },
                )
            })
            .collect();
        let functions = provider.functions().into_iter().map(|f| (f.name(), f)).collect();
        let provider_schema = provider.schema();
        let provider_type = provider_schema.value_type();
        Self {
            provider,
            provider_schema,
            provider_type,
            resources,
            data_sources,
            list_resources,
            functions,
            client: RwLock::new(None),
            stop,
        }
    }

    fn resource(&self, type_name: &str) -> Result<&ResourceEntry<P::Client>, Diagnostics> {
        self.resources
            .get(type_name)
            .ok_or_else(|| unknown_type("resource", type_name))
    }

    fn data_source(&self, type_name: &str) -> Result<&DataSourceEntry<P::Client>, Diagnostics> {
        self.data_sources
            .get(type_name)
            .ok_or_else(|| unknown_type("data source", type_name))
    }

    fn list_resource(&self, type_name: &str) -> Result<&ListResourceEntry<P::Client>, Diagnostics> {
        self.list_resources
            .get(type_name)
            .ok_or_else(|| unknown_type("list resource", type_name))
    }

    fn client(&self) -> Result<Arc<P::Client>, Diagnostics> {
        let guard = self.client.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.clone().ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "Provider not configured",
                "Terraform called the provider before configuring it. This is a bug; please report it.",
            ))
        })
    }

    fn decode_identity(
        entry: &ResourceEntry<P::Client>,
        data: Option<&pb::ResourceIdentityData>,
    ) -> Result<Option<Value>, Diagnostics> {
        match (&entry.identity, data.and_then(|d| d.identity_data.as_ref())) {
            (Some((_, ty)), Some(raw)) => {
                let v = decode_dynamic(Some(raw), ty)?;
                Ok((!v.is_null()).then_some(v))
            }
            _ => Ok(None),
        }
    }

    fn encode_identity(
        entry: &ResourceEntry<P::Client>,
        identity: Option<&Value>,
    ) -> Result<Option<pb::ResourceIdentityData>, Diagnostics> {
        match (&entry.identity, identity) {
            (Some((_, ty)), Some(v)) => Ok(Some(pb::ResourceIdentityData {
                identity_data: Some(encode_dynamic(v, ty)?),
            })),
            _ => Ok(None),
        }
    }
}

fn unknown_type(kind: &str, name: &str) -> Diagnostics {
    Diagnostics::from(Diagnostic::error(
        format!("Unknown {kind} type"),
        format!("This provider has no {kind} named {name:?}."),
    ))
}

fn write_only_allowed(caps: Option<&pb::ClientCapabilities>) -> bool {
    caps.is_some_and(|c| c.write_only_attributes_allowed)
}

fn ok<T>(message: T) -> RpcResult<T> {
    Ok(Response::new(message))
}

#[tonic::async_trait]
impl<P: Provider> provider_server::Provider for ProviderService<P> {
    async fn get_metadata(&self, _: Request<pb::get_metadata::Request>) -> RpcResult<pb::get_metadata::Response> {
        use pb::get_metadata as m;
        ok(m::Response {
            server_capabilities: Some(server_capabilities()),
            resources: self
                .resources
                .keys()
                .map(|n| m::ResourceMetadata {
                    type_name: n.to_string(),
                })
                .collect(),
            data_sources: self
                .data_sources
                .keys()
                .map(|n| m::DataSourceMetadata {
                    type_name: n.to_string(),
                })
                .collect(),
            functions: self
                .functions
                .keys()
                .map(|n| m::FunctionMetadata { name: n.to_string() })
                .collect(),
            list_resources: self
                .list_resources
                .keys()
                .map(|n| m::ListResourceMetadata {
                    type_name: n.to_string(),
                })
                .collect(),
            ..Default::default()
        })
    }

    async fn get_provider_schema(
        &self,
        _: Request<pb::get_provider_schema::Request>,
    ) -> RpcResult<pb::get_provider_schema::Response> {
        logging::trace("serving the provider schema");
        ok(pb::get_provider_schema::Response {
            provider: Some(convert::schema(&self.provider_schema)),
            resource_schemas: self
                .resources
                .iter()
                .map(|(n, e)| (n.to_string(), convert::schema(&e.schema)))
                .collect(),
            data_source_schemas: self
                .data_sources
                .iter()
                .map(|(n, e)| (n.to_string(), convert::schema(&e.schema)))
                .collect(),
            functions: self.functions_map(),
            list_resource_schemas: self
                .list_resources
                .iter()
                .map(|(n, e)| (n.to_string(), convert::schema(&e.schema)))
                .collect(),
            server_capabilities: Some(server_capabilities()),
            ..Default::default()
        })
    }

    async fn get_resource_identity_schemas(
        &self,
        _: Request<pb::get_resource_identity_schemas::Request>,
    ) -> RpcResult<pb::get_resource_identity_schemas::Response> {
        ok(pb::get_resource_identity_schemas::Response {
            identity_schemas: self
                .resources
                .iter()
                .filter_map(|(n, e)| {
                    e.identity
                        .as_ref()
                        .map(|(s, _)| (n.to_string(), convert::identity_schema(s)))
                })
                .collect(),
            diagnostics: Vec::new(),
        })
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> RpcResult<pb::validate_provider_config::Response> {
        let req = request.into_inner();
        let diagnostics = match decode_dynamic(req.config.as_ref(), &self.provider_type) {
            Ok(config) => self.provider.validate(&config),
            Err(d) => d.into(),
        };
        ok(pb::validate_provider_config::Response {
            diagnostics: convert::diagnostics(&diagnostics),
        })
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> RpcResult<pb::validate_resource_config::Response> {
        let req = request.into_inner();
        let result = self.resource(&req.type_name).and_then(|entry| {
            let config = decode_dynamic(req.config.as_ref(), &entry.value_type)?;
            Ok(entry.resource.validate(framework::ValidateRequest {
                config: &config,
                write_only_allowed: write_only_allowed(req.client_capabilities.as_ref()),
            }))
        });
        ok(pb::validate_resource_config::Response {
            diagnostics: convert::diagnostics(&result.unwrap_or_else(|d| d)),
        })
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> RpcResult<pb::validate_data_resource_config::Response> {
        let req = request.into_inner();
        let result = self.data_source(&req.type_name).and_then(|entry| {
            let config = decode_dynamic(req.config.as_ref(), &entry.value_type)?;
            Ok(entry.data_source.validate(&config))
        });
        ok(pb::validate_data_resource_config::Response {
            diagnostics: convert::diagnostics(&result.unwrap_or_else(|d| d)),
        })
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> RpcResult<pb::upgrade_resource_state::Response> {
        let req = request.into_inner();
        let result = self.resource(&req.type_name).and_then(|entry| {
            let raw = req.raw_state.unwrap_or_default();
            if raw.json.is_empty() {
                return Err(Diagnostic::error(
                    "Legacy state is not supported",
                    "This state was written by Terraform 0.11 or older; upgrade it with an intermediate Terraform release first.",
                )
                .into());
            }
            let json: serde_json::Value = serde_json::from_slice(&raw.json)
                .map_err(|e| Diagnostic::error("Stored state is not valid JSON", e.to_string()))?;
            let state = entry.resource.upgrade_state(req.version, &json)?;
            Ok(entry.encode_state(state)?)
        });
        let (upgraded_state, diagnostics) = split(result);
        ok(pb::upgrade_resource_state::Response {
            upgraded_state,
            diagnostics,
        })
    }

    async fn upgrade_resource_identity(
        &self,
        request: Request<pb::upgrade_resource_identity::Request>,
    ) -> RpcResult<pb::upgrade_resource_identity::Response> {
        let req = request.into_inner();
        let result = self.resource(&req.type_name).and_then(|entry| {
            let Some((schema, ty)) = &entry.identity else {
                return Err(Diagnostic::error("Resource has no identity", req.type_name.clone()).into());
            };
            if req.version != schema.version {
                return Err(Diagnostic::error(
                    "Unsupported identity version",
                    format!("No upgrade from identity schema version {}.", req.version),
                )
                .into());
            }
            let raw = req.raw_identity.unwrap_or_default();
            let value = crate::protocol::json::decode(&raw.json, ty)
                .map_err(|e| Diagnostic::error("Stored identity could not be read", e.to_string()))?;
            Ok(pb::ResourceIdentityData {
                identity_data: Some(encode_dynamic(&value, ty)?),
            })
        });
        let (upgraded_identity, diagnostics) = split(result);
        ok(pb::upgrade_resource_identity::Response {
            upgraded_identity,
            diagnostics,
        })
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> RpcResult<pb::configure_provider::Response> {
        let req = request.into_inner();
        logging::debug(&format!(
            "configuring the provider for Terraform {}",
            req.terraform_version
        ));
        let diagnostics = match decode_dynamic(req.config.as_ref(), &self.provider_type) {
            Err(d) => d.into(),
            Ok(config) => match self.provider.configure(&config, self.stop.clone()).await {
                Ok((client, diagnostics)) => {
                    let mut guard = self.client.write().unwrap_or_else(|poisoned| poisoned.into_inner());
                    *guard = Some(Arc::new(client));
                    diagnostics
                }
                Err(diagnostics) => diagnostics,
            },
        };
        ok(pb::configure_provider::Response {
            diagnostics: convert::diagnostics(&diagnostics),
        })
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> RpcResult<pb::read_resource::Response> {
        let req = request.into_inner();
        let mut out = pb::read_resource::Response::default();
        let result: Result<(), Diagnostics> = async {
            let entry = self.resource(&req.type_name)?;
            let client = self.client()?;
            let state = decode_dynamic(req.current_state.as_ref(), &entry.value_type)?;
            let identity = Self::decode_identity(entry, req.current_identity.as_ref())?;
            let response = entry
                .resource
                .read(
                    &client,
                    framework::ReadRequest {
                        state: &state,
                        private: &req.private,
                        identity: identity.as_ref(),
                    },
                )
                .await;
            out.new_state = Some(entry.encode_state(response.state)?);
            out.private = response.private;
            out.new_identity = Self::encode_identity(entry, response.identity.as_ref())?;
            out.diagnostics = convert::diagnostics(&response.diagnostics);
            Ok(())
        }
        .await;
        if let Err(d) = result {
            out.diagnostics.extend(convert::diagnostics(&d));
            // Keep the object in state: a failed read must not look like a deletion.
            out.new_state = req.current_state;
            out.private = req.private;
        }
        ok(out)
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> RpcResult<pb::plan_resource_change::Response> {
        let req = request.into_inner();
        let mut out = pb::plan_resource_change::Response::default();
        let result: Result<(), Diagnostics> = async {
            let entry = self.resource(&req.type_name)?;
            let ty = &entry.value_type;
            let prior = decode_dynamic(req.prior_state.as_ref(), ty)?;
            let proposed = decode_dynamic(req.proposed_new_state.as_ref(), ty)?;
            if proposed.is_null() {
                // Destroy: the only valid plan is null.
                out.planned_state = Some(encode_dynamic(&Value::Null, ty)?);
                out.planned_private = req.prior_private.clone();
                return Ok(());
            }
            let config = decode_dynamic(req.config.as_ref(), ty)?;
            let identity = Self::decode_identity(entry, req.prior_identity.as_ref())?;
            let client = self.client()?;
            let response = entry
                .resource
                .plan(
                    &client,
                    framework::PlanRequest {
                        prior_state: &prior,
                        proposed_state: &proposed,
                        config: &config,
                        prior_private: &req.prior_private,
                        prior_identity: identity.as_ref(),
                    },
                )
                .await;
            out.planned_state = Some(entry.encode_state(response.planned_state)?);
            out.legacy_type_system = entry.resource.legacy_type_system();
            out.requires_replace = response.requires_replace.iter().map(convert::attribute_path).collect();
            out.planned_private = response.planned_private;
            out.planned_identity = Self::encode_identity(entry, response.planned_identity.as_ref())?;
            out.diagnostics = convert::diagnostics(&response.diagnostics);
            Ok(())
        }
        .await;
        if let Err(d) = result {
            out.diagnostics.extend(convert::diagnostics(&d));
        }
        ok(out)
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> RpcResult<pb::apply_resource_change::Response> {
        let req = request.into_inner();
        let mut out = pb::apply_resource_change::Response::default();
        let result: Result<(), Diagnostics> = async {
            let entry = self.resource(&req.type_name)?;
            let ty = &entry.value_type;
            let prior = decode_dynamic(req.prior_state.as_ref(), ty)?;
            let planned = decode_dynamic(req.planned_state.as_ref(), ty)?;
            let config = decode_dynamic(req.config.as_ref(), ty)?;
            let identity = Self::decode_identity(entry, req.planned_identity.as_ref())?;
            let client = self.client()?;
            let response = entry
                .resource
                .apply(
                    &client,
                    framework::ApplyRequest {
                        prior_state: &prior,
                        planned_state: &planned,
                        config: &config,
                        planned_private: &req.planned_private,
                        planned_identity: identity.as_ref(),
                    },
                )
                .await;
            out.new_state = Some(entry.encode_state(response.state)?);
            out.legacy_type_system = entry.resource.legacy_type_system();
            out.private = response.private;
            out.new_identity = Self::encode_identity(entry, response.identity.as_ref())?;
            out.diagnostics = convert::diagnostics(&response.diagnostics);
            Ok(())
        }
        .await;
        if let Err(d) = result {
            out.diagnostics.extend(convert::diagnostics(&d));
            // Nothing was done: the prior object is still what exists.
            out.new_state = req.prior_state;
        }
        ok(out)
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> RpcResult<pb::import_resource_state::Response> {
        let req = request.into_inner();
        let mut out = pb::import_resource_state::Response::default();
        let result: Result<(), Diagnostics> = async {
            let entry = self.resource(&req.type_name)?;
            let identity = Self::decode_identity(entry, req.identity.as_ref())?;
            let client = self.client()?;
            let response = entry
                .resource
                .import(
                    &client,
                    framework::ImportRequest {
                        id: &req.id,
                        identity: identity.as_ref(),
                    },
                )
                .await;
            for imported in response.imported {
                out.imported_resources
                    .push(pb::import_resource_state::ImportedResource {
                        type_name: req.type_name.clone(),
                        state: Some(entry.encode_state(imported.state)?),
                        private: imported.private,
                        identity: Self::encode_identity(entry, imported.identity.as_ref())?,
                    });
            }
            out.diagnostics = convert::diagnostics(&response.diagnostics);
            Ok(())
        }
        .await;
        if let Err(d) = result {
            out.diagnostics.extend(convert::diagnostics(&d));
        }
        ok(out)
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> RpcResult<pb::read_data_source::Response> {
        let req = request.into_inner();
        let mut out = pb::read_data_source::Response::default();
        let result: Result<(), Diagnostics> = async {
            let entry = self.data_source(&req.type_name)?;
            let config = decode_dynamic(req.config.as_ref(), &entry.value_type)?;
            let client = self.client()?;
            let (state, diagnostics) = entry.data_source.read(&client, &config).await;
            out.diagnostics = convert::diagnostics(&diagnostics);
            if !diagnostics.has_errors() {
                out.state = Some(encode_dynamic(&state, &entry.value_type)?);
            }
            Ok(())
        }
        .await;
        if let Err(d) = result {
            out.diagnostics.extend(convert::diagnostics(&d));
        }
        ok(out)
    }

    async fn generate_resource_config(
        &self,
        request: Request<pb::generate_resource_config::Request>,
    ) -> RpcResult<pb::generate_resource_config::Response> {
        let req = request.into_inner();
        let mut out = pb::generate_resource_config::Response::default();
        let result: Result<(), Diagnostics> = async {
            let entry = self.resource(&req.type_name)?;
            let state = decode_dynamic(req.state.as_ref(), &entry.value_type)?;
            let client = self.client()?;
            let config = entry.resource.generate_config(&client, &state).await?;
            out.config = Some(entry.encode_state(config)?);
            Ok(())
        }
        .await;
        if let Err(d) = result {
            out.diagnostics = convert::diagnostics(&d);
        }
        ok(out)
    }

    async fn validate_list_resource_config(
        &self,
        request: Request<pb::validate_list_resource_config::Request>,
    ) -> RpcResult<pb::validate_list_resource_config::Response> {
        let req = request.into_inner();
        let result: Result<Diagnostics, Diagnostics> = (|| {
            let entry = self.list_resource(&req.type_name)?;
            let config = decode_dynamic(req.config.as_ref(), &entry.value_type)?;
            let include_resource = decode_dynamic(req.include_resource_object.as_ref(), &Type::Bool)?;
            let limit = decode_dynamic(req.limit.as_ref(), &Type::Number)?;
            Ok(entry.list_resource.validate(framework::ListValidateRequest {
                config: &config,
                include_resource: &include_resource,
                limit: &limit,
            }))
        })();
        let diagnostics = result.unwrap_or_else(|d| d);
        ok(pb::validate_list_resource_config::Response {
            diagnostics: convert::diagnostics(&diagnostics),
        })
    }

    async fn list_resource(
        &self,
        request: Request<pb::list_resource::Request>,
    ) -> RpcResult<tonic::codegen::BoxStream<pb::list_resource::Event>> {
        let req = request.into_inner();
        let started = (|| {
            let entry = self.list_resource(&req.type_name)?;
            let resource = self.resource(&req.type_name)?;
            let config = decode_dynamic(req.config.as_ref(), &entry.value_type)?;
            let client = self.client()?;
            let types = list_stream::ResultTypes {
                identity: resource.identity.as_ref().map(|(_, ty)| ty.clone()),
                object: resource.value_type.clone(),
                block: resource.schema.block.clone(),
            };
            Ok::<_, Diagnostics>(list_stream::start(
                Arc::clone(&entry.list_resource),
                client,
                config,
                req.include_resource_object,
                req.limit,
                types,
            ))
        })();
        ok(started.unwrap_or_else(|d| list_stream::failed(&d)))
    }

    async fn get_functions(&self, _: Request<pb::get_functions::Request>) -> RpcResult<pb::get_functions::Response> {
        ok(pb::get_functions::Response {
            functions: self.functions_map(),
            diagnostics: Vec::new(),
        })
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> RpcResult<pb::call_function::Response> {
        let req = request.into_inner();
        let failure = |text: String, argument: Option<usize>| pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError {
                text,
                function_argument: argument.map(|i| i as i64),
            }),
        };
        let Some(function) = self.functions.get(req.name.as_str()) else {
            return ok(failure(
                format!("This provider has no function named {:?}.", req.name),
                None,
            ));
        };
        let signature = function.signature();
        if req.arguments.len() != signature.parameters.len() {
            return ok(failure(
                format!(
                    "{} takes {} arguments, got {}.",
                    req.name,
                    signature.parameters.len(),
                    req.arguments.len()
                ),
                None,
            ));
        }
        let mut arguments = Vec::with_capacity(req.arguments.len());
        for (i, (raw, parameter)) in req.arguments.iter().zip(&signature.parameters).enumerate() {
            match decode_dynamic(Some(raw), &parameter.ty) {
                Ok(v) => arguments.push(v),
                Err(d) => return ok(failure(d.detail, Some(i))),
            }
        }
        ok(match function.call(&arguments) {
            Ok(result) => match encode_dynamic(&result, &signature.return_type) {
                Ok(encoded) => pb::call_function::Response {
                    result: Some(encoded),
                    error: None,
                },
                Err(d) => failure(d.detail, None),
            },
            Err(e) => failure(e.text, e.argument),
        })
    }

    async fn stop_provider(&self, _: Request<pb::stop_provider::Request>) -> RpcResult<pb::stop_provider::Response> {
        logging::info("Terraform asked the provider to stop; cancelling work in flight");
        self.stop.cancel();
        ok(pb::stop_provider::Response { error: String::new() })
    }
}

impl<P: Provider> ProviderService<P> {
    fn functions_map(&self) -> std::collections::HashMap<String, pb::Function> {
        self.functions
            .iter()
            .map(|(n, f)| (n.to_string(), convert::function(&f.signature())))
            .collect()
    }
}

fn server_capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        // Terraform may reuse a schema it already fetched from another
        // instance of this provider instead of asking every process again.
        get_provider_schema_optional: true,
        move_resource_state: false,
        // Every resource answers GenerateResourceConfig (the framework's
        // default leaves out computed, write-only and sensitive attributes).
        generate_resource_config: true,
    }
}

fn split<T>(result: Result<T, Diagnostics>) -> (Option<T>, Vec<pb::Diagnostic>) {
    match result {
        Ok(v) => (Some(v), Vec::new()),
        Err(d) => (None, convert::diagnostics(&d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{
        ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, PlanRequest, PlanResponse, ReadRequest,
        ReadResponse, ValidateRequest,
    };
    use crate::protocol::{Attribute, Block};
    use provider_server::Provider as _;

    /// A resource that plans and applies exactly what it is given.
    struct Echo {
        legacy: bool,
    }

    #[async_trait::async_trait]
    impl Resource<()> for Echo {
        fn type_name(&self) -> &'static str {
            if self.legacy {
                "test_legacy"
            } else {
                "test_modern"
            }
        }
        fn schema(&self) -> Schema {
            Schema::new(0, Block::new("", vec![Attribute::string("id").optional_computed()]))
        }
        fn validate(&self, _: ValidateRequest<'_>) -> Diagnostics {
            Diagnostics::new()
        }
        fn legacy_type_system(&self) -> bool {
            self.legacy
        }
        async fn read(&self, _: &(), request: ReadRequest<'_>) -> ReadResponse {
            ReadResponse {
                state: request.state.clone(),
                private: Vec::new(),
                identity: None,
                diagnostics: Diagnostics::new(),
            }
        }
        async fn plan(&self, _: &(), request: PlanRequest<'_>) -> PlanResponse {
            PlanResponse {
                planned_state: request.proposed_state.clone(),
                requires_replace: Vec::new(),
                planned_private: Vec::new(),
                planned_identity: None,
                diagnostics: Diagnostics::new(),
            }
        }
        async fn apply(&self, _: &(), request: ApplyRequest<'_>) -> ApplyResponse {
            ApplyResponse {
                state: request.planned_state.clone(),
                private: Vec::new(),
                identity: None,
                diagnostics: Diagnostics::new(),
            }
        }
        async fn import(&self, _: &(), _: ImportRequest<'_>) -> ImportResponse {
            ImportResponse {
                imported: Vec::new(),
                diagnostics: Diagnostics::new(),
            }
        }
    }

    struct TwoResources;

    #[async_trait::async_trait]
    impl Provider for TwoResources {
        type Client = ();
        fn name(&self) -> &'static str {
            "test"
        }
        fn schema(&self) -> Schema {
            Schema::default()
        }
        fn validate(&self, _: &Value) -> Diagnostics {
            Diagnostics::new()
        }
        async fn configure(&self, _: &Value, _: StopSignal) -> Result<((), Diagnostics), Diagnostics> {
            Ok(((), Diagnostics::new()))
        }
        fn resources(&self) -> Vec<Box<dyn Resource<()>>> {
            vec![Box::new(Echo { legacy: true }), Box::new(Echo { legacy: false })]
        }
        fn data_sources(&self) -> Vec<Box<dyn DataSource<()>>> {
            Vec::new()
        }
        fn functions(&self) -> Vec<Box<dyn Function>> {
            Vec::new()
        }
    }

    #[tokio::test]
    async fn the_legacy_flag_is_answered_per_resource_on_plan_and_apply() {
        let service = ProviderService::new(TwoResources, StopSignal::new());
        service
            .configure_provider(Request::new(pb::configure_provider::Request::default()))
            .await
            .map(|_| ())
            .unwrap_or_else(|status| panic!("configure failed: {status}"));
        let ty = Type::object([("id", Type::String)]);
        let object =
            encode_dynamic(&Value::object([("id", Value::from("x"))]), &ty).unwrap_or_else(|d| panic!("{d:?}"));
        for (type_name, expected) in [("test_legacy", true), ("test_modern", false)] {
            let plan = service
                .plan_resource_change(Request::new(pb::plan_resource_change::Request {
                    type_name: type_name.into(),
                    proposed_new_state: Some(object.clone()),
                    config: Some(object.clone()),
                    ..Default::default()
                }))
                .await
                .unwrap_or_else(|status| panic!("plan failed: {status}"))
                .into_inner();
            assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
            assert_eq!(plan.legacy_type_system, expected, "plan of {type_name}");
            let apply = service
                .apply_resource_change(Request::new(pb::apply_resource_change::Request {
                    type_name: type_name.into(),
                    planned_state: Some(object.clone()),
                    config: Some(object.clone()),
                    ..Default::default()
                }))
                .await
                .unwrap_or_else(|status| panic!("apply failed: {status}"))
                .into_inner();
            assert!(apply.diagnostics.is_empty(), "{:?}", apply.diagnostics);
            assert_eq!(apply.legacy_type_system, expected, "apply of {type_name}");
        }
    }
}
