//! One export through the importer: `import::convert` as a text export
//! (`.txt`), and, when the bytes have a `<`, also as a saved web page
//! (`.html`), with the default rules (kinds and drop patterns).
//!
//! Asserts: no panic; a skipped export is a diagnostic inside the file; a
//! converted statement has a trimmed title, converting again gives the
//! same statement (same sources, same bytes), and the file `to_markdown`
//! writes is one a build accepts (a kind site.toml lacks goes under
//! `[extra]`; a title without a slug the import skips) with the same
//! title and body. The body's markup is
//! escaped: rendered, it has no links, images, HTML, code, lists, quotes,
//! tables or emphasis, and headings only from an HTML page.

#![no_main]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use pressroom::config::Config;
use pressroom::import::{self, Rules};
use pressroom::{content, markdown, permalink};
use pulldown_cmark::{Event, Options, Parser, Tag};

use pressroom_fuzz::check_diagnostic;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::defaults);
/// The site `Rules::defaults` stands for: default kinds.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    match Config::parse(
        Path::new("/fuzz"),
        Path::new("site.toml"),
        "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n",
    ) {
        Ok(c) => c,
        Err(d) => panic!("{d}"),
    }
});

fn check(path: &Path, data: &[u8], html: bool) {
    let imported = match import::convert(path, data, &RULES) {
        Ok(s) => s,
        Err(d) => {
            assert_eq!(d.path, path);
            // Text exports count lines from the top of the file (a lone
            // CR ends a line too); HTML lines have no number in the file.
            let text = std::str::from_utf8(data)
                .ok()
                .filter(|_| !html)
                .map(|t| t.replace("\r\n", "\n").replace('\r', "\n"));
            check_diagnostic(&d, text.as_deref());
            return;
        }
    };
    assert!(!imported.title.is_empty() && imported.title.trim() == imported.title);
    assert_eq!(
        import::convert(path, data, &RULES).ok().as_ref(),
        Some(&imported),
        "converting the same export twice gave different statements"
    );
    assert!(!imported.body.ends_with('\n'));

    // A kind site.toml lacks goes under [extra]: that file builds too.
    let file = import::to_markdown(&imported, None);
    if permalink::slugify(&imported.title).is_empty() {
        return;
    }
    let target = Path::new("/fuzz/content/x.md");
    let statement = match content::parse(target, "x.md", &file, &CONFIG) {
        Ok(s) => s,
        Err(diags) => panic!(
            "import wrote a statement file the build rejects:\n{}\n--- file:\n{file}",
            diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        ),
    };
    assert_eq!(statement.title, imported.title);
    let expected_body = if imported.body.is_empty() {
        String::new()
    } else {
        format!("\n{}\n", imported.body)
    };
    assert_eq!(statement.body, expected_body);

    // Rendered as a build renders it.
    let statements = vec![Arc::new(statement)];
    let ids = markdown::heading_ids(&statements[0].body);
    let all_ids: Vec<&[String]> = vec![&ids];
    let unavailable = HashMap::new();
    let targets = markdown::LinkTargets::new(&CONFIG, &statements, &all_ids, &unavailable);
    if let Err(diags) = markdown::render(&statements[0], &targets) {
        panic!(
            "an imported body does not render: {}\n--- file:\n{file}",
            diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        );
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    for event in Parser::new_ext(&imported.body, options) {
        let markup = match &event {
            Event::Start(Tag::Heading { .. }) => !html,
            Event::Start(
                Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::HtmlBlock
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Emphasis
                | Tag::Strikethrough,
            )
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Code(_)
            | Event::FootnoteReference(_)
            | Event::Rule
            | Event::TaskListMarker(_) => true,
            _ => false,
        };
        assert!(
            !markup,
            "the imported body has unescaped markup ({event:?}):\n{}",
            imported.body
        );
    }
}

fuzz_target!(|data: &[u8]| {
    check(Path::new("/fuzz/export.txt"), data, false);
    if data.contains(&b'<') {
        check(Path::new("/fuzz/export.html"), data, true);
    }
});
