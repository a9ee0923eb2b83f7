//! End-to-end tests of the `vigil` binary: the seed page, batches with bad input, the store.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed() -> PathBuf {
    repo_root().join("../shared/seed/voa-iskp-2022.txt")
}

fn vigil() -> Command {
    let mut cmd = Command::cargo_bin("vigil").expect("vigil binary is built for tests");
    cmd.env_remove("VIGIL_DB");
    cmd
}

/// Runs `cmd`, which must succeed, and parses each line it prints as JSON.
fn json_lines(cmd: &mut Command) -> Vec<serde_json::Value> {
    let out = cmd.output().expect("vigil runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn extract_json(path: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    json_lines(
        vigil()
            .arg("extract")
            .args(["--format", "jsonl"])
            .args(extra)
            .arg(path),
    )
}

#[test]
fn seed_page_is_cleaned() {
    let records = extract_json(&seed(), &["--published", "2022-12-14"]);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r["kind"], "article");
    assert_eq!(
        r["title"],
        "IS Recruits Multiethnic Fighters in Afghanistan, Threatening Regional Security, US Says"
    );
    let text = r["text"].as_str().expect("text is a string");
    for chrome in [
        "top of page",
        "Featured Review",
        "Tag Cloud",
        "bottom of page",
        "(c) 2022, VOA News",
    ] {
        assert!(!text.contains(chrome), "chrome {chrome:?} left in text");
    }
    let caption = r["caption"].as_str().expect("the photo caption is found");
    assert!(caption.contains("A Taliban fighter stands guard"));
    assert!(!text.contains("A Taliban fighter stands guard"));
    assert!(text.starts_with("Following this week's Islamic State attack"));
    assert!(text.contains("Smith said."));
    assert_eq!(r["published"]["value"], "2022-12-14");
    assert_eq!(r["published"]["source"], "user");
    let id = r["id"].as_str().expect("id");
    assert_eq!(id.len(), 32);
}

#[test]
fn seed_page_without_date_falls_back_to_copyright_year() {
    // No date by the headline. The caption's "April 21, 2022" dates a frame grab of an earlier
    // attack, not the page: the copyright line's year is what the page says of itself.
    let records = extract_json(&seed(), &[]);
    assert_eq!(records[0]["published"]["value"], "2022");
    assert_eq!(records[0]["published"]["precision"], "year");
    assert_eq!(records[0]["published"]["source"], "copyright");
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("empty.html"), b"").expect("write");
    std::fs::write(
        d.join("junk.bin"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .expect("write");
    let mut gz =
        flate2_bytes(b"<html><body><p>Truncated page that goes on and on.</p></body></html>");
    gz.truncate(gz.len() / 2);
    std::fs::write(d.join("truncated.html.gz"), gz).expect("write");
    std::fs::write(
        d.join("good.html"),
        "<html><head><title>Good page</title></head><body><article><h1>Good page</h1>\
         <p>Gunmen attacked a police station in the town on Tuesday, officials said, and two officers were wounded in the exchange of fire.</p>\
         <p>The attackers fled before reinforcements arrived, according to a statement from the regional police command.</p></article></body></html>",
    )
    .expect("write");
    let out = vigil()
        .arg("extract")
        .args(["--format", "jsonl"])
        .arg(d)
        .arg(d.join("missing.html"))
        .output()
        .expect("vigil runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "one good page means success: {stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"Good page\""), "{stdout}");
    for reason in ["empty", "truncated", "not_found"] {
        assert!(stderr.contains(reason), "{reason} not reported: {stderr}");
    }
    assert!(stderr.contains("1 ok"), "{stderr}");
}

#[test]
fn nothing_readable_is_a_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("empty.txt"), b"").expect("write");
    vigil()
        .arg("extract")
        .arg(dir.path().join("empty.txt"))
        .assert()
        .failure();
}

#[test]
fn ingest_is_idempotent_and_searchable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("v.db");
    let samples = repo_root().join("samples/pages");
    let first = vigil()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&samples)
        .output()
        .expect("vigil runs");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let again = vigil()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&samples)
        .output()
        .expect("vigil runs");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(
        stderr.contains("0 new"),
        "second ingest must change nothing: {stderr}"
    );
    let list = vigil()
        .args(["articles", "--json", "--db"])
        .arg(&db)
        .output()
        .expect("vigil runs");
    let articles = String::from_utf8_lossy(&list.stdout).lines().count();
    assert!(articles >= 6, "all sample articles listed, got {articles}");
    let hits = vigil()
        .args(["search", "--db"])
        .arg(&db)
        .arg("Garissa bus")
        .output()
        .expect("vigil runs");
    let hits = String::from_utf8_lossy(&hits.stdout);
    assert!(hits.contains("Garissa"), "{hits}");
    let events = vigil()
        .args([
            "events",
            "--json",
            "--status",
            "new",
            "--country",
            "ke",
            "--db",
        ])
        .arg(&db)
        .output()
        .expect("vigil runs");
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["killed"]["min"] == 4 && e["where"]["place"]["name"] == "Garissa"),
        "the Garissa bus attack is stored as a new event in Kenya: {events:?}"
    );
    assert!(events
        .iter()
        .all(|e| e["status"] == "new" && e["where"]["place"]["country_code"] == "KE"));
}

#[test]
fn stdin_is_a_source() {
    let mut cmd = vigil();
    cmd.args(["extract", "--format", "jsonl", "-"]).write_stdin(
        "<html><head><title>From stdin</title></head><body><article><h1>From stdin</h1><p>Soldiers clashed with militants near the border crossing on Sunday, a military spokesman said in a statement.</p><p>The fighting lasted for several hours before the militants withdrew into the hills.</p></article></body></html>",
    );
    let out = cmd.output().expect("vigil runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("From stdin"));
}

fn flate2_bytes(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}

#[test]
fn every_sample_page_is_an_article_with_its_headline() {
    let records = extract_json(&repo_root().join("samples/pages"), &["--clean-only"]);
    assert_eq!(records.len(), 8);
    for r in &records {
        assert_eq!(
            r["kind"], "article",
            "{} flagged: {}",
            r["uri"], r["reason"]
        );
        let title = r["title"].as_str().unwrap_or_default();
        assert!(
            !title.is_empty() && !title.starts_with("Published"),
            "{}: bad title {title:?}",
            r["uri"]
        );
        let text = r["text"].as_str().unwrap_or_default();
        for chrome in [
            "Share this",
            "Related stories",
            "Leave a Reply",
            "Back to top",
            "cookies",
            "Copyright",
        ] {
            assert!(
                !text.contains(chrome),
                "{}: {chrome:?} left in text",
                r["uri"]
            );
        }
    }
}

/// The seed's events through the whole pipeline, the caption's mosque bombing included.
#[test]
fn seed_page_events_include_the_caption() {
    let records = extract_json(&seed(), &["--published", "2022-12-14"]);
    let events = records[0]["events"].as_array().expect("events");
    let mosque = events
        .iter()
        .find(|e| e["when"]["start"] == "2022-04-21")
        .expect("the April 21, 2022 bombing is found in the caption");
    assert_eq!(mosque["status"], "background");
    assert_eq!(mosque["kind"], "explosion_remote_violence");
    assert_eq!(mosque["evidence"][0]["source"], "caption");
    assert!(mosque["actors"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x["id"] == "actor:iskp")));
    let hotel = events
        .iter()
        .find(|e| e["when"]["start"] == "2022-12-12" && e["status"] == "new")
        .expect("Monday's hotel attack is new");
    assert!(hotel["wounded"]["min"].as_u64() >= Some(5));
    let airport = events
        .iter()
        .find(|e| e["killed"]["min"] == 13)
        .expect("the airport bombing with 13 killed");
    assert_eq!(airport["when"]["start"], "2021-08-01");
    assert_eq!(airport["status"], "background");
}

#[test]
fn gazetteer_lookup_lists_readings_and_fails_on_unknown_names() {
    if !repo_root().join("data/gazetteer/names.fst").exists() {
        eprintln!("skipped: no gazetteer built (scripts/gazetteer)");
        return;
    }
    let lines = json_lines(vigil().args(["gazetteer", "--json", "Kabul", "W.Va."]));
    assert_eq!(lines.len(), 2);
    let kabul = lines[0]["entries"].as_array().expect("entries");
    assert!(kabul
        .iter()
        .any(|e| e["feature"] == "PPLC" && e["country_code"] == "AF"));
    assert_eq!(lines[1]["entries"][0]["name"], "West Virginia");

    let dir = tempfile::tempdir().expect("temp dir");
    let mine = dir.path().join("mine.tsv");
    std::fs::write(&mine, "Kabul\t-\t34.5\t69.2\tbase\tAF\n").expect("write user places");
    vigil()
        .args(["gazetteer", "Kabul", "--places"])
        .arg(&mine)
        .assert()
        .success()
        .stdout(predicates::str::contains("user:"));
    vigil()
        .args(["gazetteer", "Nowhereville"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("no entry"));
}

/// `vigil gazetteer build` compiles GeoNames' export files (vigil-geo's small fixture in that
/// format) into a gazetteer that `vigil gazetteer --gazetteer DIR` reads; a bad command line
/// exits 2 with the usage.
#[test]
fn gazetteer_build_writes_a_gazetteer_that_lookups_read() {
    let fixtures = repo_root().join("crates/vigil-geo/tests/fixtures/geonames");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("gazetteer");
    vigil()
        .args(["gazetteer", "build", "--country-info"])
        .arg(fixtures.join("countryInfo.txt"))
        .arg("--admin1-codes")
        .arg(fixtures.join("admin1CodesASCII.txt"))
        .arg("--alternate-names")
        .arg(fixtures.join("alternateNamesV2.txt"))
        .arg("--geonames")
        .arg(fixtures.join("SO.txt"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains("entries"));
    let lines = json_lines(
        vigil()
            .args(["gazetteer", "--json", "--gazetteer"])
            .arg(&out)
            .args(["Jowhar", "Shabeellaha Dhexe"]),
    );
    assert_eq!(lines[0]["entries"][0]["id"], "geonames:57289");
    assert_eq!(lines[1]["entries"][0]["name"], "Middle Shabelle");
    vigil()
        .args(["gazetteer", "build", "--geonames"])
        .arg(fixtures.join("SO.txt"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--country-info FILE is required"));
    vigil()
        .args(["gazetteer", "build", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("--alternate-names"));
}

/// A database that cannot be opened is named once, with the one cause, not once per layer.
#[test]
fn unopenable_database_names_path_and_cause_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-folder").join("x.db");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just text\n".repeat(200)).expect("write");
    for (db, cause) in [
        (&missing, "does not exist"),
        (&junk, "file is not a database"),
    ] {
        let out = vigil()
            .args(["ingest", "--db"])
            .arg(db)
            .arg(seed())
            .output()
            .expect("run vigil");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        let name = db.file_name().and_then(|n| n.to_str()).expect("name");
        assert_eq!(err.matches(name).count(), 1, "{err}");
        assert_eq!(err.matches(cause).count(), 1, "{err}");
    }
}

/// `vigil serve` takes a PostgreSQL URL: a server it cannot reach is said plainly, without the
/// URL's password.
#[test]
fn serve_names_an_unreachable_postgres_server_without_its_password() {
    let out = vigil()
        .args(["serve", "--db", "postgres://vigil:s3cret@127.0.0.1:1/vigil"])
        .output()
        .expect("run vigil");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("127.0.0.1:1") && !err.contains("s3cret"),
        "{err}"
    );
}

/// Three outlets' reports of one (invented) bombing, with different counts and wording, and a
/// hotel attack in the same city on the same day; JSONL records with the callers' own ids.
const OUTLETS: [&str; 4] = [
    r#"{"id": "wire-1", "url": "https://wire.example/kabul-mosque", "title": "Suicide bomber kills 5 at Kabul mosque", "published": "2024-03-04", "text": "A suicide bomber blew himself up inside a Shia mosque in Kabul on Monday, killing five worshippers, police said.\n\nIslamic State Khorasan Province claimed responsibility for the attack in a statement."}"#,
    r#"{"id": "daily-7", "url": "https://daily.example/news/blast", "title": "Mosque blast in Afghan capital", "published": "2024-03-05", "text": "At least seven people were killed when a suicide bomber attacked a mosque in Kabul on Monday, health officials said."}"#,
    r#"{"id": 3, "url": "https://radio.example/3", "title": "Kabul mosque bombing toll rises", "published": "2024-03-04", "text": "Six people died after a suicide bombing at a mosque in Kabul on Monday, a government spokesman said."}"#,
    r#"{"id": "other-1", "url": "https://wire.example/kabul-hotel", "title": "Gunmen storm Kabul hotel", "published": "2024-03-04", "text": "Gunmen stormed a hotel in Kabul on Monday, killing three guards before security forces ended the siege, police said."}"#,
];

/// Ingests `lines` as one JSONL file into `db` and lists the merged events as JSON.
fn ingest_and_list(dir: &Path, db: &Path, lines: &[&str]) -> Vec<serde_json::Value> {
    let input = dir.join("outlets.jsonl");
    std::fs::write(&input, lines.join("\n")).expect("write input");
    vigil()
        .arg("ingest")
        .arg("--db")
        .arg(db)
        .arg(&input)
        .assert()
        .success();
    json_lines(vigil().args(["events", "--json", "--db"]).arg(db))
}

#[test]
fn one_event_across_outlets_in_any_order() {
    if !repo_root().join("data/gazetteer/names.fst").exists() {
        eprintln!("skipped: no gazetteer built (scripts/gazetteer)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("forward.db");
    let events = ingest_and_list(dir.path(), &db, &OUTLETS);
    assert_eq!(
        events.len(),
        2,
        "the bombing and the hotel attack: {events:#?}"
    );
    let bombing = events
        .iter()
        .find(|e| e["sources"].as_array().map(Vec::len) == Some(3))
        .expect("the three reports are one event");
    assert_eq!(bombing["killed"]["min"], 5);
    assert_eq!(bombing["killed"]["max"], 7);
    assert!(bombing["disagreements"]
        .as_array()
        .expect("disagreements")
        .iter()
        .any(|d| d["field"] == "killed"));
    let id = bombing["id"].as_str().expect("id");
    let alias = bombing["aliases"][0].as_str().expect("an alias");

    // Reversed order, one document at a time: the same events, ids included.
    let reversed_db = dir.path().join("reversed.db");
    for line in OUTLETS.iter().rev() {
        let _ = ingest_and_list(dir.path(), &reversed_db, &[line]);
    }
    let reversed = json_lines(vigil().args(["events", "--json", "--db"]).arg(&reversed_db));
    assert_eq!(reversed, events);

    // Re-ingest changes nothing.
    assert_eq!(ingest_and_list(dir.path(), &db, &OUTLETS), events);

    // `show` finds the event by id and by alias, with every source and its sentences.
    for wanted in [id, alias] {
        let out = vigil()
            .args(["show", "--db"])
            .arg(&db)
            .arg(wanted)
            .output()
            .expect("vigil runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(text.contains(id), "{text}");
        assert!(text.contains("3 sources"), "{text}");
        assert!(text.contains("« Six people died"), "{text}");
        assert!(text.contains("https://daily.example/news/blast"), "{text}");
    }
    let human = vigil()
        .args(["events", "--db"])
        .arg(&db)
        .output()
        .expect("vigil runs");
    assert!(String::from_utf8_lossy(&human.stdout).contains("· 3 sources"));
    // Filters: an actor by an alias of the actor list, a full-text query, a count.
    let filtered = json_lines(
        vigil()
            .args(["events", "--json", "--actor", "ISIS-K", "--min-killed", "7"])
            .args(["--text", "mosque", "--db"])
            .arg(&db),
    );
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0]["id"], id);
    let none = json_lines(
        vigil()
            .args(["events", "--json", "--actor", "Taliban", "--db"])
            .arg(&db),
    );
    assert!(none.is_empty());

    // The caller's id stays with each document.
    let wire = bombing["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["url"] == "https://wire.example/kabul-mosque")
        .expect("the wire story is a source");
    let out = vigil()
        .args(["show", "--json", "--db"])
        .arg(&db)
        .arg(wire["document_id"].as_str().expect("document id"))
        .output()
        .expect("vigil runs");
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
    assert_eq!(record["source_id"], "wire-1");
    // A document's page says which stored event each of its events is part of.
    let out = vigil()
        .args(["show", "--db"])
        .arg(&db)
        .arg(wire["document_id"].as_str().expect("document id"))
        .output()
        .expect("vigil runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("stored as {id} (3 sources)")),
        "{text}"
    );
    assert!(text.contains("source id wire-1"), "{text}");
}

#[cfg(unix)]
#[test]
fn links_inside_a_folder_are_followed_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let page = elsewhere.path().join("page.txt");
    std::fs::write(
        &page,
        "Gunmen attack a market\n\nGunmen attacked a market in Kabul on Monday, police said.\n",
    )
    .expect("page written");
    std::os::unix::fs::symlink(&page, dir.path().join("linked.txt")).expect("link made");
    let unfollowed = vigil()
        .args(["extract", "--clean-only", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .expect("vigil runs");
    assert!(unfollowed.stdout.is_empty());
    assert!(String::from_utf8_lossy(&unfollowed.stderr).contains("0 ok"));
    let followed = extract_json(dir.path(), &["--clean-only", "--follow"]);
    assert_eq!(followed.len(), 1);
    assert_eq!(followed[0]["title"], "Gunmen attack a market");
}
