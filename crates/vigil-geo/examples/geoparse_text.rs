//! Geoparses the text given on stdin and prints each place (for trying names out).
//!
//! usage: echo "Fighting in Kabul" | cargo run -p vigil-geo --example geoparse_text

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let geo = vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default())?;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    for p in geo.geoparse_text(&text, &vigil_core::Language::default()) {
        println!(
            "{:<24} {:<28} {:<3} {:<20} {:?} {:.2} {}",
            p.name,
            p.canonical_name.as_deref().unwrap_or("-"),
            p.country_code.as_deref().unwrap_or("-"),
            p.admin1.as_deref().unwrap_or("-"),
            p.precision,
            p.confidence,
            p.unresolved.as_deref().unwrap_or("")
        );
    }
    Ok(())
}
