//! pressroom's integration tests: one binary, a module per feature.
//! Fixture sites live under tests/fixtures/<feature>/<case>/.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
mod support;

mod build;
mod cli;
mod content;
mod dates;
mod errors;
mod feeds;
mod links;
mod output;
mod pagination;
mod paths;
mod sitemap;
mod unicode;
