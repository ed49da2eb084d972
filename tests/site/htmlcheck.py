"""A small HTML checker built on html.parser: well-formed nesting and the accessibility basics."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Elements whose end tag HTML lets a page leave out; the site writes them all out anyway.
OPTIONAL_END = {"li", "p", "option", "tr", "td", "th", "dt", "dd"}
BLOCK_IN_P = {"div", "p", "ul", "ol", "section", "article", "aside", "nav", "header", "footer",
              "h1", "h2", "h3", "h4", "h5", "h6", "figure", "form", "table", "main", "dl"}
FIELDS = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.ids: Counter = Counter()
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.tags: Counter = Counter()
        self.doctype = False
        self.html_lang = None
        self.labels_open = 0

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        for name, n in Counter(names).items():
            if n > 1:
                self.problems.append(f"<{tag}> repeats the attribute {name}")
        attr = dict(attrs)
        self.tags[tag] += 1
        if "id" in attr:
            self.ids[attr["id"]] += 1
        if tag == "html":
            self.html_lang = attr.get("lang")
        if tag == "img" and attr.get("alt") is None:
            self.problems.append(f"<img src={attr.get('src')!r}> has no alt")
        if tag == "label":
            self.labels_open += 1
            if attr.get("for"):
                self.label_for.add(attr["for"])
        if tag in FIELDS and attr.get("type") not in UNLABELLED_INPUTS:
            self.fields.append({**attr, "_wrapped": self.labels_open > 0, "_tag": tag})
        if tag in BLOCK_IN_P and self.stack and self.stack[-1] == "p":
            self.problems.append(f"<{tag}> inside <p>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag for void element </{tag}>")
            return
        if tag == "label":
            self.labels_open -= 1
        if tag not in self.stack:
            self.problems.append(f"stray </{tag}>")
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag == tag:
                break
            if open_tag not in OPTIONAL_END:
                self.problems.append(f"<{open_tag}> closed by </{tag}>")


def problems(html: str) -> list[str]:
    """Everything wrong with a page: markup errors, and missing accessibility basics."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    found = list(checker.problems)
    if not checker.doctype:
        found.append("no <!doctype html>")
    if not checker.html_lang:
        found.append("<html> has no lang")
    left = [t for t in checker.stack if t not in OPTIONAL_END]
    if left:
        found.append(f"never closed: {left}")
    found += [f"id {i!r} used {n} times" for i, n in checker.ids.items() if n > 1]
    if checker.tags["h1"] != 1:
        found.append(f"{checker.tags['h1']} <h1> elements, not one")
    for tag in ("title", "main", "header", "footer", "nav"):
        if not checker.tags[tag]:
            found.append(f"no <{tag}>")
    for field in checker.fields:
        labelled = (field["_wrapped"] or field.get("id") in checker.label_for
                    or field.get("aria-label") or field.get("aria-labelledby"))
        if not labelled:
            found.append(f"<{field['_tag']} name={field.get('name')!r}> has no label")
    return found
