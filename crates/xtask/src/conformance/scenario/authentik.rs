//! What the `authentik-frappe-sso` module and the official authentik provider ask of
//! authentik, with the failures users make: the flow, scope-mapping and certificate lookups;
//! OAuth2 provider, application, group and policy-binding create/read/update/delete;
//! duplicate names and slugs, bad redirect URIs, unknown flows; discovery, JWKS, token and
//! userinfo errors, and authorize without a session. Names carry `{{run}}` and everything
//! created is deleted at the end.

use serde_json::{json, Value};

use super::{delete, get, patch, post, put};
use crate::conformance::recording::Actor::{Admin, Anonymous, BadToken};
use crate::conformance::recording::Exchange;

/// `GET /api/v3/admin/version/`, whose `version_current` names the release.
pub fn version_exchange() -> Exchange {
    get(Admin, "version", "/api/v3/admin/version/")
}

pub const VERSION_POINTER: &str = "/version_current";

const PROVIDERS: &str = "/api/v3/providers/oauth2/";
const PROVIDER: &str = "/api/v3/providers/oauth2/{{provider}}/";
const APPLICATIONS: &str = "/api/v3/core/applications/";
const APPLICATION: &str = "/api/v3/core/applications/conf-{{run}}/";
const GROUPS: &str = "/api/v3/core/groups/";
const GROUP: &str = "/api/v3/core/groups/{{group}}/";
const BINDINGS: &str = "/api/v3/policies/bindings/";
const REDIRECT: &str = "https://frappe.example.com/api/method/frappe.integrations.oauth2_logins.custom/conf_{{run}}";
const NO_SUCH_UUID: &str = "00000000-0000-4000-8000-000000000000";

/// The whole scenario, in order.
pub fn scenario() -> Vec<Exchange> {
    let mut steps = Vec::new();
    steps.extend(lookups());
    steps.extend(providers());
    steps.extend(applications());
    steps.extend(groups_and_bindings());
    steps.extend(oidc());
    steps.extend(cleanup());
    steps
}

fn lookups() -> Vec<Exchange> {
    let flows = "/api/v3/flows/instances/";
    let scopes = "/api/v3/propertymappings/provider/scope/";
    let certificates = "/api/v3/crypto/certificatekeypairs/";
    let scope = |name: &str, variable: &str| {
        get(Admin, &format!("lookup: scope mapping {name}"), scopes)
            .query("managed", &format!("goauthentik.io/providers/oauth2/scope-{name}"))
            .capture(variable, "/results/0/pk")
    };
    vec![
        get(BadToken, "auth: bad token", flows),
        get(Anonymous, "auth: no token", flows),
        get(Admin, "lookup: implicit consent flow", flows)
            .query("slug", "default-provider-authorization-implicit-consent")
            .capture("authorization_flow", "/results/0/pk"),
        get(Admin, "lookup: explicit consent flow", flows)
            .query("slug", "default-provider-authorization-explicit-consent"),
        get(Admin, "lookup: invalidation flow", flows)
            .query("slug", "default-provider-invalidation-flow")
            .capture("invalidation_flow", "/results/0/pk"),
        get(Admin, "lookup: authentication flow", flows)
            .query("slug", "default-authentication-flow")
            .capture("authentication_flow", "/results/0/pk"),
        get(Admin, "lookup: unknown flow slug", flows).query("slug", "no-such-{{run}}"),
        get(
            Admin,
            "lookup: flow by slug path",
            "/api/v3/flows/instances/default-provider-invalidation-flow/",
        ),
        get(
            Admin,
            "lookup: unknown flow by slug path",
            "/api/v3/flows/instances/no-such-{{run}}/",
        ),
        scope("openid", "scope_openid"),
        scope("email", "scope_email"),
        scope("profile", "scope_profile"),
        get(Admin, "lookup: scope mapping by scope name", scopes).query("scope_name", "email"),
        get(Admin, "lookup: unknown managed scope mapping", scopes).query("managed", "no-such-{{run}}"),
        get(
            Admin,
            "lookup: scope mapping by pk",
            "/api/v3/propertymappings/provider/scope/{{scope_openid}}/",
        ),
        get(
            Admin,
            "lookup: unknown scope mapping pk",
            &format!("{scopes}{NO_SUCH_UUID}/"),
        ),
        get(Admin, "lookup: certificate by name", certificates)
            .query("name", "authentik Self-signed Certificate")
            .capture("certificate", "/results/0/pk"),
        get(Admin, "lookup: unknown certificate name", certificates).query("name", "no-such-{{run}}"),
        get(
            Admin,
            "lookup: certificate by pk",
            "/api/v3/crypto/certificatekeypairs/{{certificate}}/",
        ),
        get(
            Admin,
            "lookup: unknown certificate pk",
            &format!("{certificates}{NO_SUCH_UUID}/"),
        ),
    ]
}

fn provider_body() -> Value {
    json!({
        "name": "conf-{{run}}-provider",
        "authorization_flow": "{{authorization_flow}}",
        "invalidation_flow": "{{invalidation_flow}}",
        "client_type": "confidential",
        "redirect_uris": [{"matching_mode": "strict", "url": REDIRECT}],
        "property_mappings": ["{{scope_openid}}", "{{scope_email}}", "{{scope_profile}}"],
        "signing_key": "{{certificate}}",
        "sub_mode": "hashed_user_id",
        "include_claims_in_id_token": true
    })
}

fn provider_with(field: &str, value: Value) -> Value {
    let mut body = provider_body();
    body["name"] = json!("conf-{{run}}-other");
    body[field] = value;
    body
}

fn provider_without(field: &str) -> Value {
    let mut body = provider_with("name", json!("conf-{{run}}-other"));
    if let Some(map) = body.as_object_mut() {
        map.remove(field);
    }
    body
}

fn providers() -> Vec<Exchange> {
    let bad = |name: &str, body: Value| post(Admin, &format!("provider: {name}"), PROVIDERS, body);
    vec![
        post(Admin, "provider: create", PROVIDERS, provider_body())
            .capture("provider", "/pk")
            .capture("client_id", "/client_id")
            .capture("client_secret", "/client_secret"),
        get(Admin, "provider: read", PROVIDER),
        get(Admin, "provider: list by name", PROVIDERS).query("name", "conf-{{run}}-provider"),
        get(Admin, "provider: list by client id", PROVIDERS).query("client_id", "{{client_id}}"),
        get(Admin, "provider: list by unknown name", PROVIDERS).query("name", "no-such-{{run}}"),
        patch(
            Admin,
            "provider: rename",
            PROVIDER,
            json!({"name": "conf-{{run}}-renamed"}),
        ),
        patch(
            Admin,
            "provider: regex redirect URI",
            PROVIDER,
            json!({"redirect_uris": [{"matching_mode": "regex", "url": "https://frappe\\.example\\.com/.*"}]}),
        ),
        patch(
            Admin,
            "provider: two redirect URIs",
            PROVIDER,
            json!({"redirect_uris": [
                {"matching_mode": "strict", "url": REDIRECT},
                {"matching_mode": "strict", "url": "http://localhost:8000/callback"}
            ]}),
        ),
        patch(
            Admin,
            "provider: token validity",
            PROVIDER,
            json!({"access_token_validity": "minutes=10", "refresh_token_validity": "days=1"}),
        ),
        patch(
            Admin,
            "provider: bad validity",
            PROVIDER,
            json!({"access_token_validity": "forever"}),
        ),
        patch(
            Admin,
            "provider: bad regex redirect URI",
            PROVIDER,
            json!({"redirect_uris": [{"matching_mode": "regex", "url": "https://("}]}),
        ),
        patch(
            Admin,
            "provider: bad matching mode",
            PROVIDER,
            json!({"redirect_uris": [{"matching_mode": "fuzzy", "url": REDIRECT}]}),
        ),
        patch(
            Admin,
            "provider: redirect URI without url",
            PROVIDER,
            json!({"redirect_uris": [{"matching_mode": "strict"}]}),
        ),
        patch(
            Admin,
            "provider: redirect URIs not a list",
            PROVIDER,
            json!({"redirect_uris": REDIRECT}),
        ),
        patch(
            Admin,
            "provider: bad client type",
            PROVIDER,
            json!({"client_type": "secret"}),
        ),
        patch(
            Admin,
            "provider: bad sub mode",
            PROVIDER,
            json!({"sub_mode": "email_or_whatever"}),
        ),
        patch(
            Admin,
            "provider: public client",
            PROVIDER,
            json!({"client_type": "public"}),
        ),
        patch(
            Admin,
            "provider: confidential again",
            PROVIDER,
            json!({"client_type": "confidential"}),
        ),
        put(Admin, "provider: replace", PROVIDER, provider_body()),
        put(Admin, "provider: replace without flow", PROVIDER, {
            let mut body = provider_body();
            if let Some(map) = body.as_object_mut() {
                map.remove("authorization_flow");
            }
            body
        }),
        get(Admin, "provider: read after updates", PROVIDER),
        bad("duplicate name", provider_with("name", json!("conf-{{run}}-provider"))),
        bad("empty name", provider_with("name", json!(""))),
        bad("without name", {
            let mut body = provider_body();
            if let Some(map) = body.as_object_mut() {
                map.remove("name");
            }
            body
        }),
        bad("without authorization flow", provider_without("authorization_flow")),
        bad("without invalidation flow", provider_without("invalidation_flow")),
        bad(
            "unknown authorization flow",
            provider_with("authorization_flow", json!(NO_SUCH_UUID)),
        ),
        bad(
            "authorization flow not a uuid",
            provider_with(
                "authorization_flow",
                json!("default-provider-authorization-implicit-consent"),
            ),
        ),
        bad(
            "unknown property mapping",
            provider_with("property_mappings", json!([NO_SUCH_UUID])),
        ),
        bad("unknown signing key", provider_with("signing_key", json!(NO_SUCH_UUID))),
        bad(
            "create with a bad redirect URI mode",
            provider_with("redirect_uris", json!([{"matching_mode": "glob", "url": REDIRECT}])),
        ),
        bad(
            "create with a bad regex redirect URI",
            provider_with("redirect_uris", json!([{"matching_mode": "regex", "url": "(["}])),
        ),
        bad(
            "duplicate client id",
            provider_with("client_id", json!("{{client_id}}")),
        ),
        get(Admin, "provider: read unknown", "/api/v3/providers/oauth2/999999/"),
        get(Admin, "provider: read non-numeric", "/api/v3/providers/oauth2/abc/"),
        patch(
            Admin,
            "provider: update unknown",
            "/api/v3/providers/oauth2/999999/",
            json!({"name": "x-{{run}}"}),
        ),
        delete(Admin, "provider: delete unknown", "/api/v3/providers/oauth2/999999/"),
        get(BadToken, "provider: read with a bad token", PROVIDER),
        get(Anonymous, "provider: read without a token", PROVIDER),
        post(
            BadToken,
            "provider: create with a bad token",
            PROVIDERS,
            provider_body(),
        ),
    ]
}

fn applications() -> Vec<Exchange> {
    let app = json!({
        "name": "Conf {{run}}",
        "slug": "conf-{{run}}",
        "provider": "{{provider}}",
        "meta_launch_url": "https://frappe.example.com/login",
        "policy_engine_mode": "any"
    });
    let with = |field: &str, value: Value| {
        let mut body = app.clone();
        body["slug"] = json!("conf-{{run}}-other");
        body["name"] = json!("Conf {{run}} other");
        body[field] = value;
        body
    };
    let bad = |name: &str, body: Value| post(Admin, &format!("application: {name}"), APPLICATIONS, body);
    vec![
        post(Admin, "application: create", APPLICATIONS, app.clone()).capture("application", "/pk"),
        get(Admin, "application: read", APPLICATION),
        get(Admin, "application: list by slug", APPLICATIONS).query("slug", "conf-{{run}}"),
        get(Admin, "application: search", APPLICATIONS).query("search", "conf-{{run}}"),
        get(Admin, "provider: read with its application", PROVIDER),
        patch(
            Admin,
            "application: launch URL",
            APPLICATION,
            json!({"meta_launch_url": "https://frappe.example.com/app"}),
        ),
        patch(
            Admin,
            "application: policy engine mode",
            APPLICATION,
            json!({"policy_engine_mode": "all"}),
        ),
        patch(
            Admin,
            "application: bad policy engine mode",
            APPLICATION,
            json!({"policy_engine_mode": "most"}),
        ),
        put(Admin, "application: replace", APPLICATION, app.clone()),
        bad("duplicate slug", with("slug", json!("conf-{{run}}"))),
        bad("duplicate name", with("name", json!("Conf {{run}}"))),
        bad("provider already used", with("provider", json!("{{provider}}"))),
        bad("bad slug", with("slug", json!("Conf {{run}}!"))),
        bad("empty slug", with("slug", json!(""))),
        bad("without name", {
            let mut body = with("provider", Value::Null);
            if let Some(map) = body.as_object_mut() {
                map.remove("name");
            }
            body
        }),
        bad("unknown provider", with("provider", json!(999999))),
        get(
            Admin,
            "application: read unknown",
            "/api/v3/core/applications/no-such-{{run}}/",
        ),
        delete(
            Admin,
            "application: delete unknown",
            "/api/v3/core/applications/no-such-{{run}}/",
        ),
        get(BadToken, "application: read with a bad token", APPLICATION),
    ]
}

fn groups_and_bindings() -> Vec<Exchange> {
    vec![
        post(
            Admin,
            "group: create",
            GROUPS,
            json!({"name": "conf-{{run}}-users", "is_superuser": false}),
        )
        .capture("group", "/pk"),
        get(Admin, "group: read", GROUP),
        get(Admin, "group: list by name", GROUPS).query("name", "conf-{{run}}-users"),
        patch(
            Admin,
            "group: attributes",
            GROUP,
            json!({"attributes": {"frappe_roles": ["Blogger"]}}),
        ),
        post(
            Admin,
            "group: duplicate name",
            GROUPS,
            json!({"name": "conf-{{run}}-users"}),
        ),
        post(Admin, "group: without name", GROUPS, json!({"is_superuser": false})),
        get(Admin, "group: read unknown", &format!("{GROUPS}{NO_SUCH_UUID}/")),
        post(
            Admin,
            "binding: group to application",
            BINDINGS,
            json!({"target": "{{application}}", "group": "{{group}}", "order": 0}),
        )
        .capture("binding", "/pk"),
        get(Admin, "binding: read", "/api/v3/policies/bindings/{{binding}}/"),
        get(Admin, "binding: list for the application", BINDINGS).query("target", "{{application}}"),
        post(
            Admin,
            "binding: same group and order again",
            BINDINGS,
            json!({"target": "{{application}}", "group": "{{group}}", "order": 0}),
        ),
        post(
            Admin,
            "binding: nothing bound",
            BINDINGS,
            json!({"target": "{{application}}", "order": 1}),
        ),
        post(
            Admin,
            "binding: unknown target",
            BINDINGS,
            json!({"target": NO_SUCH_UUID, "group": "{{group}}", "order": 0}),
        ),
        post(
            Admin,
            "binding: unknown group",
            BINDINGS,
            json!({"target": "{{application}}", "group": NO_SUCH_UUID, "order": 2}),
        ),
        patch(
            Admin,
            "binding: negate",
            "/api/v3/policies/bindings/{{binding}}/",
            json!({"negate": true}),
        ),
        get(Admin, "binding: read unknown", &format!("{BINDINGS}{NO_SUCH_UUID}/")),
    ]
}

fn oidc() -> Vec<Exchange> {
    let token = "/application/o/token/";
    let authorize = "/application/o/authorize/";
    let token_form = |name: &str| post(Anonymous, &format!("token: {name}"), token, Value::Null);
    let mut steps = vec![
        get(
            Anonymous,
            "oidc: discovery",
            "/application/o/conf-{{run}}/.well-known/openid-configuration",
        ),
        get(
            Anonymous,
            "oidc: discovery of an unknown application",
            "/application/o/no-such-{{run}}/.well-known/openid-configuration",
        ),
        get(Anonymous, "oidc: JWKS", "/application/o/conf-{{run}}/jwks/"),
        get(
            Anonymous,
            "oidc: JWKS of an unknown application",
            "/application/o/no-such-{{run}}/jwks/",
        ),
        get(Anonymous, "userinfo: without a token", "/application/o/userinfo/"),
        get(Anonymous, "userinfo: with a bad token", "/application/o/userinfo/").query("access_token", "no-such-token"),
        get(Anonymous, "authorize: without a session", authorize)
            .query("client_id", "{{client_id}}")
            .query("redirect_uri", REDIRECT)
            .query("response_type", "code")
            .query("scope", "openid email profile")
            .query("state", "conf-state"),
        get(Anonymous, "authorize: unknown redirect URI", authorize)
            .query("client_id", "{{client_id}}")
            .query("redirect_uri", "https://evil.example.com/callback")
            .query("response_type", "code")
            .query("scope", "openid"),
        get(Anonymous, "authorize: unknown client", authorize)
            .query("client_id", "no-such-{{run}}")
            .query("redirect_uri", REDIRECT)
            .query("response_type", "code")
            .query("scope", "openid"),
        get(Anonymous, "authorize: bad response type", authorize)
            .query("client_id", "{{client_id}}")
            .query("redirect_uri", REDIRECT)
            .query("response_type", "token-please")
            .query("scope", "openid")
            .query("state", "conf-state"),
        get(Anonymous, "authorize: without client id", authorize).query("response_type", "code"),
    ];
    for mut step in [
        token_form("bad code")
            .form("grant_type", "authorization_code")
            .form("code", "no-such-code")
            .form("redirect_uri", REDIRECT)
            .form("client_id", "{{client_id}}")
            .form("client_secret", "{{client_secret}}"),
        token_form("wrong secret")
            .form("grant_type", "authorization_code")
            .form("code", "no-such-code")
            .form("redirect_uri", REDIRECT)
            .form("client_id", "{{client_id}}")
            .form("client_secret", "wrong-{{run}}"),
        token_form("unknown client")
            .form("grant_type", "authorization_code")
            .form("code", "no-such-code")
            .form("client_id", "no-such-{{run}}")
            .form("client_secret", "wrong-{{run}}"),
        token_form("without grant type")
            .form("client_id", "{{client_id}}")
            .form("client_secret", "{{client_secret}}"),
        token_form("unsupported grant type")
            .form("grant_type", "telepathy")
            .form("client_id", "{{client_id}}")
            .form("client_secret", "{{client_secret}}"),
        token_form("bad refresh token")
            .form("grant_type", "refresh_token")
            .form("refresh_token", "no-such-token")
            .form("client_id", "{{client_id}}")
            .form("client_secret", "{{client_secret}}"),
        token_form("without code")
            .form("grant_type", "authorization_code")
            .form("redirect_uri", REDIRECT)
            .form("client_id", "{{client_id}}")
            .form("client_secret", "{{client_secret}}"),
    ] {
        step.json = None;
        steps.push(step);
    }
    steps.push(get(Anonymous, "token: GET", token));
    steps
}

fn cleanup() -> Vec<Exchange> {
    vec![
        delete(Admin, "binding: delete", "/api/v3/policies/bindings/{{binding}}/"),
        get(
            Admin,
            "binding: read after delete",
            "/api/v3/policies/bindings/{{binding}}/",
        ),
        delete(Admin, "group: delete", GROUP),
        get(Admin, "group: read after delete", GROUP),
        delete(Admin, "application: delete", APPLICATION),
        get(Admin, "application: read after delete", APPLICATION),
        get(Admin, "provider: read after its application is gone", PROVIDER),
        delete(Admin, "provider: delete", PROVIDER),
        get(Admin, "provider: read after delete", PROVIDER),
        delete(Admin, "provider: delete again", PROVIDER),
        get(
            Anonymous,
            "oidc: discovery after delete",
            "/application/o/conf-{{run}}/.well-known/openid-configuration",
        ),
    ]
}
