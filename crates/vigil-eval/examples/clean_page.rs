//! Cleans one page (`.html`, `.html.gz` or `.txt`) and prints the article as JSON; for debugging.
//! usage: cargo run -p vigil-eval --example clean_page -- FILE [URL]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = std::path::PathBuf::from(args.next().ok_or("usage: clean_page FILE [URL]")?);
    let url = args.next();
    let name = file.to_string_lossy().into_owned();
    let mut doc = if name.ends_with(".gz") {
        vigil_eval::extraction::read_page(&file, url)?
    } else {
        let bytes = std::fs::read(&file)?;
        vigil_eval::extraction::document(&name, &bytes, url)
    };
    if name.ends_with(".txt") {
        doc.media_type = vigil_core::MediaType::Text;
    }
    let options = vigil_clean::CleanOptions {
        published: None,
        now: chrono::Utc::now(),
    };
    let article = vigil_clean::clean(&doc, &options);
    println!("{}", serde_json::to_string_pretty(&article)?);
    Ok(())
}
