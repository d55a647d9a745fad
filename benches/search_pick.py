#!/usr/bin/env python3
"""Picks the benchmark's queries from a built site's search index.

    search_pick.py SITE_DIR > queries.json

Reads the index through its documented format (themes/default/README.md,
"The search index") and chooses, deterministically:
  rare         a word of one statement (the first such word of 6+ letters in
               the dictionary's order of blocks);
  common       the word in the most statements (the index has no stop words);
  two+facet    two words from the middle of the frequent words (ranks 40 and
               120 by number of statements), with the most common kind;
  two+speaker  the same two words with the most frequent speaker;
  phrase       the same two words as a quoted phrase;
  browse       no words: the most common kind in the most recent year.
"""

import json
import os
import sys
import urllib.parse

site = sys.argv[1]
d = os.path.join(site, "search")
meta = json.load(open(os.path.join(d, "index.json")))


def df_of_file(name):
    return len(json.load(open(os.path.join(d, "w", name + ".json"))))


rare = None
for first, name in meta["blocks"]:
    block = json.load(open(os.path.join(d, "d", name + ".json")))
    for word, entry in block.items():
        if isinstance(entry, list) and len(entry) == 1 and len(word) >= 6 and word.isalpha() and word.isascii():
            rare = word
            break
    if rare:
        break

frequent = sorted(((df_of_file(name), word) for word, name in meta["common"].items()), reverse=True)
common = frequent[0][1]
a = frequent[min(40, len(frequent) - 1)][1]
b = frequent[min(120, len(frequent) - 1)][1]
facets = {f["param"]: f["values"] for f in meta["facets"]}
kind = max(facets["kind"], key=lambda v: v[2])[0]
speaker = max(facets["speaker"], key=lambda v: v[2])[0]
year = meta["years"][-1][0]
q = urllib.parse.quote
print(json.dumps([
    {"name": "rare", "words": [rare], "path": f"search/?q={q(rare)}"},
    {"name": "common", "words": [common], "path": f"search/?q={q(common)}"},
    {"name": "two+facet", "words": [a, b], "path": f"search/?q={q(a)}+{q(b)}&kind={q(kind)}"},
    {"name": "two+speaker", "words": [a, b], "path": f"search/?q={q(a)}+{q(b)}&speaker={q(speaker)}"},
    {"name": "phrase", "words": [a, b], "path": f"search/?q=%22{q(a)}+{q(b)}%22"},
    {"name": "browse", "words": [], "path": f"search/?kind={q(kind)}&year={year}"},
], indent=1))
