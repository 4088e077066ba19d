//! The integration tests, in one crate so that nyttig and its dependencies are linked once:
//! each module is one area of the product, and `common` holds what they share (a portal
//! copied from a fixture, plain-text views of pages, servers). The browser tests are their
//! own binary (`tests/browser.rs`), as they need Chromium.

mod common;
#[path = "common/fuzz.rs"]
mod fuzz;

mod architecture;
mod build_basic;
mod compounds;
mod dashboard;
mod errors;
mod feed;
mod health;
mod incremental;
mod opendata;
mod pictures;
mod publish;
mod redirects;
mod robustness;
mod search;
mod serve;
mod site_checks;
mod snapshots;
