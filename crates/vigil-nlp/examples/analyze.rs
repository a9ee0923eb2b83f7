//! Prints the language layer's output for a plain-text file (paragraphs separated by blank lines).
//! usage: cargo run -p vigil-nlp --example analyze -- FILE [YYYY-MM-DD]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: analyze FILE [YYYY-MM-DD]")?;
    let anchor = args
        .next()
        .map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
        .transpose()?;
    let raw = std::fs::read_to_string(path)?;
    let paragraphs: Vec<String> = raw
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let text = paragraphs.join("\n\n");
    let nlp = vigil_nlp::Nlp::new();
    let lang = nlp.analyze_text(&text, anchor);
    for e in &lang.entities {
        let ms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
        println!(
            "{:<45} {:?} country={:?} aff={:?} role={:?} {:?}",
            e.id, e.kind, e.country, e.affiliation, e.role, ms
        );
    }
    for q in &lang.quotes {
        println!(
            "QUOTE direct={} speaker={:?} id={:?} aff={:?}: {}",
            q.direct, q.speaker, q.speaker_id, q.affiliation_id, q.text
        );
    }
    Ok(())
}
