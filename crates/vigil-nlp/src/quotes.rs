//! Quotes: direct speech in quote marks (" “ ” ‘ ’) attributed through the clause around it
//! (`…," X said`, `said X`, `X told VOA`, `according to X`, `X said: "…"`), and reported speech
//! (`X said that …`, `U.S. officials say …`), each resolved to the speaker entity and affiliation.

use crate::entities::Extraction;
use crate::lexicon::{WordClass, Words};
use vigil_core::{EntityKind, Quote, Span};

/// Finds quotes in `text`, given the entities already extracted from it.
pub(crate) fn find_quotes(text: &str, ex: &Extraction, words: &Words) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut used_verbs: Vec<usize> = Vec::new();
    let direct = direct_spans(text);
    for &(open, inner_s, inner_e, close) in &direct {
        let (qs, qe) = trim_quote(text, inner_s, inner_e);
        if qe <= qs {
            continue;
        }
        let mut q = unattributed(text, qs, qe, true);
        if let Some((mention, verb)) = attribution_after(text, ex, words, close)
            .or_else(|| attribution_before(text, ex, words, open))
        {
            used_verbs.push(verb);
            fill_speaker(text, ex, &mut q, mention);
        }
        quotes.push(q);
    }
    reported(text, ex, words, &direct, &used_verbs, &mut quotes);
    quotes.sort_by_key(|q| q.span.start);
    quotes
}

/// A quote of `text[start..end]` with no speaker yet.
fn unattributed(text: &str, start: usize, end: usize, direct: bool) -> Quote {
    Quote {
        span: Span::new(start, end),
        text: text.get(start..end).unwrap_or("").to_string(),
        direct,
        speaker_span: None,
        speaker: None,
        speaker_id: None,
        affiliation_id: None,
    }
}

fn fill_speaker(text: &str, ex: &Extraction, q: &mut Quote, mention: usize) {
    let Some(&(span, ent)) = ex.mentions.get(mention) else {
        return;
    };
    let Some(e) = ex.entity(ent) else { return };
    q.speaker_span = Some(span);
    q.speaker = span.slice(text).map(str::to_string);
    q.speaker_id = Some(e.id.clone());
    q.affiliation_id = e.affiliation.clone().or_else(|| {
        // An organisation speaking is its own affiliation only when it is not a person.
        (e.kind != EntityKind::Person).then(|| e.id.clone())
    });
}

/// Quote mark pairs: (open mark start, inner start, inner end, close mark end), within a paragraph.
fn direct_spans(text: &str) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for para in text.split("\n\n") {
        let base = para_start;
        para_start += para.len() + 2;
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let opens_ok = prev.is_none_or(|p| p.is_whitespace() || "([{—–-:".contains(p));
            let closer = match c {
                '“' => Some('”'),
                '"' if opens_ok => Some('"'),
                '‘' if opens_ok => Some('’'),
                _ => None,
            };
            let Some(closer) = closer else {
                k += 1;
                continue;
            };
            // Find the closing mark; a single-quote closer must not be an apostrophe.
            let mut j = k + 1;
            let mut found = None;
            while j < chars.len() {
                let (_, cj) = chars[j];
                if cj == closer {
                    let next = chars.get(j + 1).map(|&(_, n)| n);
                    let apostrophe = closer == '’' && next.is_some_and(char::is_alphanumeric);
                    if !apostrophe {
                        found = Some(j);
                        break;
                    }
                }
                if c == '"' && cj == '“' {
                    break;
                }
                j += 1;
            }
            let inner_s = base + i + c.len_utf8();
            match found {
                Some(j) => {
                    let (ci, cc) = chars[j];
                    let inner = &para[i + c.len_utf8()..ci];
                    if inner.split_whitespace().count() >= 3 || closer == '”' {
                        out.push((base + i, inner_s, base + ci, base + ci + cc.len_utf8()));
                    }
                    k = j + 1;
                }
                None if c == '“' => {
                    // A quote running on into the next paragraph: take the rest of this one.
                    out.push((base + i, inner_s, base + para.len(), base + para.len()));
                    k = chars.len();
                }
                None => k += 1,
            }
        }
    }
    out
}

fn trim_quote(text: &str, s: usize, e: usize) -> (usize, usize) {
    let inner = text.get(s..e).unwrap_or("");
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim_end().trim_end_matches([',', ' ']);
    (s + lead, s + trimmed.len().max(lead))
}

/// Token index of the first token starting at or after byte `pos`.
fn token_at(ex: &Extraction, pos: usize) -> usize {
    ex.tokens.partition_point(|t| t.start < pos)
}

fn tok<'t>(text: &'t str, ex: &Extraction, t: usize) -> &'t str {
    ex.tokens.get(t).map_or("", |k| k.text(text))
}

fn ends_sentence(text: &str, ex: &Extraction, t: usize) -> bool {
    matches!(tok(text, ex, t), "." | "!" | "?")
        || ex.tokens.get(t).is_some_and(|k| k.after_break)
        || matches!(tok(text, ex, t), "“" | "\"")
}

/// Mentions (indices into `ex.mentions`) starting within `[from, to)` bytes.
fn mentions_in(ex: &Extraction, from: usize, to: usize) -> Vec<usize> {
    let first = ex.mentions.partition_point(|m| m.0.start < from);
    (first..ex.mentions.len())
        .take_while(|&i| ex.mentions[i].0.start < to)
        .collect()
}

/// Prefer the widest person mention starting at the earliest position; else any speaker-like entity.
fn pick_speaker(ex: &Extraction, cands: &[usize]) -> Option<usize> {
    let speaker_like = |i: &usize| {
        ex.mentions
            .get(*i)
            .and_then(|m| ex.entity(m.1))
            .is_some_and(|e| !matches!(e.kind, EntityKind::Nationality | EntityKind::Place))
    };
    let person = cands.iter().copied().find(|i| {
        ex.mentions
            .get(*i)
            .and_then(|m| ex.entity(m.1))
            .is_some_and(|e| e.kind == EntityKind::Person)
    });
    let person = person.map(|p| widest_at(ex, p));
    person.or_else(|| {
        cands
            .iter()
            .copied()
            .find(speaker_like)
            .map(|p| widest_at(ex, p))
    })
}

/// Among mentions starting where `i` starts, the widest.
fn widest_at(ex: &Extraction, i: usize) -> usize {
    let Some(&(span, _)) = ex.mentions.get(i) else {
        return i;
    };
    let mut best = i;
    for (j, m) in ex.mentions.iter().enumerate() {
        if m.0.start == span.start
            && m.0.end > ex.mentions[best].0.end
            && ex.entity(m.1).is_some_and(|e| e.kind == EntityKind::Person)
        {
            best = j;
        }
    }
    best
}

fn last_person_before(ex: &Extraction, pos: usize) -> Option<usize> {
    (0..ex.mentions.len()).rev().find(|&i| {
        ex.mentions[i].0.end <= pos
            && ex
                .entity(ex.mentions[i].1)
                .is_some_and(|e| e.kind == EntityKind::Person)
    })
}

/// `…," X said` / `…," said X` / `…," X, a …, told VOA`; returns (mention index, verb token).
fn attribution_after(
    text: &str,
    ex: &Extraction,
    words: &Words,
    close: usize,
) -> Option<(usize, usize)> {
    let start = token_at(ex, close);
    if ends_sentence(text, ex, start) && tok(text, ex, start) != "“" {
        // The quote ended its sentence: `“….” Smith said.` attributions start a new one rarely.
        if ex.tokens.get(start).is_some_and(|k| k.after_break) {
            return None;
        }
    }
    let mut t = start;
    let mut verb = None;
    while t < ex.tokens.len() && t < start + 40 {
        let w = tok(text, ex, t);
        if t > start && ends_sentence(text, ex, t) {
            break;
        }
        if words.has_ci(WordClass::SpeechVerb, w) && w.chars().all(char::is_lowercase) {
            verb = Some(t);
            break;
        }
        if w.eq_ignore_ascii_case("according") && tok(text, ex, t + 1) == "to" {
            verb = Some(t + 1);
            break;
        }
        t += 1;
    }
    let v = verb?;
    let vpos = ex.tokens.get(v)?.start;
    let before = mentions_in(ex, close, vpos);
    if let Some(m) = pick_speaker(ex, &before) {
        return Some((m, v));
    }
    // Pronoun subject: the last person named before the quote.
    let between: Vec<&str> = (start..v).map(|k| tok(text, ex, k)).collect();
    if between
        .iter()
        .any(|w| matches!(w.to_lowercase().as_str(), "he" | "she"))
    {
        return last_person_before(ex, close).map(|m| (m, v));
    }
    // `said X`: the speaker follows the verb, up to the sentence end.
    let mut end = v + 1;
    while end < ex.tokens.len() && !ends_sentence(text, ex, end) && end < v + 25 {
        end += 1;
    }
    let endpos = ex.tokens.get(end).map_or(text.len(), |k| k.start);
    let after = mentions_in(ex, ex.tokens.get(v)?.end, endpos);
    pick_speaker(ex, &after).map(|m| (m, v))
}

/// `X said: "…"` / `X told VOA, "…"`.
fn attribution_before(
    text: &str,
    ex: &Extraction,
    words: &Words,
    open: usize,
) -> Option<(usize, usize)> {
    let t = token_at(ex, open);
    let p = t.checked_sub(1)?;
    if !matches!(tok(text, ex, p), ":" | ",") {
        return None;
    }
    // Walk back to the verb, then to the sentence start.
    let mut v = p;
    let mut found = None;
    while v > 0 && p - v < 12 {
        v -= 1;
        let w = tok(text, ex, v);
        if ends_sentence(text, ex, v) {
            break;
        }
        if words.has_ci(WordClass::SpeechVerb, w) && w.chars().all(char::is_lowercase) {
            found = Some(v);
            break;
        }
    }
    let v = found?;
    let mut s = v;
    while s > 0 && !ends_sentence(text, ex, s - 1) && v - s < 30 {
        s -= 1;
    }
    let from = ex.tokens.get(s)?.start;
    let to = ex.tokens.get(v)?.start;
    let cands = mentions_in(ex, from, to);
    pick_speaker(ex, &cands).map(|m| (m, v))
}

/// Reported speech: `SUBJECT (had|also) said (that) CLAUSE` and `CLAUSE, according to X`.
fn reported(
    text: &str,
    ex: &Extraction,
    words: &Words,
    direct: &[(usize, usize, usize, usize)],
    used_verbs: &[usize],
    quotes: &mut Vec<Quote>,
) {
    let inside_direct = |pos: usize| direct.iter().any(|d| d.0 <= pos && pos < d.3);
    for v in 0..ex.tokens.len() {
        let w = tok(text, ex, v);
        let reporting = matches!(
            w,
            "say"
                | "says"
                | "said"
                | "told"
                | "tells"
                | "added"
                | "stated"
                | "warned"
                | "claim"
                | "claims"
                | "claimed"
                | "insist"
                | "insists"
                | "insisted"
                | "noted"
                | "announced"
                | "alleged"
                | "confirmed"
                | "believe"
                | "believes"
                | "estimated"
        );
        if !reporting || used_verbs.contains(&v) || !words.has_ci(WordClass::SpeechVerb, w) {
            continue;
        }
        let Some(vt) = ex.tokens.get(v) else { continue };
        if inside_direct(vt.start) {
            continue;
        }
        // Subject: a mention ending just before the verb, allowing a few auxiliaries.
        let mut s = v;
        while s > 0
            && v - s < 3
            && matches!(
                tok(text, ex, s - 1),
                "also"
                    | "had"
                    | "have"
                    | "has"
                    | "previously"
                    | "recently"
                    | "repeatedly"
                    | "then"
                    | "later"
                    | "publicly"
            )
        {
            s -= 1;
        }
        let Some(subject_end) = s
            .checked_sub(1)
            .and_then(|p| ex.tokens.get(p))
            .map(|k| k.end)
        else {
            continue;
        };
        let subject = ex
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.0.end == subject_end)
            .filter(|(_, m)| {
                ex.entity(m.1).is_some_and(|e| {
                    !matches!(
                        e.kind,
                        EntityKind::Nationality | EntityKind::Place | EntityKind::CivilianGroup
                    )
                })
            })
            .min_by_key(|(_, m)| m.0.start)
            .map(|(i, _)| i);
        let Some(subject) = subject else { continue };
        // "which the United Nations says is …": a relative clause, not a report.
        let subject_start = ex.mentions.get(subject).map_or(0, |m| m.0.start);
        let mut p = token_at(ex, subject_start).checked_sub(1);
        if p.is_some_and(|p| tok(text, ex, p).eq_ignore_ascii_case("the")) {
            p = p.and_then(|p| p.checked_sub(1));
        }
        let before_subject = p.map(|p| tok(text, ex, p).to_lowercase());
        if matches!(
            before_subject.as_deref(),
            Some("which" | "who" | "that" | "whom" | "as")
        ) {
            continue;
        }
        let plain_say = matches!(w, "say" | "says" | "said" | "told" | "tells");
        // Content: after the verb (and its object for "told X"), without "that".
        let mut c = v + 1;
        if matches!(w, "told" | "tells") {
            let obj_end = ex
                .mentions
                .iter()
                .filter(|m| ex.tokens.get(c).is_some_and(|k| m.0.start == k.start))
                .map(|m| m.0.end)
                .max();
            match obj_end {
                Some(e) => c = token_at(ex, e),
                None => c += 1,
            }
        }
        if tok(text, ex, c) == "that" {
            c += 1;
        } else if !plain_say {
            // "claimed the attack" is not speech; "claimed that …" is.
            continue;
        }
        let Some(cs) = ex.tokens.get(c).map(|k| k.start) else {
            continue;
        };
        if matches!(
            tok(text, ex, c),
            "“" | "\""
                | ":"
                | ","
                | "."
                | "about"
                | "of"
                | "on"
                | "against"
                | "in"
                | "to"
                | "for"
                | "with"
                | "by"
                | "from"
        ) {
            continue;
        }
        let mut e = c;
        while e < ex.tokens.len()
            && !matches!(tok(text, ex, e), "." | "!" | "?")
            && !ex.tokens[e].after_break
        {
            e += 1;
        }
        let ce = e
            .checked_sub(1)
            .and_then(|p| ex.tokens.get(p))
            .map_or(cs, |k| k.end);
        if (c..e)
            .filter(|&k| ex.tokens.get(k).is_some_and(|x| x.word))
            .count()
            < 4
            || inside_direct(cs)
        {
            continue;
        }
        let mut q = unattributed(text, cs, ce, false);
        fill_speaker(text, ex, &mut q, subject);
        quotes.push(q);
    }
}

#[cfg(test)]
mod tests {
    use crate::Nlp;

    /// (quote text, direct, speaker entity id) of every quote in `text`.
    fn quotes(text: &str) -> Vec<(String, bool, Option<String>)> {
        Nlp::new()
            .quotes(text)
            .into_iter()
            .map(|q| (q.text, q.direct, q.speaker_id))
            .collect()
    }

    fn one(text: &str, quote: &str, speaker: &str) {
        let got = quotes(text);
        assert!(
            got.iter()
                .any(|(t, d, s)| t == quote && *d && s.as_deref() == Some(speaker)),
            "{text:?}: {got:?}"
        );
    }

    #[test]
    fn direct_quotes_in_every_style() {
        one(
            "“We will hold the town,” said General Odowaa Yusuf Rageh.",
            "We will hold the town",
            "person:odowaa-yusuf-rageh",
        );
        one(
            "\"The road is closed to all traffic,\" police spokesman Charles Owino told reporters.",
            "The road is closed to all traffic",
            "person:charles-owino",
        );
        one(
            "‘Nobody was hurt in the blast,’ Governor Ali Roba said.",
            "Nobody was hurt in the blast",
            "person:ali-roba",
        );
        one(
            "Minister Aden Duale said: “The operation will continue until the area is safe.”",
            "The operation will continue until the area is safe.",
            "person:aden-duale",
        );
        one(
            "\"The group has lost its leaders,\" according to Mary Harper, a journalist with the BBC.",
            "The group has lost its leaders",
            "person:mary-harper",
        );
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        let got = quotes("The Taliban’s leader didn’t attend the group’s meeting in Kandahar.");
        assert!(got.iter().all(|(_, direct, _)| !direct), "{got:?}");
    }

    #[test]
    fn reported_speech_needs_a_speaker_and_a_clause() {
        let got =
            quotes("Kenyan police said that five suspects were arrested in Garissa on Monday.");
        assert!(
            got.iter().any(|(t, d, s)| !d
                && t.starts_with("five suspects")
                && s.as_deref() == Some("actor:kenya-police")),
            "{got:?}"
        );
        let got = quotes("Al-Shabaab claimed the attack on the base.");
        assert!(got.is_empty(), "{got:?}");
    }
}
