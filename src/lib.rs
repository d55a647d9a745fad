//! pressroom: a static site generator for archives of official statements.
//!
//! The pipeline (see DESIGN.md): [`config`] and [`content`] load and
//! validate, [`markdown`] renders bodies, [`archive`] indexes dates and
//! taxonomies, [`render`] applies the theme, [`sitemap`] and [`output`]
//! write. [`build`] composes the stages; [`cli`] is the command line.

pub mod alloc;
pub mod archive;
pub mod build;
pub mod check;
pub mod cite;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod dates;
pub mod diag;
pub mod feeds;
pub mod import;
pub mod key;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod permalink;
pub mod render;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod theme;
pub mod watch;
