//! The seed page (../shared/seed/voa-iskp-2022.txt): its entities under their aliases and its
//! quotes, resolved to speakers and their affiliations.

use vigil_core::{EntityKind, Language};

/// The seed's body text: paragraphs after the page chrome, title and caption, before the footer.
fn seed_text() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/voa-iskp-2022.txt"
    );
    let raw = std::fs::read_to_string(path).ok()?;
    let paragraphs: Vec<String> = raw
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let end = paragraphs.iter().position(|p| p.starts_with("(c)"))?;
    Some(paragraphs.get(3..end)?.join("\n\n"))
}

fn analyse() -> Language {
    let text = seed_text().unwrap_or_default();
    assert!(!text.is_empty(), "seed text missing beside the repository");
    vigil_nlp::Nlp::new().analyze_text(&text, chrono::NaiveDate::from_ymd_opt(2022, 12, 14))
}

fn mentions<'a>(lang: &'a Language, id: &str) -> Vec<&'a str> {
    lang.entities
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.mentions.iter().map(|m| m.text.as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn seed_entities_under_their_aliases() {
    let lang = analyse();
    let is = mentions(&lang, "actor:is");
    assert!(
        is.contains(&"IS") && is.contains(&"Islamic State"),
        "{is:?}"
    );
    assert!(is.contains(&"IS fighters"), "{is:?}");
    let iskp = mentions(&lang, "actor:iskp");
    assert!(
        iskp.contains(&"ISKP") && iskp.contains(&"Islamic State-Khorasan Province"),
        "{iskp:?}"
    );
    assert!(mentions(&lang, "actor:taliban").len() >= 8);
    assert!(!mentions(&lang, "actor:us-state-department").is_empty());
    assert!(!mentions(&lang, "actor:nato").is_empty());
    for cc in ["TJ", "CN", "AF"] {
        assert!(
            !mentions(&lang, &format!("nationality:{cc}")).is_empty(),
            "{cc}"
        );
    }
    let smith = lang.entities.iter().find(|e| e.id == "person:graeme-smith");
    let smith = smith.map(|e| (e.kind, e.affiliation.as_deref(), e.mentions.len()));
    assert_eq!(smith, Some((EntityKind::Person, Some("actor:icg"), 2)));
    let rahmon = lang
        .entities
        .iter()
        .find(|e| e.id == "person:emomali-rahmon");
    let rahmon = rahmon.map(|e| (e.country.as_deref(), e.role.as_deref()));
    assert_eq!(rahmon, Some((Some("TJ"), Some("President"))));
    // "the terror group" after ISKP's paragraph refers to ISKP.
    assert!(mentions(&lang, "actor:iskp").contains(&"the terror group"));
}

#[test]
fn seed_quotes_resolve_to_speakers() {
    let lang = analyse();
    let direct = |id: &str| {
        lang.quotes
            .iter()
            .filter(|q| q.direct && q.speaker_id.as_deref() == Some(id))
            .collect::<Vec<_>>()
    };
    let spokesperson = direct("person:us-state-department-spokesperson");
    assert_eq!(spokesperson.len(), 3);
    assert!(spokesperson
        .iter()
        .all(|q| q.affiliation_id.as_deref() == Some("actor:us-state-department")));
    let smith = direct("person:graeme-smith");
    assert_eq!(smith.len(), 2);
    assert!(smith
        .iter()
        .all(|q| q.affiliation_id.as_deref() == Some("actor:icg")));
    assert!(smith[0]
        .text
        .starts_with("So far, attacks inside Afghanistan"));
    assert_eq!(lang.quotes.iter().filter(|q| q.direct).count(), 5);
    // Reported speech: "U.S. officials say the terrorist group is recruiting …".
    assert!(lang.quotes.iter().any(|q| !q.direct
        && q.speaker_id.as_deref() == Some("actor:us-government")
        && q.text.starts_with("the terrorist group is recruiting")));
}
