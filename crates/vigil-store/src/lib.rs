//! Storage: the Store trait and its SQLite implementation.
