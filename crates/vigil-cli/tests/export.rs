//! End-to-end tests of `vigil export`: reports ingested through the real pipeline come out in
//! every format, with their sources and sentences, filtered like `vigil events`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vigil() -> Command {
    let mut cmd = Command::cargo_bin("vigil").expect("vigil binary is built for tests");
    cmd.env_remove("VIGIL_DB");
    cmd
}

/// Invented reports: two outlets on one market bombing, one on a clash elsewhere.
const REPORTS: [&str; 3] = [
    r#"{"id": "m-1", "url": "https://first.example/market-blast", "title": "Bomb kills eight at Maiduguri market", "published": "2024-05-06", "text": "A suicide bomber killed eight people at a market in Maiduguri on Sunday, police said. Boko Haram was blamed for the attack."}"#,
    r#"{"id": "m-2", "url": "https://second.example/maiduguri", "title": "Maiduguri market bombing", "published": "2024-05-06", "text": "Eight people were killed when a suicide bomber struck a busy market in Maiduguri on Sunday, officials said."}"#,
    r#"{"id": "k-1", "url": "https://third.example/kunduz", "title": "Clash in Kunduz", "published": "2024-05-08", "text": "Taliban fighters clashed with gunmen in Kunduz on Tuesday, killing two, a local official said."}"#,
];

fn ingested(dir: &Path) -> PathBuf {
    let input = dir.join("reports.jsonl");
    std::fs::write(&input, REPORTS.join("\n")).expect("write input");
    let db = dir.join("vigil.db");
    vigil()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&input)
        .assert()
        .success();
    db
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("vigil runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn every_format_exports_the_stored_events() {
    if !repo_root().join("data/gazetteer/names.fst").exists() {
        eprintln!("skipped: no gazetteer built (scripts/gazetteer)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = ingested(dir.path());
    let listed: Vec<serde_json::Value> =
        stdout(vigil().args(["events", "--json", "--db"]).arg(&db))
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
    assert!(!listed.is_empty(), "the reports give events");

    // JSON lines: the same events `vigil events --json` lists, plus their sentences.
    let jsonl = stdout(
        vigil()
            .args(["export", "--format", "jsonl", "--db"])
            .arg(&db),
    );
    let exported: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(exported.len(), listed.len());
    for (mut e, l) in exported.into_iter().zip(&listed) {
        let sentences = e
            .as_object_mut()
            .and_then(|o| o.remove("evidence_text"))
            .expect("evidence_text");
        assert!(!sentences.as_array().expect("a list").is_empty(), "{e}");
        assert_eq!(&e, l);
    }

    // CSV to a file: one row per event, the bombing with both outlets and its sentences.
    let csv_path = dir.path().join("events.csv");
    vigil()
        .args(["export", "-f", "csv", "-o"])
        .arg(&csv_path)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(&csv_path).expect("CSV file");
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), listed.len());
    let bombing = rows
        .iter()
        .find(|r| r[column("sources")].contains("first.example"))
        .expect("the bombing is exported");
    assert!(bombing[column("sources")].contains("https://second.example/maiduguri"));
    assert!(bombing[column("evidence")].contains("suicide bomber"));
    assert_eq!(&bombing[column("country")], "Nigeria");

    // The other formats are whole documents with one item per event.
    for (format, key) in [("geojson", "features"), ("misp", "response")] {
        let doc: serde_json::Value = serde_json::from_str(&stdout(
            vigil().args(["export", "-f", format, "--db"]).arg(&db),
        ))
        .expect("one JSON document");
        assert_eq!(
            doc[key].as_array().map(Vec::len),
            Some(listed.len()),
            "{format}"
        );
    }
    let stix: serde_json::Value = serde_json::from_str(&stdout(
        vigil().args(["export", "-f", "stix", "--db"]).arg(&db),
    ))
    .expect("one JSON bundle");
    let events = stix["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["type"] == "x-vigil-event")
        .count();
    assert_eq!(events, listed.len());

    // The filters of `vigil events` select what is exported.
    let nigeria = stdout(
        vigil()
            .args(["export", "-f", "jsonl", "--country", "ng", "--db"])
            .arg(&db),
    );
    let expected = listed
        .iter()
        .filter(|e| e["where"]["place"]["country_code"] == "NG")
        .count();
    assert_eq!(nigeria.lines().count(), expected);
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    vigil()
        .args(["export", "--format", "xlsx", "--db", "nowhere.db"])
        .assert()
        .code(2);
}

/// An analyst's correction, made through the store as the server makes it, is what every
/// export says: the corrected toll, the verdict and the name of the corrected field.
#[test]
fn analyst_corrections_reach_every_export() {
    use vigil_store::{Correction, EventFilter, SqliteStore, Store};
    let dir = tempfile::tempdir().expect("temp dir");
    let db = ingested(dir.path());
    {
        let store = SqliteStore::open(&db).expect("open store");
        let filter = EventFilter {
            country: Some("NG".to_owned()),
            ..EventFilter::default()
        };
        let events = store.events(&filter).expect("events");
        assert_eq!(events.len(), 1, "{events:#?}");
        let id = &events[0].id;
        for correction in [
            Correction::Killed(Some(vigil_core::Range::exact(9))),
            Correction::State(vigil_core::ReviewState::Accepted),
        ] {
            store
                .review(id, "analyst@example", &correction)
                .expect("review")
                .expect("the event is there");
        }
    }
    let export = |format: &str| {
        stdout(
            vigil()
                .args(["export", "--format", format, "--country", "NG", "--db"])
                .arg(&db),
        )
    };
    let jsonl: serde_json::Value =
        serde_json::from_str(export("jsonl").lines().next().expect("one line")).expect("json");
    assert_eq!(jsonl["killed"]["min"], 9, "{jsonl:#}");
    assert_eq!(jsonl["review"]["state"], "accepted", "{jsonl:#}");

    let geojson: serde_json::Value = serde_json::from_str(&export("geojson")).expect("json");
    let properties = &geojson["features"][0]["properties"];
    assert_eq!(properties["killed_min"].to_string().trim_matches('"'), "9");
    assert_eq!(properties["review_state"], "accepted");
    assert!(properties["corrected"].to_string().contains("killed"));

    let csv = export("csv");
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().expect("header").split(',').collect();
    let row = rows.next().expect("one row");
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    // The evidence column quotes commas, so read the row with the same quoting rules.
    let fields: Vec<String> = csv_fields(row);
    assert_eq!(fields[column("fatalities")], "9", "{row}");
    assert_eq!(fields[column("review_state")], "accepted", "{row}");
    assert!(fields[column("corrected")].contains("killed"), "{row}");
}

/// Splits one CSV line by RFC 4180 quoting (no line breaks inside fields in these tests).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}
