//! Managed resources: the create / read / update / delete / import life cycle
//! as Terraform drives it through plan and apply.

use async_trait::async_trait;

use crate::protocol::schema::Presence;
use crate::protocol::{AttributePath, Diagnostics, Schema, Value};

pub struct ValidateRequest<'a> {
    pub config: &'a Value,
    /// Whether this Terraform understands write-only attributes (≥ 1.11).
    pub write_only_allowed: bool,
}

pub struct ReadRequest<'a> {
    pub state: &'a Value,
    pub private: &'a [u8],
    pub identity: Option<&'a Value>,
}

pub struct ReadResponse {
    /// `Value::Null` when the object no longer exists.
    pub state: Value,
    pub private: Vec<u8>,
    pub identity: Option<Value>,
    pub diagnostics: Diagnostics,
}

pub struct PlanRequest<'a> {
    /// Null when the object is being created.
    pub prior_state: &'a Value,
    /// Null when the object is being destroyed.
    pub proposed_state: &'a Value,
    pub config: &'a Value,
    pub prior_private: &'a [u8],
    pub prior_identity: Option<&'a Value>,
}

pub struct PlanResponse {
    pub planned_state: Value,
    pub requires_replace: Vec<AttributePath>,
    pub planned_private: Vec<u8>,
    pub planned_identity: Option<Value>,
    pub diagnostics: Diagnostics,
}

pub struct ApplyRequest<'a> {
    pub prior_state: &'a Value,
    /// Null when the object is being destroyed.
    pub planned_state: &'a Value,
    pub config: &'a Value,
    pub planned_private: &'a [u8],
    pub planned_identity: Option<&'a Value>,
}

pub struct ApplyResponse {
    /// What now exists: the new object, the unchanged prior one when nothing
    /// could be done, or null after a delete.
    pub state: Value,
    pub private: Vec<u8>,
    pub identity: Option<Value>,
    pub diagnostics: Diagnostics,
}

pub struct ImportRequest<'a> {
    /// The id given to `terraform import` or an `import { id = … }` block;
    /// empty when importing by identity.
    pub id: &'a str,
    pub identity: Option<&'a Value>,
}

pub struct ImportedResource {
    pub state: Value,
    pub private: Vec<u8>,
    pub identity: Option<Value>,
}

pub struct ImportResponse {
    pub imported: Vec<ImportedResource>,
    pub diagnostics: Diagnostics,
}

/// A managed resource type. `C` is the provider's configured client.
#[async_trait]
pub trait Resource<C: Sync>: Send + Sync {
    /// The full type name, e.g. `frappe_social_login_key`.
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> Schema;

    /// The identity schema (Terraform ≥ 1.12) if the resource has one.
    fn identity_schema(&self) -> Option<Schema> {
        None
    }

    /// Markdown for the documentation's import section: what to expect
    /// after importing. `None` when there is nothing to add.
    fn import_notes(&self) -> Option<&'static str> {
        None
    }

    /// Plan-time checks of the configuration; unknown values must be skipped.
    fn validate(&self, request: ValidateRequest<'_>) -> Diagnostics;

    /// Whether Terraform should judge this resource's plans and apply
    /// results by the relaxed rules it keeps for the legacy
    /// terraform-plugin-sdk (the `legacy_type_system` flag): a planned value
    /// may differ from the configuration of a non-computed attribute (an SDK
    /// `Default`), and apply may return values other than planned; Terraform
    /// only logs a warning. Only a stand-in for an SDKv2 provider, which must
    /// behave as that SDK does, has any business answering `true`.
    fn legacy_type_system(&self) -> bool {
        false
    }

    /// Brings stored state, as Terraform recorded it in JSON under schema
    /// `version`, up to the current schema. The default accepts state of the
    /// current version as it is.
    fn upgrade_state(&self, version: i64, raw: &serde_json::Value) -> Result<Value, Diagnostics> {
        let schema = self.schema();
        if version != schema.version {
            let mut d = Diagnostics::new();
            d.error(
                "Unsupported state version",
                format!("{} has no upgrade from schema version {version}.", self.type_name()),
            );
            return Err(d);
        }
        crate::protocol::json::from_json(raw, &schema.value_type()).map_err(|e| {
            let mut d = Diagnostics::new();
            d.error("Stored state could not be read", e.to_string());
            d
        })
    }

    /// The configuration a person would write for an existing object, from
    /// its imported state (`-generate-config-out` of `terraform plan` with
    /// `import` blocks and of `terraform query`, Terraform ≥ 1.14). The
    /// default keeps what a configuration may set and the state holds, and
    /// leaves out computed-only, write-only and sensitive attributes (a
    /// secret is never written into a file).
    async fn generate_config(&self, _client: &C, state: &Value) -> Result<Value, Diagnostics> {
        Ok(config_from_state(&self.schema(), state))
    }

    async fn read(&self, client: &C, request: ReadRequest<'_>) -> ReadResponse;

    async fn plan(&self, client: &C, request: PlanRequest<'_>) -> PlanResponse;

    async fn apply(&self, client: &C, request: ApplyRequest<'_>) -> ApplyResponse;

    async fn import(&self, client: &C, request: ImportRequest<'_>) -> ImportResponse;
}

/// A state reshaped into a configuration value: the attributes a
/// configuration may set keep their value; computed-only, write-only and
/// sensitive ones become null.
pub fn config_from_state(schema: &Schema, state: &Value) -> Value {
    let Value::Object(values) = state else {
        return Value::Null;
    };
    let mut config = values.clone();
    for attribute in &schema.block.attributes {
        let settable = matches!(
            attribute.presence,
            Presence::Required | Presence::Optional | Presence::OptionalComputed
        );
        if !settable || attribute.write_only || attribute.sensitive {
            config.insert(attribute.name.clone(), Value::Null);
        }
    }
    Value::Object(config)
}
