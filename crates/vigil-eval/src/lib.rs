//! Evaluation against the dev sets in ../shared/bench.
