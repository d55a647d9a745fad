//! Import, HTML: a saved web page in, a [`Document`] of lines out (then
//! read like a text export).
//!
//! The statement is the page's main content: the first `<article>` (inside
//! `<main>` when there is one), else `<main>`, else `<body>`. Navigation,
//! footers, asides, scripts, styles, forms and a header without the title
//! are dropped; an article's own `<header>` (where its title, kind and date
//! usually are) is kept. Block elements become paragraphs, `<br>` a line
//! break, `<h2>`–`<h6>` headings. The title is the first `<h1>` (or, failing
//! that, the `<title>` without its ` | Site name` end); the canonical link,
//! when there is one, is where the statement was published. Invariant: the
//! text of every kept element reaches the document, in document order.

use scraper::{ElementRef, Html, Node, Selector};

use super::source::{Document, Line, clean};

/// Elements whose content is never part of a statement.
const SKIP: &[&str] = &[
    "nav", "footer", "aside", "script", "style", "noscript", "template", "form", "button", "iframe", "svg",
    "select", "input", "textarea", "dialog", "head", "object", "canvas", "video", "audio",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "hr",
    "center",
    "details",
    "summary",
    "body",
    "html",
];

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn first<'a>(scope: ElementRef<'a>, css: &str) -> Option<ElementRef<'a>> {
    scope.select(&selector(css)?).next()
}

/// Reads a web page.
pub(super) fn document(html: &str) -> Document {
    let page = Html::parse_document(html);
    let top = page.root_element();
    let root = ["main article", "article", "main", "[role=main]", "body"]
        .iter()
        .find_map(|css| first(top, css))
        .unwrap_or(top);
    let h1 = first(root, "h1").or_else(|| first(top, "h1"));
    let title = h1
        .map(text_of)
        .filter(|t| !t.is_empty())
        .or_else(|| first(top, "title").map(|t| page_title(&text_of(t))));
    let mut out = Builder::default();
    walk(root, h1, &mut out);
    out.end_block();
    Document {
        lines: out.lines,
        title: title.filter(|t| !t.is_empty()),
        source_url: source_url(top),
        title_at: out.title_at,
    }
}

/// `Statement on X | Example Ministry` → `Statement on X`.
fn page_title(title: &str) -> String {
    match title.rsplit_once(" | ") {
        Some((main, _)) if !main.trim().is_empty() => main.trim().to_string(),
        _ => title.to_string(),
    }
}

fn source_url(top: ElementRef) -> Option<String> {
    let canonical = first(top, "link[rel=canonical]").and_then(|e| e.value().attr("href"));
    let og = first(top, "meta[property=\"og:url\"]").and_then(|e| e.value().attr("content"));
    canonical
        .or(og)
        .map(str::trim)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(str::to_string)
}

/// The text of an element, whitespace collapsed.
fn text_of(element: ElementRef) -> String {
    clean(&element.text().collect::<String>())
}

#[derive(Default)]
struct Builder {
    lines: Vec<Line>,
    current: String,
    title_at: usize,
}

impl Builder {
    fn break_line(&mut self) {
        let line = Line::new(&self.current, 0);
        self.current.clear();
        if !line.is_blank() {
            self.lines.push(line);
        }
    }

    fn end_block(&mut self) {
        self.break_line();
        if self.lines.last().is_some_and(|l| !l.is_blank()) {
            self.lines.push(Line::new("", 0));
        }
    }
}

/// Words of `id` and `class` names that mark page furniture on pages
/// older than `<nav>` and `<footer>` (`<div id="footer">`).
const FURNITURE: &[&str] = &[
    "footer",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "sidebar",
    "share",
    "social",
    "skip",
    "masthead",
    "banner",
    "print",
    "printer",
    "toolbar",
    "wm",
];

/// Is this element page furniture by its `id` or `class` (`site-footer`)?
fn is_furniture(element: ElementRef) -> bool {
    let v = element.value();
    let names = v.attr("id").into_iter().chain(v.attr("class"));
    names
        .flat_map(|n| n.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|w| FURNITURE.contains(&w.to_ascii_lowercase().as_str()))
}

fn walk(element: ElementRef, title: Option<ElementRef>, out: &mut Builder) {
    let name = element.value().name();
    if Some(element) == title {
        out.end_block();
        out.title_at = out.lines.len();
        return;
    }
    let holds_title = || title.is_some_and(|t| element.descendent_elements().any(|d| d == t));
    if SKIP.contains(&name) || (is_furniture(element) && !holds_title()) {
        return;
    }
    // A page's header holds its logo and menus; an article's holds its title.
    let header = name == "header" || element.value().attr("id") == Some("header");
    if header && !holds_title() {
        return;
    }
    let children = |out: &mut Builder| {
        for child in element.children() {
            match ElementRef::wrap(child) {
                Some(child) => walk(child, title, out),
                None => {
                    if let Node::Text(t) = child.value() {
                        out.current.push_str(t);
                    }
                }
            }
        }
    };
    match name {
        "br" => out.break_line(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            out.end_block();
            let level = name[1..].parse::<u8>().unwrap_or(2).max(2);
            let text = text_of(element);
            if !text.is_empty() {
                out.lines.push(Line {
                    text,
                    heading: Some(level),
                    number: 0,
                });
                out.lines.push(Line::new("", 0));
            }
        }
        "pre" => {
            out.end_block();
            let text: String = element.text().collect();
            for (i, part) in text.split('\n').enumerate() {
                if i > 0 {
                    out.break_line();
                }
                out.current.push_str(part);
            }
            out.end_block();
        }
        _ if BLOCKS.contains(&name) => {
            out.end_block();
            children(out);
            out.end_block();
        }
        _ => children(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_article_and_drops_the_chrome() {
        let doc = document(
            r#"<html><head><title>Statement on Ports | Ministry</title>
            <link rel="canonical" href="https://example.org/s/1"><style>p{}</style></head>
            <body><header><nav>Home</nav></header>
            <main><article><header><p>Press Statement</p><h1>Statement on Ports</h1><p>July 5, 2017</p></header>
            <p>First <b>bold</b> line<br>second line.</p><h2>Details</h2><ul><li>One</li><li>Two</li></ul>
            <aside>Related</aside><script>x()</script></article></main><footer>Contact</footer></body></html>"#,
        );
        assert_eq!(doc.title.as_deref(), Some("Statement on Ports"));
        assert_eq!(doc.source_url.as_deref(), Some("https://example.org/s/1"));
        let texts: Vec<(&str, Option<u8>)> = doc
            .lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| (l.text.as_str(), l.heading))
            .collect();
        assert_eq!(
            texts,
            [
                ("Press Statement", None),
                ("July 5, 2017", None),
                ("First bold line", None),
                ("second line.", None),
                ("Details", Some(2)),
                ("One", None),
                ("Two", None),
            ]
        );
    }

    #[test]
    fn marks_where_the_title_stood() {
        let doc = document("<body><div>Home</div><h1>Title</h1><p>July 5, 2017</p></body>");
        assert_eq!(doc.lines[doc.title_at].text, "July 5, 2017");
        assert_eq!(doc.lines[0].text, "Home");
    }

    #[test]
    fn falls_back_to_the_page_title() {
        let doc = document("<title>Readout: A Call | Ministry</title><p>July 5, 2017</p>");
        assert_eq!(doc.title.as_deref(), Some("Readout: A Call"));
    }
}
