//! Printing records and batch summaries for people.

use std::collections::BTreeMap;
use std::io::{self, Write};
use vigil_core::{
    ArticleKind, Event, EventKind, EventStatus, EventTime, MergedEvent, Participant, Place, Range,
    Record, SubKind, Target,
};

/// Per-batch outcome counts, with the reasons of skips and failures.
#[derive(Debug, Default)]
pub struct Tally {
    pub ok: usize,
    /// Reason → count (not an article, unchanged …).
    pub skipped: BTreeMap<String, usize>,
    /// Error code → count.
    pub failed: BTreeMap<String, usize>,
}

impl Tally {
    pub fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }

    pub fn fail(&mut self, code: impl Into<String>) {
        *self.failed.entry(code.into()).or_default() += 1;
    }

    pub fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }

    fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// True when nothing at all could be read: the only case that makes the run fail.
    pub fn nothing_read(&self) -> bool {
        self.ok + self.skipped_total() == 0
    }

    /// One line, e.g. `5 ok, 1 skipped (not_article: paywall 1), 2 failed (empty 1, binary 1)`.
    pub fn summary(&self) -> String {
        fn reasons(map: &BTreeMap<String, usize>) -> String {
            let parts: Vec<String> = map.iter().map(|(k, n)| format!("{k} {n}")).collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        }
        format!(
            "{} ok, {} skipped{}, {} failed{}",
            self.ok,
            self.skipped_total(),
            reasons(&self.skipped),
            self.failed_total(),
            reasons(&self.failed)
        )
    }
}

/// A readable summary of one record; `stored_as[i]`, when given, is the stored event that the
/// record's event `i` belongs to (`ev-…`, with its number of sources).
pub fn write_human(
    out: &mut impl Write,
    record: &Record,
    stored_as: &[Option<String>],
) -> io::Result<()> {
    let a = &record.article;
    let title = a.title.as_deref().unwrap_or("(no title)");
    writeln!(out, "━━ {title}")?;
    writeln!(out, "   id        {}", a.id)?;
    writeln!(out, "   source    {}", a.url.as_deref().unwrap_or(&a.uri))?;
    if let Some(id) = &record.source_id {
        writeln!(out, "   source id {id}")?;
    }
    if let ArticleKind::NotArticle(reason) = &a.kind {
        writeln!(out, "   NOT AN ARTICLE: {reason}")?;
    }
    if let Some(p) = &a.published {
        writeln!(
            out,
            "   published {} ({:?} precision, from {:?})",
            p.value, p.precision, p.source
        )?;
    }
    if let Some(b) = &a.byline {
        writeln!(out, "   byline    {b}")?;
    }
    if let Some(l) = &a.language {
        writeln!(out, "   language  {l}")?;
    }
    if let Some(c) = &a.caption {
        writeln!(out, "   caption   {c}")?;
    }
    for (i, e) in record.events.iter().enumerate() {
        writeln!(out, "   event     {}", event_line(e))?;
        if let Some(Some(stored)) = stored_as.get(i) {
            writeln!(out, "             stored as {stored}")?;
        }
    }
    if !record.places.is_empty() {
        // Each distinct reading once, in order of first mention, with its count.
        let mut seen: Vec<(String, usize)> = Vec::new();
        for p in &record.places {
            let line = match &p.canonical_name {
                None => format!("{} (unresolved)", p.name),
                Some(n) => {
                    let resolved = match &p.country_code {
                        Some(cc) => format!("{n}, {cc}"),
                        None => n.clone(),
                    };
                    if *n == p.name {
                        resolved
                    } else {
                        format!("{} → {resolved}", p.name)
                    }
                }
            };
            match seen.iter_mut().find(|(l, _)| *l == line) {
                Some((_, n)) => *n += 1,
                None => seen.push((line, 1)),
            }
        }
        let names: Vec<String> = seen
            .into_iter()
            .map(|(l, n)| if n > 1 { format!("{l} ×{n}") } else { l })
            .collect();
        writeln!(out, "   places    {}", names.join("; "))?;
    }
    if !record.language.entities.is_empty() {
        let names: Vec<String> = record
            .language
            .entities
            .iter()
            .map(|e| e.name.clone())
            .collect();
        writeln!(out, "   entities  {}", names.join("; "))?;
    }
    writeln!(out)?;
    for paragraph in &a.paragraphs {
        writeln!(out, "   {paragraph}")?;
        writeln!(out)?;
    }
    Ok(())
}

/// One line per event: `2022-12-12 · attack (violence against civilians) · Kabul, AF · Islamic
/// State → hotel/guesthouse · killed 3+ · wounded 5+ · new`.
pub fn event_line(e: &Event) -> String {
    line(&LineParts {
        when: e.when.as_ref(),
        kind: e.kind,
        sub_kind: e.sub_kind,
        place: e.place.as_ref().map(|p| &p.place),
        actors: &e.actors,
        targets: &e.targets,
        killed: e.killed,
        wounded: e.wounded,
        status: e.status,
    })
}

/// One line per merged event: [`event_line`]'s fields, merged across sources, and how many
/// sources report it.
pub fn merged_line(m: &MergedEvent) -> String {
    let sources = match m.sources.len() {
        1 => "1 source".to_owned(),
        n => format!("{n} sources"),
    };
    let fields = line(&LineParts {
        when: m.when.as_ref(),
        kind: m.kind,
        sub_kind: m.sub_kind,
        place: m.place.as_ref().map(|p| &p.place),
        actors: &m.actors,
        targets: &m.targets,
        killed: m.killed,
        wounded: m.wounded,
        status: m.status,
    });
    format!("{fields} · {sources}")
}

/// A count as people write it: `3`, `5–7`, `3+`.
pub fn count(r: &Range) -> String {
    match r.max {
        Some(max) if max == r.min => r.min.to_string(),
        Some(max) => format!("{}–{max}", r.min),
        None => format!("{}+", r.min),
    }
}

/// What one line says about an event, whether one article's or merged.
struct LineParts<'a> {
    when: Option<&'a EventTime>,
    kind: EventKind,
    sub_kind: SubKind,
    place: Option<&'a Place>,
    actors: &'a [Participant],
    targets: &'a [Target],
    killed: Option<Range>,
    wounded: Option<Range>,
    status: EventStatus,
}

fn line(e: &LineParts<'_>) -> String {
    fn snake(v: impl serde::Serialize) -> String {
        serde_json::to_value(v)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default()
    }
    let mut parts = Vec::new();
    parts.push(match e.when {
        Some(w) if w.start == w.end => w.start.to_string(),
        Some(w) => format!("{}..{}", w.start, w.end),
        None => "date unknown".to_owned(),
    });
    parts.push(format!("{} ({})", snake(e.sub_kind), snake(e.kind)));
    parts.push(match e.place {
        Some(p) => {
            let name = p.canonical_name.as_deref().unwrap_or(&p.name);
            match &p.country_code {
                Some(cc) => format!("{name}, {cc}"),
                None => name.to_owned(),
            }
        }
        None => "place unknown".to_owned(),
    });
    let actors: Vec<&str> = e.actors.iter().map(|a| a.name.as_str()).collect();
    let targets: Vec<&str> = e.targets.iter().map(|t| t.name.as_str()).collect();
    let actors = if actors.is_empty() {
        "unidentified".to_owned()
    } else {
        actors.join(", ")
    };
    if targets.is_empty() {
        parts.push(actors);
    } else {
        parts.push(format!("{actors} → {}", targets.join(", ")));
    }
    if let Some(k) = &e.killed {
        parts.push(format!("killed {}", count(k)));
    }
    if let Some(w) = &e.wounded {
        parts.push(format!("wounded {}", count(w)));
    }
    parts.push(match e.status {
        EventStatus::New => "new".to_owned(),
        EventStatus::Background => "background".to_owned(),
    });
    parts.join(" · ")
}
