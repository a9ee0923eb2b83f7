//! Sources: reads files, folders, stdin, gzip, JSONL, RSS/Atom and WARC into decoded [`vigil_core::Document`]s.
