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
        let distance = |t: &TimeExpr| {
            if t.span.end <= head_byte {
                head_byte - t.span.end
            } else {
                t.span.start.saturating_sub(head_byte)
            }
        };
        let span = a.sentence.span;
        let resolved = |t: &&TimeExpr| t.value.is_some();
        let in_sentence = self
            .language
            .times
            .iter()
            .filter(|t| span.contains(t.span))
            .filter(resolved)
            .filter(|t| !self.dates_another(t, head_byte))
            .filter(|t| distance(t) <= reach)
            .min_by_key(|t| distance(t));
        if let Some(t) = in_sentence {
            return (to_event_time(t, TimeSource::Sentence), Some(t.span), true);
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
