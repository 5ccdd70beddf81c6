"""Numbered, captioned tables from glued cell outputs: the ``{glued-table}`` directive.

A chapter glues a table (``report.glue_table(key, report.markdown_table(...))`` or an
HTML table from ``report.html_table``) and places it with::

    ```{glued-table} tbl-lease-cost-breakdown
    :name: tbl-lease-cost-breakdown

    What the caption says.
    ```

The directive turns the glued output into a real docutils ``table`` with a title, so
Sphinx numbers it per chapter like any table ("Table 2.1", ``numfig_format``), gives it
the stable anchor ``:name:`` and lets ``{numref}`` point at it. A pipe table (Markdown)
is parsed as MyST, so its cells keep their citations; an HTML table keeps its own rows,
cell attributes and classes inside the numbered ``<table>``. Every table gets the class
``colossus-table``. A glued empty Markdown string (no table in this build) gives nothing.

Enabled in ``_config.yml`` (``sphinx.extra_extensions``).
"""
from __future__ import annotations

import html
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

_HTML_TABLE = re.compile(r"\A\s*<table(?P<attrs>[^>]*)>\s*(?:<caption>(?P<caption>.*?)</caption>)?"
                         r"(?P<body>.*)</table>\s*\Z", re.S)
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
TABLE_CLASS = "colossus-table"


def split_html_table(text: str) -> tuple[dict[str, str], str | None, str]:
    """An HTML table's opening-tag attributes, its caption's text (or None) and its inner
    markup without the caption.

    >>> split_html_table('<table class="a b" id="t"><caption>A &amp; B</caption><tr><td>1</td></tr></table>')
    ({'class': 'a b', 'id': 't'}, 'A & B', '<tr><td>1</td></tr>')
    >>> split_html_table('<p>no</p>')
    Traceback (most recent call last):
    ...
    ValueError: not a single HTML table
    """
    m = _HTML_TABLE.match(text)
    if m is None or "<table" in m.group("body"):
        raise ValueError("not a single HTML table")
    caption = m.group("caption")
    return (dict(_ATTR.findall(m.group("attrs"))),
            None if caption is None else html.unescape(re.sub(r"<[^>]+>", "", caption)).strip(),
            m.group("body"))


class GluedTable(SphinxDirective):
    """A glued table, numbered and captioned (see the module docstring)."""

    required_arguments = 1
    final_argument_whitespace = False
    has_content = True
    option_spec = {"name": directives.unchanged, "class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        from myst_nb.core.render import MimeData
        from myst_nb.core.variables import RetrievalError
        from myst_nb.ext.glue.utils import retrieve_glue_data

        key = self.arguments[0]
        try:
            result = retrieve_glue_data(self.state.document, key)
        except RetrievalError as exc:
            raise self.error(f"glued-table: {exc}") from None
        data = result.data
        caption_text = None
        if "text/markdown" in data:
            if not str(data["text/markdown"]).strip():
                return []  # no table in this build
            cell_key = result.nb_renderer.config.cell_metadata_key
            parsed = result.nb_renderer.render_markdown(MimeData(
                "text/markdown", data["text/markdown"],
                cell_metadata={cell_key: {"markdown_format": "myst"}},
                output_metadata=result.metadata, line=self.lineno))
            tables = [n for n in parsed if isinstance(n, nodes.table)]
            if len(tables) != 1 or len(parsed) != 1:
                raise self.error(f"glued-table: {key!r} is not a single Markdown table")
            table = tables[0]
        elif "text/html" in data:
            try:
                attrs, caption_text, body = split_html_table(str(data["text/html"]))
            except ValueError as exc:
                raise self.error(f"glued-table: {key!r}: {exc}") from None
            classes = [c for c in attrs.get("class", "").split() if c != "table"]
            table = nodes.table("", nodes.raw("", body, format="html"), classes=classes)
            if "name" not in self.options and attrs.get("id"):
                self.options["name"] = attrs["id"]
        else:
            raise self.error(f"glued-table: {key!r} holds neither Markdown nor HTML")
        self.set_source_info(table)

        # the caption: the directive's first paragraph, else the HTML table's own caption
        if self.content:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            if len(holder) != 1 or not isinstance(holder[0], nodes.paragraph):
                raise self.error("glued-table: the caption must be a single paragraph")
            title = nodes.title(holder[0].rawsource, "", *holder[0].children)
        elif caption_text:
            title = nodes.title(caption_text, caption_text)
        else:
            raise self.error(f"glued-table: {key!r} has no caption")
        self.set_source_info(title)
        table.insert(0, title)

        for cls in [TABLE_CLASS, *self.options.get("class", [])]:
            if cls not in table["classes"]:
                table["classes"].append(cls)
        if "name" not in self.options:
            raise self.error(f"glued-table: {key!r} needs a :name: (the table's anchor)")
        self.add_name(table)
        return [table]


def setup(app):
    app.add_directive("glued-table", GluedTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
