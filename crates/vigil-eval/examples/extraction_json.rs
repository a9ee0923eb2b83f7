//! Prints the extraction report as JSON (full precision), to cross-check the scorer against
//! `../shared/peers/extraction_eval.py` on the same predictions.
//! usage: cargo run --release -p vigil-eval --example extraction_json -- DIR

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/bench/article-extraction".into());
    let report = vigil_eval::extraction::run(std::path::Path::new(&dir))?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
