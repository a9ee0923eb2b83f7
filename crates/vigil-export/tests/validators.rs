//! The receiving tools' own libraries accept vigil's exports: GDAL's `ogrinfo` (QGIS reads
//! through GDAL) counts the GeoJSON features, OASIS's `stix2-validator` and `stix2` accept the
//! STIX bundle, `pymisp` loads the MISP events.
//!
//! `scripts/test` installs the tools. Where one is missing, a test fails when `CI=true` and
//! otherwise passes after printing why it checked nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{events, export};
use vigil_export::Format;

/// Whether the tool can run; when it cannot, fails under CI and says so elsewhere.
fn available(tool: &str, probe: &mut Command) -> bool {
    let ok = probe.output().is_ok_and(|o| o.status.success());
    if !ok {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(!ci, "{tool} is missing (scripts/test installs it)");
        eprintln!("skipped: {tool} is not installed here (scripts/test installs it)");
    }
    ok
}

fn python_has(modules: &str) -> bool {
    available(
        &format!("python3 with {modules}"),
        Command::new("python3").args(["-c", &format!("import {modules}")]),
    )
}

/// Writes the export of the test events to a file in a fresh folder.
fn written(format: Format) -> (tempfile::TempDir, PathBuf) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let path = dir.path().join(format!("export.{}", format.extension()));
    if let Err(e) = std::fs::write(&path, export(format, &events())) {
        panic!("{e}");
    }
    (dir, path)
}

/// Runs a command and returns its stdout, failing the test with its output when it fails.
fn run(command: &mut Command) -> String {
    let out = match command.output() {
        Ok(o) => o,
        Err(e) => panic!("{command:?}: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{command:?} failed:\n{stdout}\n{stderr}"
    );
    stdout
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/validate")
        .join(name)
}

#[test]
fn gdal_reads_the_geojson() {
    if !available(
        "GDAL's ogrinfo (Debian gdal-bin)",
        Command::new("ogrinfo").arg("--version"),
    ) {
        return;
    }
    let (_dir, path) = written(Format::GeoJson);
    let info = run(Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&path));
    assert!(info.contains("Feature Count: 3"), "{info}");
    assert!(info.contains("Geometry: Point"), "{info}");
    for field in [
        "event_date",
        "actor1",
        "killed_min",
        "sources",
        "review_state",
    ] {
        assert!(
            info.contains(&format!("{field}: ")),
            "no {field} field:\n{info}"
        );
    }
    // The coordinates GDAL reads are the event's.
    let features = run(Command::new("ogrinfo")
        .args(["-ro", "-al", "-q"])
        .arg(&path));
    assert!(features.contains("POINT (45.1212 2.1413)"), "{features}");
}

#[test]
fn stix2_validator_and_stix2_accept_the_bundle() {
    if !python_has("stix2, stix2validator") {
        return;
    }
    let (_dir, path) = written(Format::Stix);
    let out = run(Command::new("python3")
        .arg(script("stix.py"))
        .arg(&path)
        .arg("3"));
    assert!(out.contains("valid STIX 2.1"), "{out}");
}

#[test]
fn pymisp_loads_every_event() {
    if !python_has("pymisp") {
        return;
    }
    let (_dir, path) = written(Format::Misp);
    let out = run(Command::new("python3")
        .arg(script("misp.py"))
        .arg(&path)
        .arg("3"));
    assert!(out.contains("pymisp loaded 3 events"), "{out}");
}
