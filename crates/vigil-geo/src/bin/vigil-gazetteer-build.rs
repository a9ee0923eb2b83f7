//! Compiles vigil's gazetteer from GeoNames' export files and the fetched registry packages
//! (see `scripts/gazetteer` and the crate README). The same command as `vigil gazetteer build`;
//! its flags: [`vigil_geo::build::BUILD_USAGE`].

use std::process::ExitCode;
use vigil_geo::build::BuildCommand;

fn main() -> ExitCode {
    let cmd = match BuildCommand::parse(std::env::args().skip(1)) {
        Ok(Some(cmd)) => cmd,
        Ok(None) => {
            println!("{}", vigil_geo::build::BUILD_USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match cmd.run() {
        Ok(line) => {
            eprintln!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gazetteer build failed: {e}");
            ExitCode::FAILURE
        }
    }
}
