//! The `vigil` command: a thin shell that turns flags into a configuration and wires sources,
//! the pipeline, the store and the printers together. All real work lives in the library crates.

mod args;
mod db;
mod export;
mod extract;
mod ingest;
mod merged;
mod output;
mod progress;
mod query;
mod serve;
mod watch;
mod worker;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse_from(args::with_default_subcommand(std::env::args_os()));
    let result = match cli.command {
        Command::Extract(a) => extract::run(&a),
        Command::Ingest(a) => ingest::run(&a),
        Command::Watch(a) => watch::run(&a),
        Command::Articles(a) => query::articles(&a),
        Command::Events(a) => query::events(&a),
        Command::Export(a) => export::run(&a),
        Command::Show(a) => query::show(&a),
        Command::Search(a) => query::search(&a),
        Command::Eval(a) => query::eval(&a),
        Command::Gazetteer(a) => query::gazetteer(&a),
        Command::Worker(a) => worker::run(&a),
        Command::Status(a) => worker::status(&a),
        Command::Serve(a) => serve::serve(&a),
        Command::Demo(a) => serve::demo(&a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("vigil: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`vigil extract … | head`) is a normal end, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
