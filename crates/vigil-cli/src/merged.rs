//! Printing one merged event for people: its merged fields, where its sources disagree, and
//! each source with the sentences the event was read from.

use crate::output::merged_line;
use std::io::{self, Write};
use vigil_core::{EventSource, MergedEvent, Record, TextSource};

/// A readable account of a merged event; `records[i]` is the stored record of `sources[i]`
/// (`None` when it could not be read), used to quote the sentences.
pub fn write_merged(
    out: &mut impl Write,
    event: &MergedEvent,
    records: &[Option<Record>],
) -> io::Result<()> {
    writeln!(out, "━━ {}", merged_line(event))?;
    writeln!(out, "   id        {}", event.id)?;
    if !event.aliases.is_empty() {
        writeln!(out, "   aliases   {}", event.aliases.join(", "))?;
    }
    for d in &event.disagreements {
        let values: Vec<String> = d
            .values
            .iter()
            .map(|v| {
                let docs: Vec<&str> = v.documents.iter().map(|d| short(d.as_str())).collect();
                format!("{} ({})", v.value, docs.join(", "))
            })
            .collect();
        writeln!(out, "   disagree  {}: {}", d.field, values.join(" / "))?;
    }
    for (i, source) in event.sources.iter().enumerate() {
        writeln!(out)?;
        write_source(out, source, records.get(i).and_then(Option::as_ref))?;
    }
    Ok(())
}

fn write_source(
    out: &mut impl Write,
    source: &EventSource,
    record: Option<&Record>,
) -> io::Result<()> {
    let date = source
        .published
        .as_ref()
        .map_or("----------", |p| p.value.get(..10).unwrap_or(&p.value));
    let title = source.title.as_deref().unwrap_or("(no title)");
    writeln!(out, "   ── {date}  {title}")?;
    writeln!(
        out,
        "      document {}  event {}",
        source.document_id, source.index
    )?;
    if let Some(url) = &source.url {
        writeln!(out, "      url      {url}")?;
    }
    writeln!(
        out,
        "      reads    {}",
        crate::output::event_line(&source.event)
    )?;
    let Some(record) = record else {
        return Ok(());
    };
    for evidence in &source.event.evidence {
        let text = match evidence.source {
            TextSource::Text => Some(record.article.text.as_str()),
            // Caption spans index the caption as the pipeline read it: trimmed.
            TextSource::Caption => record.article.caption.as_deref().map(str::trim),
        };
        if let Some(sentence) = text.and_then(|t| evidence.sentence.slice(t)) {
            let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(out, "      « {sentence} »")?;
        }
    }
    Ok(())
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
