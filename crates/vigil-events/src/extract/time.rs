//! An event's date from the sentence's or the text's time expressions.

use super::*;

impl Context<'_> {
    /// The time of an event: the time expression nearest the trigger in its sentence (within
    /// `reach` bytes of it), else the last one earlier in the paragraph.
    pub(super) fn when_for(
        &self,
        a: &SentenceArgs<'_>,
        head_byte: usize,
        reach: usize,
    ) -> (Option<EventTime>, Option<Span>, bool) {
        let distance = |t: &TimeExpr| byte_distance(t, head_byte);
        let span = a.sentence.span;
        let resolved = |t: &&TimeExpr| t.value.is_some();
        let candidates = || {
            self.language
                .times
                .iter()
                .filter(|t| span.contains(t.span))
                .filter(resolved)
                .filter(|t| !self.dates_another(t, head_byte))
                .filter(|t| distance(t) <= reach)
        };
        // A time on the act's own side of "after"/"before" first.
        let own = candidates()
            .filter(|t| self.across_connective(a, t.span, head_byte).is_none())
            .min_by_key(|t| distance(t));
        if let Some(t) = own {
            return (to_event_time(t, TimeSource::Sentence), Some(t.span), true);
        }
        // "… exploded a bomb Tuesday, a day after rebels ambushed a patrol": the other act's
        // time, moved by the gap the sentence states; with no gap stated, no date of its own.
        if let Some(t) = candidates().min_by_key(|t| distance(t)) {
            let shifted = self
                .across_connective(a, t.span, head_byte)
                .flatten()
                .and_then(|days| {
                    let mut w = to_event_time(t, TimeSource::Sentence)?;
                    w.start += chrono::Duration::days(days);
                    w.end += chrono::Duration::days(days);
                    Some(w)
                });
            return match shifted {
                Some(w) => (Some(w), Some(t.span), true),
                None => (None, None, false),
            };
        }
        let para_start = a
            .all
            .iter()
            .filter(|s| s.paragraph == a.sentence.paragraph)
            .map(|s| s.span.start)
            .min()
            .unwrap_or(span.start);
        let earlier = self
            .language
            .times
            .iter()
            .filter(|t| t.span.start >= para_start && t.span.end <= span.start)
            .filter(resolved)
            .max_by_key(|t| t.span.start);
        match earlier {
            Some(t) => (to_event_time(t, TimeSource::Inherited), Some(t.span), true),
            None => (None, None, false),
        }
    }
}

impl Context<'_> {
    /// Whether "after" or "before" stands between a time expression and a trigger that comes
    /// after the word, the time dating the other act: `None` when not; else the days to move
    /// the time by, when the sentence states the gap ("a day after" −1, "two days before" +2,
    /// "hours after" 0), or `Some(None)` when it does not ("after rebels ambushed").
    /// Only when another event of the sentence is told before the word ("On Monday, after
    /// talks failed, rebels attacked" has none: Monday is the attack's).
    fn across_connective(
        &self,
        a: &SentenceArgs<'_>,
        time: Span,
        head_byte: usize,
    ) -> Option<Option<i64>> {
        if time.end > head_byte {
            return None;
        }
        let between = self.text.get(time.end..head_byte)?;
        let toks = tokenize(between, 0, between.len());
        let at = toks
            .iter()
            .rposition(|t| matches!(t.lower.as_str(), "after" | "before"))?;
        let connective = time.end + toks[at].start;
        let other_before = a
            .other_heads
            .iter()
            .any(|&h| a.toks.get(h).is_some_and(|t| t.start < connective));
        if !other_before {
            return None;
        }
        let sign = if toks[at].lower == "after" { -1 } else { 1 };
        let unit = at.checked_sub(1).and_then(|k| toks.get(k));
        let days = match unit.map(|t| t.lower.as_str()) {
            Some("hours" | "minutes" | "hour" | "moments" | "shortly" | "just") => Some(0),
            Some(u @ ("day" | "days" | "week" | "weeks")) => {
                let per = if u.starts_with("week") { 7 } else { 1 };
                let count = at
                    .checked_sub(2)
                    .and_then(|k| toks.get(k))
                    .and_then(|t| crate::numbers::parse_count(&t.lower))
                    .filter(|r| r.max == Some(r.min))
                    .map(|r| i64::from(r.min));
                count.map(|n| sign * n * per)
            }
            _ => None,
        };
        Some(days)
    }

    /// "The explosion came after Monday's ambush": a possessive time dates the noun right
    /// after it, not a trigger elsewhere in the sentence.
    fn dates_another(&self, t: &TimeExpr, head_byte: usize) -> bool {
        let after = self.text.get(t.span.end..).unwrap_or("");
        let possessive = ["'s", "\u{2019}s", "\u{2018}s"]
            .iter()
            .any(|p| after.starts_with(p))
            || t.text.ends_with("'s")
            || t.text.ends_with("\u{2019}s");
        possessive && !(head_byte > t.span.end && head_byte - t.span.end <= 30)
    }
}

impl Context<'_> {
    /// Whether the sentence has a time expression of the act's own that could not be
    /// resolved to dates ("in June" on a page dated only by its copyright year).
    pub(super) fn unresolved_time_near(
        &self,
        a: &SentenceArgs<'_>,
        head_byte: usize,
        reach: usize,
    ) -> bool {
        self.language.times.iter().any(|t| {
            a.sentence.span.contains(t.span)
                && t.value.is_none()
                && byte_distance(t, head_byte) <= reach
                && !self.dates_another(t, head_byte)
                && self.across_connective(a, t.span, head_byte).is_none()
        })
    }
}

/// Bytes between a time expression and the trigger at `head_byte`.
fn byte_distance(t: &TimeExpr, head_byte: usize) -> usize {
    if t.span.end <= head_byte {
        head_byte - t.span.end
    } else {
        t.span.start.saturating_sub(head_byte)
    }
}

pub(super) fn to_event_time(t: &TimeExpr, source: TimeSource) -> Option<EventTime> {
    let v = t.value.as_ref()?;
    Some(EventTime {
        start: v.start,
        end: v.end,
        precision: t.precision,
        source,
        text: Some(t.text.clone()),
    })
}

/// A new event the page tells without a date took place when the page's news did: it takes
/// the date of the nearest earlier new event dated in the text (else of the first later one),
/// as "In other incidents, a roadside bomb hit another convoy" shares the lead's day.
pub(super) fn inherit_dates(drafts: &mut [Draft]) {
    let dated: Vec<(usize, EventTime)> = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.status == EventStatus::New && d.when_resolved_in_text)
        .filter_map(|(i, d)| d.when.clone().map(|w| (i, w)))
        .collect();
    for (i, d) in drafts.iter_mut().enumerate() {
        if d.when.is_some() || d.status != EventStatus::New || d.elsewhen {
            continue;
        }
        let from = dated
            .iter()
            .rev()
            .find(|(j, _)| *j < i)
            .or_else(|| dated.iter().find(|(j, _)| *j > i));
        if let Some((_, w)) = from {
            d.when = Some(EventTime {
                source: TimeSource::Inherited,
                ..w.clone()
            });
        }
    }
}
