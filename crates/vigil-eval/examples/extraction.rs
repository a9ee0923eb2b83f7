//! Scores the cleaner on the article-extraction dev set; `--dump FILE` also writes the
//! predictions as JSONL (`{"id", "text"}`) for an external scorer.
//! usage: cargo run --release -p vigil-eval --example extraction -- DIR [--dump FILE]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .map_or("../shared/bench/article-extraction", String::as_str),
    );
    if let Some(pos) = args.iter().position(|a| a == "--dump") {
        let out = args.get(pos + 1).ok_or("--dump needs a file")?;
        let preds = vigil_eval::extraction::predict(&dir)?;
        let mut s = String::new();
        for p in preds {
            s.push_str(&serde_json::to_string(&p)?);
            s.push('\n');
        }
        std::fs::write(out, s)?;
    }
    let report = vigil_eval::extraction::run(&dir)?;
    print!("{report}");
    Ok(())
}
