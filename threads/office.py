"""Office documents that hold a dump: a thread's comments pasted into a word processor.

A journalist or a moderator often keeps a page's comments by copying them into Word or
LibreOffice and saving the document. A ``.docx`` (Office Open XML) or ``.odt``
(OpenDocument) file is a zip archive of XML parts; its text is what was pasted, one line
a paragraph, and that text is read as any text dump is (its dialect detected: a Typepad
or WordPress page copied as text, a mail thread, a WhatsApp chat ...). Tabs and line
breaks inside a paragraph are kept; what is not the body's text (deleted tracked
changes, field codes, comments, notes, headers and footers) is not.

An Excel workbook (``.xlsx``: a comment table exported by a tool, or kept by hand) is
read as the CSV its sheet of posts would be saved as, which ``table-csv`` reads (its
columns by name): the one sheet with cells, else the sheets whose first row names an
author and a text column; several such sheets with the same header row are one table,
sheets with different ones are refused (save each as CSV). Cells are written as Excel
shows them: dates and times ISO, whole numbers without ``.0``. Other office files are
no dump, and say what to do instead: an OpenDocument sheet (``.ods``: save it as CSV), a
presentation.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

from lxml import etree

from threads.model import ThreadsError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# OpenDocument's mimetype member, by kind.
ODF_TEXT = "application/vnd.oasis.opendocument.text"
ODF_SHEET = "application/vnd.oasis.opendocument.spreadsheet"
ODF_SLIDES = "application/vnd.oasis.opendocument.presentation"
# The XML of a document is parsed without entities, DTDs or the network (a crafted file
# gets no file or URL read), and capped as the archive's member is.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
# The most spaces one ``text:s`` element is read as.
MAX_SPACES = 1_000
SHEET = "a spreadsheet ({what}): save its sheet of posts as CSV (comma- or tab-separated) and read that"


def kind(names: set[str], mimetype: bytes | None) -> str | None:
    """What office document a zip archive with members ``names`` is ("docx", "odt",
    "xlsx", "ods", "pptx", "odp"), or ``None`` for any other zip."""
    if "[Content_Types].xml" in names:
        for part, what in (
            ("word/document.xml", "docx"),
            ("xl/workbook.xml", "xlsx"),
            ("ppt/presentation.xml", "pptx"),
        ):
            if part in names:
                return what
    if mimetype is not None and "content.xml" in names:
        found = {ODF_TEXT: "odt", ODF_SHEET: "ods", ODF_SLIDES: "odp"}
        return found.get(mimetype.strip().decode("ascii", errors="replace"))
    return None


def document_text(archive: zipfile.ZipFile, what: str, name: str, limit: int) -> bytes:
    """The text of the office document ``archive`` (of kind ``what``, see :func:`kind`),
    UTF-8, one line a paragraph; :class:`ThreadsError` for a spreadsheet or presentation
    (said what to do), or a document whose text cannot be read."""
    if what == "xlsx":
        return workbook_csv(archive, name)
    if what == "ods":
        raise ThreadsError(SHEET.format(what=f".{what}"), name)
    if what in ("pptx", "odp"):
        raise ThreadsError(f"a presentation (.{what}), not a discussion dump", name)
    part = "word/document.xml" if what == "docx" else "content.xml"
    try:
        with archive.open(part) as fh:
            xml = fh.read(limit + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, KeyError) as err:
        raise ThreadsError(f"a .{what} document whose {part} cannot be read: {err}", name) from None
    if len(xml) > limit:
        raise ThreadsError(f"a .{what} document over the limit of {limit / 2**20:,.1f} MB", name)
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as err:
        raise ThreadsError(f"a .{what} document whose {part} is not well-formed XML: {err}", name) from None
    paragraphs = _docx(root) if what == "docx" else _odt(root)
    text = "\n".join(paragraphs).strip("\n")
    if not text.strip():
        raise ThreadsError(f"a .{what} document with no text", name)
    return (text + "\n").encode("utf-8")


def _docx(root: etree._Element) -> Iterator[str]:
    """The body's paragraphs (tables' cells too, in document order)."""
    body = root.find(f"{W}body")
    if body is None:
        return
    for p in body.iter(f"{W}p"):
        if _inside(p, (f"{W}txbxContent",)):
            continue  # a text box's paragraphs: drawn beside the text, not part of it
        yield "".join(_docx_runs(p))


def _docx_runs(p: etree._Element) -> Iterator[str]:
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if _inside(el, (f"{W}p",), stop=p):
            continue  # a nested paragraph's (a text box inside a run): not this one's
        tag = el.tag
        if tag == f"{W}t":
            yield el.text or ""
        elif tag == f"{W}tab":
            yield "\t"
        elif tag in (f"{W}br", f"{W}cr"):
            yield "\n"
        elif tag == f"{W}noBreakHyphen":
            yield "-"


def _inside(el: etree._Element, tags: tuple[str, ...], stop: etree._Element | None = None) -> bool:
    """Whether an ancestor of ``el`` (below ``stop``) has one of ``tags``."""
    up = el.getparent()
    while up is not None and up is not stop:
        if up.tag in tags:
            return True
        up = up.getparent()
    return False


def _odt(root: etree._Element) -> Iterator[str]:
    """The text body's paragraphs and headings (lists' and tables' too, in order)."""
    body = root.find(f"{OFFICE_NS}body/{OFFICE_NS}text")
    if body is None:
        return
    for el in body.iter(f"{TEXT_NS}p", f"{TEXT_NS}h"):
        if _inside(el, (f"{TEXT_NS}note", f"{OFFICE_NS}annotation", f"{TEXT_NS}p", f"{TEXT_NS}h"), stop=body):
            continue  # a note's or comment's paragraphs, or one inside another
        yield "".join(_odt_text(el))


def _odt_text(el: etree._Element) -> Iterator[str]:
    if el.text:
        yield el.text
    for child in el:
        tag = child.tag
        if tag == f"{TEXT_NS}s":
            yield " " * _spaces(child.get(f"{TEXT_NS}c"))
        elif tag == f"{TEXT_NS}tab":
            yield "\t"
        elif tag == f"{TEXT_NS}line-break":
            yield "\n"
        elif tag in (f"{TEXT_NS}note", f"{OFFICE_NS}annotation", f"{TEXT_NS}tracked-changes"):
            pass
        elif tag not in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
            yield from _odt_text(child)
        if child.tail:
            yield child.tail


def _spaces(count: str | None) -> int:
    """The spaces a ``text:s`` stands for: its count, 1 when absent or no number, at most
    :data:`MAX_SPACES` (a crafted count of 10**9 would fill the memory)."""
    try:
        return max(1, min(int(count or 1), MAX_SPACES))
    except ValueError:
        return 1


def workbook_csv(archive: zipfile.ZipFile, name: str) -> bytes:
    """The CSV of an Excel workbook's sheet of posts (see the module doc), UTF-8."""
    import openpyxl  # only for a workbook: ~0.2 s to import

    from threads.formats import table_csv

    try:
        book = openpyxl.load_workbook(archive.fp, read_only=True, data_only=True)  # type: ignore[arg-type]
    except Exception as err:  # openpyxl raises many kinds for a damaged workbook
        raise ThreadsError(f"an .xlsx workbook that cannot be read: {err}", name) from None
    try:
        sheets = [(ws.title, _sheet_csv(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    finally:
        book.close()
    filled = [(title, text) for title, text in sheets if text]
    if not filled:
        raise ThreadsError("an .xlsx workbook with no cell filled", name)
    if len(filled) == 1:
        return filled[0][1].encode("utf-8")
    tables = [(title, text) for title, text in filled if table_csv.sniff(text) >= table_csv.SURE]
    headers = {text.split("\n", 1)[0] for _, text in tables}
    if tables and len(headers) == 1:  # one table, or one cut into sheets alike
        return "".join(text for _, text in tables).encode("utf-8")
    listed = ", ".join(f"'{title}'" for title, _ in filled)
    why = "with different columns" if tables else "none of them a table with author and text columns"
    raise ThreadsError(
        f"an .xlsx workbook of {len(filled)} sheets ({listed}), {why}: save the sheet of posts as CSV",
        name,
    )


def _sheet_csv(rows: Iterator[tuple[object, ...]]) -> str:
    """A sheet's rows as CSV text (rows with no cell dropped; each row as wide as the
    widest), or "" for an empty sheet."""
    kept = [[_cell(v) for v in row] for row in rows if any(v not in (None, "") for v in row)]
    if not kept:
        return ""
    # as wide as the last column a cell fills (a sheet's trailing empty columns dropped)
    width = max(max(i for i, cell in enumerate(row) if cell) + 1 for row in kept)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows((row + [""] * width)[:width] for row in kept)
    return out.getvalue()


def _cell(value: object) -> str:
    """A cell as Excel shows it: ISO dates and times, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)
