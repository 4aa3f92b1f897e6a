//! `/api/v3/root/config/`: the settings the Terraform provider peeks at
//! when it is configured (error reporting stays off).

use serde_json::json;

use crate::server::http::Outgoing;

pub(super) fn config() -> Outgoing {
    Outgoing::json(
        200,
        &json!({
            "error_reporting": {
                "enabled": false,
                "sentry_dsn": "",
                "environment": "",
                "send_pii": false,
                "traces_sample_rate": 0.0,
            },
            "capabilities": ["can_save_media", "can_impersonate"],
            "cache_timeout": 300,
            "cache_timeout_flows": 300,
            "cache_timeout_policies": 300,
        }),
    )
}
