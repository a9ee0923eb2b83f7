//! The lazy walk over the paths a user named: files, folders (recursive, sorted), and `-` for
//! stdin. Only one input is open at a time; a folder's entry names are listed, never its contents.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use vigil_core::Document;

use crate::error::{ErrorKind, IngestError};
use crate::source::{read_source, DocumentIter};
use crate::{sniff, IngestOptions};

enum Pending {
    /// A path the user named: always read, whatever its name.
    Named(PathBuf),
    /// A path found inside a folder: hidden files, links (unless followed) and obvious
    /// non-documents are skipped.
    Found(PathBuf),
}

pub(crate) struct Walk {
    options: IngestOptions,
    /// Paths still to visit, the next one last.
    pending: Vec<Pending>,
    current: Option<DocumentIter<'static>>,
    /// Folders already listed (canonical paths), so a link cycle is walked once.
    seen_folders: HashSet<PathBuf>,
}

impl Walk {
    pub(crate) fn new(paths: &[PathBuf], options: &IngestOptions) -> Walk {
        Walk {
            options: options.clone(),
            pending: paths.iter().rev().cloned().map(Pending::Named).collect(),
            current: None,
            seen_folders: HashSet::new(),
        }
    }

    fn visit(&mut self, pending: Pending) -> Option<Result<Document, IngestError>> {
        let (path, named) = match pending {
            Pending::Named(path) => (path, true),
            Pending::Found(path) => (path, false),
        };
        let uri = path.display().to_string();
        if named && path.as_os_str() == "-" {
            let stdin: Box<dyn io::Read + Send> = Box::new(io::stdin());
            self.current = Some(read_source(uri, stdin, None, &self.options));
            return None;
        }
        let metadata = if named || self.options.follow_symlinks {
            fs::metadata(&path)
        } else {
            fs::symlink_metadata(&path)
        };
        let metadata = match metadata {
            Ok(metadata) => metadata,
            Err(err) => return Some(Err(not_readable(&uri, &err))),
        };
        if metadata.file_type().is_symlink() {
            return None;
        }
        if metadata.is_dir() {
            return self.list_folder(&path, &uri);
        }
        if !named && sniff::is_non_document_extension(&sniff::extension(&uri)) {
            return None;
        }
        match File::open(&path) {
            Ok(file) => {
                let known_len = metadata.is_file().then_some(metadata.len());
                self.current = Some(read_source(uri, Box::new(file), known_len, &self.options));
                None
            }
            Err(err) => Some(Err(not_readable(&uri, &err))),
        }
    }

    fn list_folder(&mut self, folder: &Path, uri: &str) -> Option<Result<Document, IngestError>> {
        let canonical = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        if !self.seen_folders.insert(canonical) {
            return None;
        }
        let entries = match fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(err) => return Some(Err(not_readable(uri, &err))),
        };
        let mut names = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    if !name.as_encoded_bytes().starts_with(b".") {
                        names.push(name);
                    }
                }
                Err(err) => return Some(Err(not_readable(uri, &err))),
            }
        }
        // Sorted by name so that every run over the same folder yields the same order.
        names.sort();
        self.pending.extend(
            names
                .into_iter()
                .rev()
                .map(|name| Pending::Found(folder.join(name))),
        );
        None
    }
}

fn not_readable(uri: &str, err: &io::Error) -> IngestError {
    if err.kind() == io::ErrorKind::NotFound {
        IngestError::new(uri, ErrorKind::NotFound, "no such file or folder")
    } else {
        IngestError::from_io(uri, err, false)
    }
}

impl Iterator for Walk {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let pending = self.pending.pop()?;
            if let Some(item) = self.visit(pending) {
                return Some(item);
            }
        }
    }
}
