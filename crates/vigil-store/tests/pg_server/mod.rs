//! The PostgreSQL test server, for the store's tests and the command's (which include this file
//! by path): its URL from `VIGIL_TEST_POSTGRES`, and fresh databases on it.

#![allow(dead_code)] // each test binary uses the part it needs

use postgres::{Client, NoTls};

/// The test server's URL (a database whose user may create databases), or `None`, with the
/// reason printed, where tests may be skipped. Under CI (`CI=true`) a missing server fails.
pub fn server() -> Option<String> {
    match std::env::var("VIGIL_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("VIGIL_TEST_POSTGRES is not set under CI: scripts/test starts the server")
        }
        _ => {
            eprintln!("skipped: VIGIL_TEST_POSTGRES is not set (scripts/postgres-test-server)");
            None
        }
    }
}

/// A new, empty database `name` on the server (replacing one of that name), made from
/// `vigil_template` when the server has one (PostGIS already installed there); its URL.
pub fn create_database(admin_url: &str, name: &str) -> String {
    let mut admin = Client::connect(admin_url, NoTls).expect("connect to the test server");
    let has_template = admin
        .query_opt(
            "SELECT 1 FROM pg_database WHERE datname = 'vigil_template'",
            &[],
        )
        .expect("list databases")
        .is_some();
    let template = if has_template {
        " TEMPLATE vigil_template"
    } else {
        ""
    };
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .expect("drop an old test database");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}{template}"))
        .expect("create database");
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url, |(base, _)| base);
    format!("{base}/{name}")
}

/// Drops database `name`, best effort (a test's clean-up).
pub fn drop_database(admin_url: &str, name: &str) {
    if let Ok(mut admin) = Client::connect(admin_url, NoTls) {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}
