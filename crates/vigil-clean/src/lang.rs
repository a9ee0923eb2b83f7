//! Language of the main text: whatlang's trigram profiles, with the page's `lang` attribute
//! as the tie-breaker when the text is too short to be sure.

use crate::patterns::data_lines;
use once_cell::sync::Lazy;
use std::collections::HashMap;

static ISO639: Lazy<HashMap<&'static str, &'static str>> = Lazy::new(|| {
    data_lines(include_str!("../data/iso639.txt"))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?, it.next()?))
        })
        .collect()
});

/// Loads the language-code table (see [`crate::PREPARE`]).
pub(crate) fn prepare() {
    Lazy::force(&ISO639);
}

/// ISO 639-1 code of `text`, falling back to the page's declared language.
pub(crate) fn detect(text: &str, declared: Option<&str>) -> Option<String> {
    // A few thousand characters decide as well as the whole text, at a fraction of the cost.
    let sample: &str = match text.char_indices().nth(1_000) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let info = whatlang::detect(sample);
    let detected = info.and_then(|i| {
        ISO639
            .get(i.lang().code())
            .map(|c| (c.to_string(), i.is_reliable()))
    });
    match (detected, declared) {
        (Some((code, true)), _) => Some(code),
        (_, Some(d)) if !d.is_empty() => Some(d.to_owned()),
        (Some((code, false)), None) if sample.split_whitespace().count() >= 20 => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        let en = "The river rose overnight and cut the only road to the northern villages, officials said on Monday.";
        assert_eq!(detect(en, None).as_deref(), Some("en"));
        let fr = "La rivière est montée pendant la nuit et a coupé la seule route vers les villages du nord.";
        assert_eq!(detect(fr, None).as_deref(), Some("fr"));
        assert_eq!(detect("", Some("de")).as_deref(), Some("de"));
        assert_eq!(detect("", None), None);
    }
}
