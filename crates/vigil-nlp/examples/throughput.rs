//! Runs the language layer over the `text` field of JSONL files and reports throughput
//! (sentences/s, docs/s) on one thread; `--dump` prints each text's entity ids instead.
//! usage: cargo run --release -p vigil-nlp --example throughput -- [--dump] [--repeat N] FILE...

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dump = false;
    let mut repeat = 1usize;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dump" => dump = true,
            "--repeat" => repeat = args.next().ok_or("--repeat N")?.parse()?,
            _ => files.push(a),
        }
    }
    let mut texts = Vec::new();
    for f in &files {
        for line in std::fs::read_to_string(f)?.lines() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                texts.push(t.to_string());
            }
        }
    }
    let load = Instant::now();
    let nlp = vigil_nlp::Nlp::new();
    let load_s = load.elapsed().as_secs_f64();
    if dump {
        for t in &texts {
            let lang = nlp.analyze_text(t, vigil_nlp::Anchor::Unknown);
            let ids: Vec<String> = lang
                .entities
                .iter()
                .map(|e| {
                    format!(
                        "{}={}",
                        e.id,
                        e.mentions
                            .iter()
                            .map(|m| m.text.as_str())
                            .collect::<Vec<_>>()
                            .join("|")
                    )
                })
                .collect();
            println!("{}", serde_json::to_string(&ids)?);
        }
        return Ok(());
    }
    let start = Instant::now();
    let mut sentences = 0usize;
    let mut entities = 0usize;
    for _ in 0..repeat {
        for t in &texts {
            let lang = nlp.analyze_text(t, vigil_nlp::Anchor::Unknown);
            sentences += lang.sentences.len();
            entities += lang.entities.len();
        }
    }
    let s = start.elapsed().as_secs_f64();
    let docs = texts.len() * repeat;
    println!(
        "{{\"docs\": {docs}, \"sentences\": {sentences}, \"entities\": {entities}, \"seconds\": {s:.4}, \"load_seconds\": {load_s:.4}, \"sentences_per_s\": {:.1}, \"docs_per_s\": {:.1}}}",
        sentences as f64 / s,
        docs as f64 / s
    );
    Ok(())
}
