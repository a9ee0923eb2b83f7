//! Prints the nlp evaluation (actor/target recognition, time table) for a dev set.
//! usage: cargo run --release -p vigil-eval --example nlp -- [../shared/bench/events/dev.jsonl]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/bench/events/dev.jsonl".to_string());
    let report = vigil_eval::nlp::run(std::path::Path::new(&path))?;
    print!("{report}");
    Ok(())
}
