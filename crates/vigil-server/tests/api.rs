//! The API on a store ingested from short reports written for these tests: filters, paging,
//! evidence, errors, headers, and every answer checked against the OpenAPI document.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vigil_core::{Document, DocumentId, MediaType, Published};
use vigil_store::{PostgresStore, SqliteStore, Store};

#[path = "../../vigil-store/tests/pg_server/mod.rs"]
mod pg_server;

const REPORTS: &[(&str, &str)] = &[
    (
        "2024-05-06",
        "Gunmen kill seven on bus near Garissa\n\nAl-Shabaab gunmen attacked a bus near Garissa \
         on Sunday, killing seven passengers, police said.\n\nThe attackers escaped towards the \
         Somali border, the county commissioner said.",
    ),
    (
        "2024-06-02",
        "Protesters march in Nairobi\n\nThousands of protesters marched in Nairobi on Saturday \
         against new taxes, organisers said. No one was hurt.",
    ),
    (
        "2024-07-13",
        "Shelling hits Kharkiv\n\nRussian forces shelled Kharkiv on Friday, killing two \
         civilians and wounding five, the regional governor said.",
    ),
];

const TOKEN: &str = "test-token-0123456789";

struct Fixture {
    _dir: tempfile::TempDir,
    /// A SQLite file, or a PostgreSQL URL.
    db: std::path::PathBuf,
    pipeline: vigil_pipeline::Pipeline,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("api.db");
        Fixture::on(dir, db)
    }

    /// The fixture on a fresh PostgreSQL database `name` of the test server, if there is one.
    fn postgres(name: &str) -> Option<Fixture> {
        let admin = pg_server::server()?;
        let url = pg_server::create_database(&admin, name);
        Some(Fixture::on(tempfile::tempdir().unwrap(), url.into()))
    }

    fn on(dir: tempfile::TempDir, db: std::path::PathBuf) -> Fixture {
        let pipeline = vigil_pipeline::Pipeline::new(&vigil_pipeline::Options::new(
            vigil_pipeline::Depth::Full,
        ))
        .unwrap();
        let fixture = Fixture {
            _dir: dir,
            db,
            pipeline,
        };
        for (i, (date, text)) in REPORTS.iter().enumerate() {
            fixture.ingest(i, date, text);
        }
        fixture
    }

    fn ingest(&self, i: usize, date: &str, text: &str) {
        let store: Box<dyn Store> = match self.db.to_str().filter(|d| PostgresStore::is_url(d)) {
            Some(url) => Box::new(PostgresStore::open(url).unwrap()),
            None => Box::new(SqliteStore::open(&self.db).unwrap()),
        };
        let doc = Document {
            id: DocumentId::of_bytes(text.as_bytes()),
            uri: format!("report-{i}.txt"),
            url: Some(format!("https://news.example/report-{i}")),
            media_type: MediaType::Text,
            content: text.to_owned(),
            encoding: "UTF-8".to_owned(),
            published_hint: Some(date.to_owned()),
            title_hint: None,
            source_id: None,
        };
        let mut record = self.pipeline.process(&doc);
        if record.article.published.is_none() {
            record.article.published = Some(Published {
                value: date.to_owned(),
                precision: vigil_core::DatePrecision::Day,
                source: vigil_core::DateSource::User,
            });
        }
        let _ = store.put(&record).unwrap();
    }

    fn app(&self) -> vigil_server::App {
        let config = vigil_server::ServeConfig {
            db: self.db.clone(),
            rate_limit: std::num::NonZeroU32::new(10_000).unwrap(),
            reload_every: std::time::Duration::from_secs(60),
            actors: vigil_nlp::Nlp::new().actors().clone(),
            token: Some(TOKEN.to_owned()),
            places: vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default())
                .ok()
                .map(std::sync::Arc::new),
        };
        vigil_server::App::open(&config).unwrap()
    }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

async fn get(app: &vigil_server::App, uri: &str) -> Reply {
    let (status, headers, bytes) = get_bytes(app, uri).await;
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

async fn get_bytes(
    app: &vigil_server::App,
    uri: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app
        .router()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

/// Checks a body against a schema of the OpenAPI document's components.
fn conforms(schema: &str, body: &Value) {
    let errors = violations(schema, body);
    assert!(errors.is_empty(), "{schema}: {errors:#?}\n{body:#}");
}

fn violations(schema: &str, body: &Value) -> Vec<String> {
    let doc: Value = serde_json::from_str(vigil_server::OPENAPI).unwrap();
    let root = serde_json::json!({
        "$ref": format!("#/components/schemas/{schema}"),
        "components": doc["components"],
    });
    let validator = jsonschema::validator_for(&root).unwrap();
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn ids(reply: &Reply) -> Vec<String> {
    reply.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_answer_matches_the_openapi_document() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let events = get(&app, "/api/events?limit=2").await;
    assert_eq!(events.status, StatusCode::OK);
    conforms("EventPage", &events.body);
    let mut broken = events.body.clone();
    broken["events"][0]["killed"] = Value::String("many".into());
    assert_eq!(
        violations("EventPage", &broken).len(),
        1,
        "the check can fail"
    );
    let id = ids(&events)[0].clone();

    let detail = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    conforms("EventDetail", &detail.body);

    let doc = detail.body["event"]["sources"][0]["document_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let article = get(&app, &format!("/api/articles/{doc}")).await;
    conforms("Article", &article.body);
    assert!(article.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == &Value::String(id.clone())));

    let search = get(&app, "/api/search?q=garissa").await;
    conforms("SearchResult", &search.body);
    let snippet = &search.body["hits"][0]["snippet"];
    assert!(snippet.as_array().unwrap().iter().any(|p| p["hit"] == true));

    conforms("ActorList", &get(&app, "/api/actors").await.body);
    let garissa = ids(&get(&app, "/api/events?q=garissa").await)[0].clone();
    let places = get(&app, &format!("/api/events/{garissa}/places")).await;
    conforms("PlaceCandidates", &places.body);
    let candidates = places.body["candidates"].as_array().unwrap();
    assert!(candidates
        .iter()
        .any(|c| c["current"] == true && c["country_code"] == "KE"));
    conforms("Stats", &get(&app, "/api/stats?bucket=week").await.body);
    let geo = get(&app, "/api/events.geojson").await;
    assert_eq!(geo.headers["content-type"], "application/geo+json");
    conforms("FeatureCollection", &geo.body);
    let error = get(&app, "/api/events?since=yesterday").await;
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    conforms("Error", &error.body);

    // Every path the document names is served.
    let doc: Value = get(&app, "/api/openapi.json").await.body;
    for (path, methods) in doc["paths"].as_object().unwrap() {
        if methods.get("get").is_none() {
            continue;
        }
        let uri = match path.as_str() {
            "/api/articles/{id}" => format!("/api/articles/{}", doc_id(&detail)),
            "/api/search" => "/api/search?q=bus".to_owned(),
            "/api/export" => "/api/export?format=jsonl".to_owned(),
            other => other.replace("{id}", &id),
        };
        assert_eq!(get(&app, &uri).await.status, StatusCode::OK, "{uri}");
    }
}

fn doc_id(detail: &Reply) -> String {
    detail.body["event"]["sources"][0]["document_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn filters_select_the_events_they_name() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let all = get(&app, "/api/events").await;
    let total = all.body["total"].as_u64().unwrap();
    assert!(total >= 3, "{:#}", all.body);

    // An alias of al-Shabaab that the text never uses.
    let by_alias = get(
        &app,
        "/api/events?actor=Harakat%20al-Shabaab%20al-Mujahideen",
    )
    .await;
    let events = by_alias.body["events"].as_array().unwrap();
    assert!(!events.is_empty());
    for e in events {
        assert!(e["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "actor:al-shabaab"));
    }

    let dated = get(&app, "/api/events?since=2024-07-01&until=2024-07-31").await;
    for e in dated.body["events"].as_array().unwrap() {
        assert!(
            e["when"]["start"].as_str().unwrap().starts_with("2024-07"),
            "{e}"
        );
    }
    assert!(dated.body["total"].as_u64().unwrap() >= 1);

    let protests = get(&app, "/api/events?kind=protest").await;
    assert!(protests.body["total"].as_u64().unwrap() >= 1);
    for e in protests.body["events"].as_array().unwrap() {
        assert_eq!(e["kind"], "protest");
    }

    let deadly = get(&app, "/api/events?min_killed=5").await;
    for e in deadly.body["events"].as_array().unwrap() {
        assert!(e["killed"]["min"].as_u64().unwrap() >= 5);
    }
    assert!(deadly.body["total"].as_u64().unwrap() >= 1);

    // Kenya, roughly: Garissa and Nairobi inside, Kharkiv outside.
    let kenya = get(&app, "/api/events?bbox=33.9,-4.7,41.9,5.0").await;
    for e in kenya.body["events"].as_array().unwrap() {
        assert_eq!(e["where"]["country_code"], "KE", "{e}");
    }
    assert!(kenya.body["total"].as_u64().unwrap() >= 2);
    let ua = get(&app, "/api/events?country=ua").await;
    assert!(ua.body["total"].as_u64().unwrap() >= 1);
    for e in ua.body["events"].as_array().unwrap() {
        assert_eq!(e["where"]["country_code"], "UA");
    }

    let text = get(&app, "/api/events?q=kharkiv").await;
    assert!(text.body["total"].as_u64().unwrap() >= 1);
    assert_eq!(get(&app, "/api/events?q=zanzibar").await.body["total"], 0);

    let by_killed = get(&app, "/api/events?sort=-killed").await;
    let killed: Vec<u64> = by_killed.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["killed"]["min"].as_u64().unwrap_or(0))
        .collect();
    assert!(killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");
}

#[tokio::test]
async fn cursor_pages_cover_every_event_once() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let total = get(&app, "/api/events").await.body["total"]
        .as_u64()
        .unwrap() as usize;
    let mut seen = Vec::new();
    let mut uri = "/api/events?limit=1&sort=kind".to_owned();
    loop {
        let page = get(&app, &uri).await;
        seen.extend(ids(&page));
        match page.body["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/events?limit=1&sort=kind&cursor={c}"),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (total, total));
}

#[tokio::test]
async fn evidence_gives_the_exact_words_of_each_field() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let page = get(&app, "/api/events?q=garissa").await;
    let id = ids(&page)[0].clone();
    let detail = get(&app, &format!("/api/events/{id}")).await;
    let evidence = detail.body["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    let sentence = evidence[0]["sentence"].as_str().unwrap();
    assert!(
        sentence.starts_with("Al-Shabaab gunmen attacked a bus"),
        "{sentence}"
    );
    let mut fields = Vec::new();
    for f in evidence[0]["fields"].as_array().unwrap() {
        let (start, end) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&sentence[start..end], f["text"].as_str().unwrap());
        fields.push(f["field"].as_str().unwrap().to_owned());
    }
    assert!(fields.iter().any(|f| f == "killed"), "{fields:?}");
    assert!(fields.iter().any(|f| f == "where"), "{fields:?}");
}

#[tokio::test]
async fn errors_are_json_with_a_fitting_status() {
    let fixture = Fixture::new();
    let app = fixture.app();
    for (uri, status) in [
        ("/api/events/ev-0000000000000000", StatusCode::NOT_FOUND),
        ("/api/articles/00ff", StatusCode::NOT_FOUND),
        ("/api/articles/not-hex", StatusCode::BAD_REQUEST),
        ("/api/nothing-here", StatusCode::NOT_FOUND),
        ("/api/events?colour=red", StatusCode::BAD_REQUEST),
        ("/api/events?limit=100000", StatusCode::BAD_REQUEST),
        ("/api/events?bbox=1,2", StatusCode::BAD_REQUEST),
        ("/api/events?cursor=ev-gone", StatusCode::BAD_REQUEST),
        ("/api/stats?bucket=year", StatusCode::BAD_REQUEST),
        ("/api/search", StatusCode::BAD_REQUEST),
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert_eq!(reply.body["error"]["status"], status.as_u16(), "{uri}");
        assert!(reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn pages_and_answers_carry_a_strict_security_policy() {
    let fixture = Fixture::new();
    let app = fixture.app();
    for uri in ["/", "/event/ev-1", "/api/events"] {
        let reply = get(&app, uri).await;
        let csp = reply.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    }
    let index = app
        .router()
        .oneshot(Request::get("/event/ev-1").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(index.headers()["content-type"], "text/html");
    let html = index.into_body().collect().await.unwrap().to_bytes();
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("<script type=\"module\" src=\"/app.js\">"));
    // No inline script: every <script> element has a src.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script type=\"module\" src=").count()
    );
}

#[tokio::test]
async fn a_new_document_shows_after_refresh() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let before = get(&app, "/api/events").await.body["total"]
        .as_u64()
        .unwrap();
    assert!(!app.refresh().unwrap(), "nothing changed yet");
    fixture.ingest(
        9,
        "2024-08-01",
        "Clashes in Mogadishu\n\nSoldiers clashed with al-Shabaab fighters in Mogadishu on \
         Wednesday, killing four, witnesses said.",
    );
    assert!(app.refresh().unwrap());
    let after = get(&app, "/api/events").await.body["total"]
        .as_u64()
        .unwrap();
    assert!(after > before, "{before} → {after}");
}

#[tokio::test]
async fn one_event_told_by_two_outlets_has_both_as_sources() {
    let fixture = Fixture::new();
    fixture.ingest(
        8,
        "2024-05-06",
        "Seven killed in Garissa bus attack\n\nSeven passengers were killed when al-Shabaab \
         gunmen attacked a bus near Garissa on Sunday, a police commander said.",
    );
    let app = fixture.app();
    let page = get(&app, "/api/events?q=garissa").await;
    let merged: Vec<&Value> = page.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["sources"] == 2)
        .collect();
    assert_eq!(merged.len(), 1, "{:#}", page.body);
    let id = merged[0]["id"].as_str().unwrap();
    let detail = get(&app, &format!("/api/events/{id}")).await;
    conforms("EventDetail", &detail.body);
    let documents: std::collections::BTreeSet<&str> = detail.body["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["document_id"].as_str().unwrap())
        .collect();
    assert_eq!(documents.len(), 2, "evidence from both articles");
}

async fn post(app: &vigil_server::App, uri: &str, token: Option<&str>, body: Value) -> Reply {
    let mut request = Request::post(uri).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = app
        .router()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

#[tokio::test]
async fn a_correction_needs_the_token_is_kept_with_its_history_and_survives_re_merge() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let garissa = ids(&get(&app, "/api/events?q=garissa").await)[0].clone();
    let uri = format!("/api/events/{garissa}/review");
    let body = serde_json::json!({
        "who": "analyst-1",
        "changes": [
            { "field": "killed", "value": { "min": 8, "max": 8 } },
            { "field": "state", "value": "accepted" }
        ]
    });
    assert_eq!(
        post(&app, &uri, None, body.clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&app, &uri, Some("wrong-token-0123456789"), body.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let bad = serde_json::json!({ "who": "a", "changes": [{ "field": "colour", "value": 1 }] });
    assert_eq!(
        post(&app, &uri, Some(TOKEN), bad).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let feed = get(&app, "/api/changes").await;
    conforms("Changes", &feed.body);
    let cursor = feed.body["next"].as_str().unwrap().to_owned();

    let reviewed = post(&app, &uri, Some(TOKEN), body).await;
    assert_eq!(reviewed.status, StatusCode::OK, "{:#}", reviewed.body);
    conforms("EventDetail", &reviewed.body);
    assert_eq!(reviewed.body["event"]["killed"]["min"], 8);
    assert_eq!(reviewed.body["event"]["review"]["state"], "accepted");
    let history = reviewed.body["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["who"], "analyst-1");
    assert_eq!(history[0]["field"], "killed");
    assert_eq!(history[0]["before"]["min"], 7);
    assert_eq!(history[0]["after"]["min"], 8);

    // The listing and the change feed show it.
    let page = get(&app, "/api/events?q=garissa&review=accepted").await;
    assert_eq!(ids(&page), vec![garissa.clone()]);
    let feed = get(&app, &format!("/api/changes?since={cursor}")).await;
    let changed: Vec<(&str, &str)> = feed.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["event_id"].as_str().unwrap(),
                c["change"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(changed, vec![(garissa.as_str(), "updated")]);
    let cursor = feed.body["next"].as_str().unwrap().to_owned();

    // Another outlet's report of the same attack re-merges the event; the correction stays.
    fixture.ingest(
        8,
        "2024-05-06",
        "Seven killed in Garissa bus attack\n\nSeven passengers were killed when al-Shabaab \
         gunmen attacked a bus near Garissa on Sunday, a police commander said.",
    );
    assert!(app.refresh().unwrap());
    let after = get(&app, "/api/events?q=garissa&review=accepted").await;
    let events = after.body["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{:#}", after.body);
    assert_eq!(events[0]["sources"], 2);
    assert_eq!(events[0]["killed"]["min"], 8);
    let id = events[0]["id"].as_str().unwrap();
    let detail = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(detail.body["history"].as_array().unwrap().len(), 2);
    let feed = get(&app, &format!("/api/changes?since={cursor}")).await;
    assert!(!feed.body["changes"].as_array().unwrap().is_empty());
    conforms("Changes", &feed.body);
}

#[tokio::test]
async fn without_a_token_the_server_is_read_only() {
    let fixture = Fixture::new();
    let config = vigil_server::ServeConfig {
        db: fixture.db.clone(),
        rate_limit: std::num::NonZeroU32::new(100).unwrap(),
        reload_every: std::time::Duration::from_secs(60),
        actors: vigil_nlp::Gazetteer::default(),
        token: None,
        places: None,
    };
    let app = vigil_server::App::open(&config).unwrap();
    let id = ids(&get(&app, "/api/events").await)[0].clone();
    let body =
        serde_json::json!({ "who": "a", "changes": [{ "field": "state", "value": "rejected" }] });
    let reply = post(&app, &format!("/api/events/{id}/review"), Some(TOKEN), body).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // With the token, a body over the size limit is refused as such.
    let app = fixture.app();
    let big = serde_json::json!({ "who": "x".repeat(100_000), "changes": [] });
    let reply = post(&app, &format!("/api/events/{id}/review"), Some(TOKEN), big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    conforms("Error", &reply.body);
}

#[tokio::test]
async fn a_client_over_its_rate_is_told_to_slow_down() {
    let fixture = Fixture::new();
    let config = vigil_server::ServeConfig {
        db: fixture.db.clone(),
        rate_limit: std::num::NonZeroU32::new(1).unwrap(),
        reload_every: std::time::Duration::from_secs(60),
        actors: vigil_nlp::Gazetteer::default(),
        token: None,
        places: None,
    };
    let app = vigil_server::App::open(&config).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        statuses.push(get(&app, "/api/stats").await.status);
    }
    // A burst of two, then refused until the next second.
    assert_eq!(statuses, vec![StatusCode::OK, StatusCode::OK]);
    let refused = get(&app, "/api/stats").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    conforms("Error", &refused.body);
}

/// `GET /api/export` streams the files `vigil export` writes, filtered like `/api/events`.
#[tokio::test]
async fn export_streams_the_filtered_events_in_each_format() {
    let fixture = Fixture::new();
    let app = fixture.app();
    let fetch = |uri: &'static str| {
        let app = &app;
        async move {
            let (status, headers, bytes) = get_bytes(app, uri).await;
            (status, headers, String::from_utf8(bytes).unwrap())
        }
    };
    let (status, headers, csv) = fetch("/api/export?format=csv&country=KE").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("vigil-events.csv"));
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("event_id_cnty,"));
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty(), "{csv}");
    // Kenya's two events (the Garissa attack, the Nairobi protest), not Ukraine's.
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows.iter().any(|r| r.contains("Garissa")), "{csv}");
    assert!(rows.iter().all(|r| r.contains(",KE,")), "{csv}");

    let (_, _, geojson) = fetch("/api/export?format=geojson&country=UA").await;
    let geojson: Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    assert_eq!(features[0]["properties"]["country_code"], "UA");

    let (_, _, jsonl) = fetch("/api/export?format=jsonl").await;
    let all = get(&app, "/api/events?limit=500").await.body["total"]
        .as_u64()
        .unwrap();
    assert_eq!(jsonl.lines().count() as u64, all);

    let (status, _, error) = fetch("/api/export?format=xlsx").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    conforms("Error", &serde_json::from_str(&error).unwrap());
}

/// Runs `f` on a thread of its own, outside the test's runtime: the blocking PostgreSQL client
/// may not run inside one (the server itself calls the store on its blocking pool).
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("store thread"))
}

/// Merges two events and splits them again through the API, with the token, and checks that
/// both hold through a re-ingest; on either backend.
async fn merge_and_split(fixture: &Fixture) {
    let app = off_runtime(|| fixture.app());
    let garissa = ids(&get(&app, "/api/events?q=garissa").await)[0].clone();
    let kharkiv = ids(&get(&app, "/api/events?q=kharkiv").await)[0].clone();
    let garissa_docs: Vec<Value> = get(&app, &format!("/api/events/{garissa}")).await.body["event"]
        ["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["document_id"].clone())
        .collect();
    let cursor = get(&app, "/api/changes").await.body["next"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = serde_json::json!({
        "who": "analyst-2",
        "events": [kharkiv.clone(), garissa.clone()],
        "keep": garissa.clone(),
    });
    let merge = "/api/events/merge";
    assert_eq!(
        post(&app, merge, None, body.clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    let one = serde_json::json!({ "who": "a", "events": [garissa.clone()] });
    let refused = post(&app, merge, Some(TOKEN), one).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:#}",
        refused.body
    );
    conforms("Error", &refused.body);

    let merged = post(&app, merge, Some(TOKEN), body).await;
    assert_eq!(merged.status, StatusCode::OK, "{:#}", merged.body);
    conforms("EventDetail", &merged.body);
    assert_eq!(merged.body["event"]["id"], garissa.as_str());
    assert_eq!(merged.body["event"]["sources"].as_array().unwrap().len(), 2);
    let history = merged.body["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["field"], "merge");
    assert_eq!(history.last().unwrap()["who"], "analyst-2");
    // The merged-away id answers with the event it went into, and says so.
    let old = get(&app, &format!("/api/events/{kharkiv}")).await;
    assert_eq!(old.status, StatusCode::OK);
    conforms("EventDetail", &old.body);
    assert_eq!(old.body["event"]["id"], garissa.as_str());
    assert_eq!(old.body["merged_from"], kharkiv.as_str());
    assert_eq!(
        old.headers["content-location"],
        format!("/api/events/{garissa}").as_str()
    );
    let feed = get(&app, &format!("/api/changes?since={cursor}")).await;
    conforms("Changes", &feed.body);
    assert!(
        feed.body["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["event_id"] == kharkiv.as_str()
                && c["change"] == "merged"
                && c["into"] == garissa.as_str()),
        "{:#}",
        feed.body
    );
    // An export after the merge has one event with both sources.
    let (_, _, export) = get_bytes(&app, "/api/export?format=jsonl").await;
    let lines: Vec<Value> = String::from_utf8(export)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let exported = lines
        .iter()
        .find(|e| e["id"] == garissa.as_str())
        .expect("the merged event is exported");
    assert_eq!(exported["sources"].as_array().unwrap().len(), 2);
    assert!(lines.iter().all(|e| e["id"] != kharkiv.as_str()));

    // Split the Kharkiv report off again.
    let source = merged.body["event"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| !garissa_docs.contains(&s["document_id"]))
        .expect("the Kharkiv report is a source")
        .clone();
    let body = serde_json::json!({
        "who": "analyst-2",
        "sources": [{ "document_id": source["document_id"], "index": source["index"] }],
    });
    let uri = format!("/api/events/{garissa}/split");
    assert_eq!(
        post(&app, &uri, None, body.clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    let split = post(&app, &uri, Some(TOKEN), body).await;
    assert_eq!(split.status, StatusCode::OK, "{:#}", split.body);
    conforms("SplitResult", &split.body);
    let events = split.body["events"].as_array().unwrap();
    assert_eq!(events[0]["id"], garissa.as_str());
    assert_eq!(events[0]["sources"].as_array().unwrap().len(), 1);
    assert_eq!(events[1]["sources"].as_array().unwrap().len(), 1);
    let all = serde_json::json!({
        "who": "analyst-2",
        "sources": [{ "document_id": source["document_id"], "index": source["index"] }],
    });
    let lone = post(
        &app,
        &format!("/api/events/{}/split", events[1]["id"].as_str().unwrap()),
        Some(TOKEN),
        all,
    )
    .await;
    assert_eq!(lone.status, StatusCode::BAD_REQUEST);

    // Another outlet's report of the Garissa attack: it joins Garissa, Kharkiv stays apart.
    off_runtime(|| {
        fixture.ingest(
            9,
            "2024-05-06",
            "Seven killed in Garissa bus attack\n\nSeven passengers were killed when al-Shabaab \
             gunmen attacked a bus near Garissa on Sunday, a police commander said.",
        );
        assert!(app.refresh().unwrap());
    });
    let detail = get(&app, &format!("/api/events/{garissa}")).await;
    let docs: Vec<&Value> = detail.body["event"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["document_id"])
        .collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(!docs.contains(&&source["document_id"]), "{docs:?}");
    let fields: Vec<&str> = detail.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["field"].as_str())
        .collect();
    assert_eq!(fields, ["merge", "split"]);
}

#[tokio::test]
async fn an_analyst_merges_and_splits_events_and_both_hold_through_re_ingest() {
    merge_and_split(&Fixture::new()).await;
}

#[tokio::test]
async fn the_server_reviews_a_postgres_database_as_it_does_sqlite() {
    let Some(fixture) = off_runtime(|| Fixture::postgres("vigil_server_api_review")) else {
        return;
    };
    merge_and_split(&fixture).await;
    let app = off_runtime(|| fixture.app());
    let garissa = ids(&get(&app, "/api/events?q=garissa").await)[0].clone();
    let body = serde_json::json!({
        "who": "analyst-3",
        "changes": [{ "field": "state", "value": "accepted" }]
    });
    let reviewed = post(
        &app,
        &format!("/api/events/{garissa}/review"),
        Some(TOKEN),
        body,
    )
    .await;
    assert_eq!(reviewed.status, StatusCode::OK, "{:#}", reviewed.body);
    assert_eq!(reviewed.body["event"]["review"]["state"], "accepted");
    let page = get(&app, "/api/events?review=accepted").await;
    assert_eq!(ids(&page), vec![garissa]);
    off_runtime(|| {
        if let Some(admin) = pg_server::server() {
            pg_server::drop_database(&admin, "vigil_server_api_review");
        }
    });
}
