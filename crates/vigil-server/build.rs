//! Builds the web app (`web/` → `web/dist`) with npm before the server embeds it. Runs again
//! only when the app's sources or lock file change, or its build output is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let web = manifest.join("../../web");
    for p in [
        "src",
        "package.json",
        "package-lock.json",
        "build.mjs",
        "dist/index.html",
    ] {
        println!("cargo:rerun-if-changed={}", web.join(p).display());
    }
    let lock = web.join("node_modules/.package-lock.json");
    if stale(&lock, &web.join("package-lock.json")) {
        npm(&web, &["ci", "--no-audit", "--no-fund"]);
    }
    npm(&web, &["run", "build"]);
}

fn stale(output: &Path, input: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(output), modified(input)) {
        (Some(out), Some(inp)) => out < inp,
        _ => true,
    }
}

fn npm(dir: &Path, args: &[&str]) {
    let status = Command::new("npm").args(args).current_dir(dir).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => fail(&format!(
            "`npm {}` in {} failed ({s})",
            args.join(" "),
            dir.display()
        )),
        Err(e) => fail(&format!(
            "vigil-server embeds the web app in web/, built with npm, but npm could not run ({e}). \
             Install Node.js 18+ and npm (Debian: apt-get install npm), then build again"
        )),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
