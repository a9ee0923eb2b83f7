//! Prints the events evaluation: `cargo run -p vigil-eval --example eval_events -- DEV.jsonl [DETAILS.json]`
//! (the same figures as `vigil eval events DEV.jsonl`).

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/bench/events/dev.jsonl".into());
    match vigil_eval::events::run(std::path::Path::new(&path)) {
        Ok(report) => {
            print!("{report}");
            if let Some(out) = args.next() {
                let json = serde_json::to_string_pretty(&report.details).unwrap_or_default();
                if let Err(e) = std::fs::write(&out, json) {
                    eprintln!("cannot write {out}: {e}");
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
