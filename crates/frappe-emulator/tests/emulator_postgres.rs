//! A site on PostgreSQL (`EmulatorConfig::database`): the answers a v15.55.1 PostgreSQL site
//! gave where the database's own words reach the client (`frappe/database/database.py`
//! `Database.sql` logs them as "Error in query"), and that a MariaDB site answers otherwise.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Database, EmulatorConfig, FrappeVersion};
use serde_json::{json, Value};
use support::{server_messages, Site};

async fn site(database: Database) -> Site {
    Site::start_with(EmulatorConfig {
        version: FrappeVersion::V15,
        database,
        ..EmulatorConfig::default()
    })
    .await
}

fn debug_messages(body: &Value) -> Vec<String> {
    serde_json::from_str(body["_debug_messages"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn a_taken_name_is_refused_with_the_primary_key_constraint() {
    // `frappe/model/base_document.py` `db_insert`, `is_primary_key_violation`.
    let pg = site(Database::Postgres).await;
    assert_eq!(pg.create("Role", &json!({"role_name": "Auditor"})).await.status, 200);
    let refused = pg.create("Role", &json!({"role_name": "Auditor"})).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(
        refused.body["exception"],
        "frappe.exceptions.DuplicateEntryError: ('Role', 'Auditor', UniqueViolation('duplicate key value violates unique constraint \"tabRole_pkey\"\\nDETAIL:  Key (name)=(Auditor) already exists.\\n'))"
    );
    assert_eq!(
        debug_messages(&refused.body),
        ["Error in query:\nduplicate key value violates unique constraint \"tabRole_pkey\"\nDETAIL:  Key (name)=(Auditor) already exists.\n"]
    );
    assert_eq!(server_messages(&refused.body)[0]["title"], "Duplicate Name");

    let mariadb = site(Database::MariaDb).await;
    mariadb.create("Role", &json!({"role_name": "Auditor"})).await;
    let refused = mariadb.create("Role", &json!({"role_name": "Auditor"})).await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.get("_debug_messages").is_none(), "{}", refused.text);
    assert!(refused.body["exception"]
        .as_str()
        .unwrap()
        .contains("IntegrityError(1062"));
}

#[tokio::test]
async fn a_date_naming_no_day_is_refused_by_postgresql_with_the_statement_line() {
    let pg = site(Database::Postgres).await;
    let todo = pg
        .create("ToDo", &json!({"description": "x", "priority": "High"}))
        .await;
    let name = todo.data()["name"].as_str().unwrap().to_string();
    let stored_date = todo.data()["date"].clone();
    let refused = pg.put("ToDo", &name, &json!({"date": "2030-13-45"})).await;
    assert_eq!(refused.status, 500, "{}", refused.text);
    assert_eq!(refused.body["exc_type"], "DatetimeFieldOverflow");
    assert_eq!(refused.body["exception"], "");
    assert_eq!(
        debug_messages(&refused.body),
        ["Error in query:\ndate/time field value out of range: \"2030-13-45\"\nLINE 2: ...\"='Open', \"priority\"='High', \"color\"=NULL, \"date\"='2030-13-4...\n                                                             ^\nHINT:  Perhaps you need a different \"datestyle\" setting.\n"]
    );
    // Nothing was written.
    assert_eq!(pg.get("ToDo", &name).await.data()["date"], stored_date);
}

#[tokio::test]
async fn is_set_on_a_date_column_is_refused_by_postgresql_only() {
    let query = "?filters=%5B%5B%22description%22%2C%22like%22%2C%22Conf%20abcdef%25%22%5D%2C%5B%22date%22%2C%22is%22%2C%22set%22%5D%5D";
    let pg = site(Database::Postgres).await;
    let refused = pg.list("ToDo", query).await;
    assert_eq!(refused.status, 500, "{}", refused.text);
    assert_eq!(refused.body["exc_type"], "InvalidDatetimeFormat");
    assert_eq!(
        debug_messages(&refused.body),
        ["Error in query:\ninvalid input syntax for type date: \"\"\nLINE 3: ...escription\" ilike 'Conf abcdef%%' and \"tabToDo\".\"date\" != ''\n                                                                     ^\n"]
    );
    // A Check column: smallint (checked on the site with `enabled is set` on User).
    let refused = pg
        .list("User", "?filters=%5B%5B%22enabled%22%2C%22is%22%2C%22set%22%5D%5D")
        .await;
    assert_eq!(refused.body["exc_type"], "InvalidTextRepresentation");
    assert_eq!(
        debug_messages(&refused.body),
        ["Error in query:\ninvalid input syntax for type smallint: \"\"\nLINE 3:    where \"tabUser\".\"enabled\" != ''\n                                        ^\n"]
    );
    // A text column takes `''`.
    assert_eq!(
        pg.list("ToDo", "?filters=%5B%5B%22description%22%2C%22is%22%2C%22set%22%5D%5D")
            .await
            .status,
        200
    );

    let mariadb = site(Database::MariaDb).await;
    assert_eq!(mariadb.list("ToDo", query).await.status, 200);
}

#[tokio::test]
async fn the_list_of_a_single_names_the_driver() {
    let pg = site(Database::Postgres).await;
    let refused = pg.list("System Settings", "").await;
    assert_eq!(refused.status, 500);
    assert_eq!(
        refused.body["exception"],
        "psycopg2.ProgrammingError: ('DocType', 'System Settings')"
    );
}
