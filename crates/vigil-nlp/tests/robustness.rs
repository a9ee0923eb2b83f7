//! Bad or odd text is data, never a panic: every span the entity and quote rules return lies
//! on char boundaries of the text and covers the text it claims, whatever the input.

use vigil_nlp::Nlp;

fn check(nlp: &Nlp, text: &str) {
    let lang = nlp.analyze_text(text, vigil_nlp::Anchor::Unknown);
    for e in &lang.entities {
        assert!(
            !e.mentions.is_empty(),
            "{text:?}: {} without mentions",
            e.id
        );
        for m in &e.mentions {
            assert_eq!(
                m.span.slice(text),
                Some(m.text.as_str()),
                "{text:?}: {}",
                e.id
            );
        }
    }
    for q in &lang.quotes {
        assert_eq!(q.span.slice(text), Some(q.text.as_str()), "{text:?}");
        if let (Some(span), Some(s)) = (q.speaker_span, &q.speaker) {
            assert_eq!(span.slice(text), Some(s.as_str()), "{text:?}");
        }
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let nlp = Nlp::new();
    for text in [
        "",
        " ",
        "\n\n\n",
        "“",
        "\"",
        "‘’",
        "U.S.",
        "U.S",
        "’s",
        "IS",
        "is IS is",
        "ISIS-K’s",
        "Al-",
        "-Shabaab",
        "the group",
        "the spokesperson said",
        "“unterminated quote by Graeme Smith",
        "said",
        "President",
        "President ",
        "Gen.",
        "e\u{301}tat Islamique",
        "İstanbul ŞIŞLI Straße ß",
        "🙂 IS 🙂 fighters 🙂",
        "A.B.C.D.E.F.G.",
        "\u{feff}Taliban",
        "Taliban\r\n\r\nfighters",
        "Mr. Kuria Wakaba",
        "“”“”“”",
        "Smith, a",
        "Smith, a senior consultant with",
        "according to",
    ] {
        check(&nlp, text);
    }
}

#[test]
fn every_cut_of_the_seed_is_safe() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/voa-iskp-2022.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        panic!("seed missing: {path}");
    };
    let nlp = Nlp::new();
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
    for &i in &bounds {
        check(&nlp, &text[..i]);
        check(&nlp, &text[i..]);
    }
}
