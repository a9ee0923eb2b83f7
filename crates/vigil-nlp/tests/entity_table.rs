//! Table-driven entity tests: `tests/data/entity_cases.tsv` holds one sentence per line with the
//! entity id that must (or, with a leading `!`, must not) be found, its kind (entity kind or,
//! for gazetteer actors, actor kind) and optionally the exact text of one mention.

use vigil_nlp::Nlp;

const CASES: &str = include_str!("data/entity_cases.tsv");

fn snake<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn entity_table() {
    let nlp = Nlp::new();
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in CASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        cases += 1;
        let f: Vec<&str> = line.split('\t').collect();
        let [sentence, id, kind, mention] = f.as_slice() else {
            failures.push(format!("line {}: malformed", n + 1));
            continue;
        };
        let entities = nlp.entities(sentence);
        let (negated, id) = match id.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, *id),
        };
        let found = entities.iter().find(|e| e.id == id);
        let ok = match (negated, found) {
            (true, None) => true,
            (true, Some(_)) | (false, None) => false,
            (false, Some(e)) => {
                let actor_kind = nlp.actors().get(&e.id).map(|a| snake(&a.kind));
                let kind_ok = snake(&e.kind) == *kind || actor_kind.as_deref() == Some(*kind);
                let mention_ok =
                    mention.is_empty() || e.mentions.iter().any(|m| m.text == *mention);
                kind_ok && mention_ok
            }
        };
        if !ok {
            let got: Vec<String> = entities
                .iter()
                .map(|e| {
                    let ms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
                    format!("{} {:?} {:?}", e.id, e.kind, ms)
                })
                .collect();
            failures.push(format!(
                "line {}: {sentence:?} expected {}{id} ({kind}) {mention:?}; got {got:?}",
                n + 1,
                if negated { "no " } else { "" }
            ));
        }
    }
    assert!(cases >= 100, "only {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
