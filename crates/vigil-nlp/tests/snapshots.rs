//! Snapshot tests: the entities and quotes of short sample articles written for these tests.

use serde::Serialize;
use vigil_nlp::Nlp;

#[derive(Serialize)]
struct EntityView {
    id: String,
    kind: vigil_core::EntityKind,
    name: String,
    country: Option<String>,
    affiliation: Option<String>,
    role: Option<String>,
    mentions: Vec<String>,
}

#[derive(Serialize)]
struct QuoteView {
    direct: bool,
    speaker: Option<String>,
    speaker_id: Option<String>,
    affiliation_id: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct View {
    entities: Vec<EntityView>,
    quotes: Vec<QuoteView>,
}

fn view(sample: &str) -> View {
    let path = format!("{}/tests/samples/{sample}", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!raw.is_empty(), "{path} missing");
    let text = raw.trim().to_string();
    let lang = Nlp::new().analyze_text(&text, vigil_nlp::Anchor::Unknown);
    View {
        entities: lang
            .entities
            .into_iter()
            .map(|e| EntityView {
                id: e.id,
                kind: e.kind,
                name: e.name,
                country: e.country,
                affiliation: e.affiliation,
                role: e.role,
                mentions: e.mentions.into_iter().map(|m| m.text).collect(),
            })
            .collect(),
        quotes: lang
            .quotes
            .into_iter()
            .map(|q| QuoteView {
                direct: q.direct,
                speaker: q.speaker,
                speaker_id: q.speaker_id,
                affiliation_id: q.affiliation_id,
                text: q.text,
            })
            .collect(),
    }
}

#[test]
fn somalia_sample() {
    insta::assert_yaml_snapshot!(view("somalia.txt"));
}

#[test]
fn sahel_sample() {
    insta::assert_yaml_snapshot!(view("sahel.txt"));
}

#[test]
fn great_lakes_sample() {
    insta::assert_yaml_snapshot!(view("great-lakes.txt"));
}
