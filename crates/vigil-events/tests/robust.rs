//! Bad input is data: odd text and a language layer with spans that do not fit the text
//! (out of range, inside a multi-byte character) must give events or nothing, never a panic.

mod common;

use common::Doc;
use vigil_core::{Entity, EntityKind, Mention, Sentence, Span, TimeExpr, TimePrecision};

#[test]
fn odd_text_does_not_panic() {
    let texts = [
        "",
        "\n\n\n\n",
        "killed",
        "at least",
        "– — … «attack» 攻撃 killed 五 people ☠️ in Kābul.",
        "5-7-9 killed 1,2,3,,, at least at least more than",
        "The the the attack attack. The attack! The attack?",
        "No one no one was was hurt hurt.",
    ];
    for t in texts {
        let d = Doc::new(&[t]);
        let _ = d.extract();
    }
}

#[test]
fn spans_that_do_not_fit_do_not_panic() {
    let text = "Gunmen killed 3 people in Kābul on Monday.";
    let d = Doc::new(&[text]);
    let (article, mut language, mut places) = d.build();
    let bad = [
        Span::new(0, 10_000),
        Span::new(500, 400),
        Span::new(27, 28), // inside "ā"
        Span::new(text.len(), text.len() + 5),
    ];
    language.sentences = bad
        .iter()
        .map(|&span| Sentence { span, paragraph: 7 })
        .chain([Sentence {
            span: Span::new(0, text.len()),
            paragraph: 0,
        }])
        .collect();
    language.entities.push(Entity {
        id: "actor:x".into(),
        kind: EntityKind::ArmedGroup,
        name: "X".into(),
        country: None,
        affiliation: None,
        role: None,
        mentions: bad
            .iter()
            .map(|&span| Mention {
                span,
                text: "x".into(),
            })
            .collect(),
        confidence: 1.0,
    });
    language.times.extend(bad.iter().map(|&span| TimeExpr {
        span,
        text: "x".into(),
        value: None,
        precision: TimePrecision::Day,
        relative: true,
        anchor: None,
        unresolved: Some("test".into()),
    }));
    if let Some(p) = places.first().cloned() {
        for &span in &bad {
            let mut q = p.clone();
            q.span = span;
            places.push(q);
        }
    }
    let events = vigil_events::extract(&article, &language, &places);
    for e in &events {
        for ev in &e.evidence {
            for f in &ev.fields {
                // Spans the extractor writes itself must fit the text.
                if f.field != "where" && f.field != "when" && f.field != "actors" {
                    assert!(f.span.slice(&article.text).is_some(), "{f:?}");
                }
            }
        }
    }
}
