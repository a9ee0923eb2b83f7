//! Prints the gazetteer entries for each name given on the command line, and on stderr how
//! long loading the gazetteer took.
//!
//! usage: cargo run -p vigil-geo --example lookup -- Kabul "Mazar-i-Sharif"

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = std::time::Instant::now();
    let geo = vigil_geo::Geoparser::load(&vigil_geo::GeoConfig::default())?;
    let Some(g) = geo.gazetteer() else {
        return Err("no gazetteer".into());
    };
    eprintln!(
        "loaded {} entries from {} in {:.3} s",
        g.len(),
        g.location().display(),
        started.elapsed().as_secs_f64()
    );
    for name in std::env::args().skip(1) {
        println!("{name} ({})", vigil_geo::normalize(&name));
        for e in g.lookup(&name) {
            println!(
                "  {} {} {:?} {} {}.{} pop {} ({:.2}, {:.2})",
                e.id, e.name, e.kind, e.fcode, e.cc, e.admin1, e.population, e.lat, e.lon
            );
        }
    }
    Ok(())
}
