//! pressroom's integration tests: one binary, a module per feature.
//! Fixture sites live under tests/fixtures/<feature>/<case>/.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
mod support;

mod a11y;
mod browser;
mod build;
mod cite;
mod cli;
mod content;
mod crosslinks;
mod dates;
mod errors;
mod escaping;
mod feeds;
mod import;
mod incremental;
mod kill;
mod links;
mod navigation;
mod output;
mod pagination;
mod paths;
mod reserved;
mod search;
mod serve;
mod sitemap;
mod trust;
mod unicode;
mod watch;
