//! nyttig: a static site generator for the innovation portals of Danish and Norwegian kommuner.
//!
//! The pipeline: `config` + `content` (read and check files) → `model` (the validated site) →
//! `views` (pages and their values) → `render` (Tera) → `output` (a map of files, written
//! atomically). `build::build` runs it and returns the map.

#[macro_use]
pub mod say;
pub mod build;
pub mod charts;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod editor;
pub mod external;
pub mod feed;
pub mod figures;
pub mod hash;
pub mod health;
pub mod hosting;
pub mod html;
pub mod i18n;
pub mod images;
pub mod linkcheck;
pub mod model;
pub mod opendata;
pub mod output;
pub mod phases;
pub mod pipelines;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod stamps;
pub mod text;
pub mod urls;
pub mod views;
