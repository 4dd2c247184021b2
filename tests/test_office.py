"""A thread's comments pasted into a word processor and saved as ``.docx`` or ``.odt`` are
read as the text that was pasted, an Excel workbook as the CSV of its sheet of posts
(threads/office.py); other office files say what to do.

The documents are built here from XML written the way Word and LibreOffice write it
(runs cut mid-word, tabs and breaks as elements, a tracked deletion, a field code, a
table, a text box, a comment reference), around the text of seed 004.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
import pytest
from typer.testing import CliRunner

import threads
from threads.cli import app
from threads.model import ThreadsError
from threads.read import read_source

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_004 = next(SEEDS.glob("004_*.txt"))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def _docx(path: Path, body: str) -> Path:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {W}><w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document)
        z.writestr(
            "word/comments.xml",
            f"<w:comments {W}><w:comment><w:p><w:r><w:t>REVIEWER NOTE</w:t></w:r></w:p>"
            "</w:comment></w:comments>",
        )
        z.writestr("docProps/core.xml", "<cp:coreProperties/>")
    return path


def _paragraphs(text: str) -> str:
    """Word's XML for ``text``: a paragraph a line, each cut into runs of up to 7
    characters (Word splits runs at every change of spell-check state or formatting)."""
    out = []
    for line in text.split("\n"):
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{escape(line[i : i + 7])}</w:t></w:r>'
            for i in range(0, len(line), 7)
        )
        out.append(f"<w:p>{runs}</w:p>")
    return "".join(out)


def _odt(path: Path, body: str, mimetype: str = "application/vnd.oasis.opendocument.text") -> Path:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>'
        f"<office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored first, as ODF asks
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


def test_seed_004_pasted_into_word_reads_as_the_text(tmp_path: Path) -> None:
    text = SEED_004.read_text(encoding="utf-8")
    doc = _docx(tmp_path / "comments.docx", _paragraphs(text))
    got, want = threads.read(doc), threads.read(SEED_004)
    assert got.threads[0].source_format == want.threads[0].source_format == "typepad-text"
    cols = ["post_id", "author", "timestamp", "parent_id", "text", "quoted"]
    assert got.posts.select(cols).rows() == want.posts.select(cols).rows()
    assert got.replies.drop("thread_id").rows() == want.replies.drop("thread_id").rows()


def test_word_markup_is_read_as_the_words_a_reader_sees(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>Posted</w:t></w:r><w:r><w:tab/><w:t>by: Ann</w:t></w:r>"
        "<w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> link</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:commentReference w:id="0"/>'
        "<w:r><w:br/><w:t>second</w:t><w:noBreakHyphen/><w:t>line</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell one</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>after</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>BOX</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></w:r></w:p>"
    )
    doc = _docx(tmp_path / "marked.docx", body)
    assert read_source(doc).text == "Posted\tby: Ann link\nsecond-line\n\ncell one\ncell two\nafter\n"


def test_an_odt_reads_its_paragraphs_spaces_and_breaks(tmp_path: Path) -> None:
    body = (
        '<text:h text:outline-level="1">Allotment news</text:h>'
        '<text:p>Ann<text:s text:c="3"/>wrote<text:tab/>at noon<text:line-break/>'
        "<text:span>Spans <text:a>and links</text:a> count</text:span>"
        "<text:note><text:note-body><text:p>FOOTNOTE</text:p></text:note-body></text:note>.</text:p>"
        '<text:list><text:list-item><text:p>an item<text:s text:c="999999999"/>end</text:p>'
        "</text:list-item></text:list>"
    )
    doc = _odt(tmp_path / "notes.odt", body)
    lines = read_source(doc).text.split("\n")
    assert lines[:3] == ["Allotment news", "Ann   wrote\tat noon", "Spans and links count."]
    assert lines[3] == "an item" + " " * 1000 + "end"  # a crafted count is capped


def test_seed_004_saved_from_libreoffice_reads_as_the_text(tmp_path: Path) -> None:
    text = SEED_004.read_text(encoding="utf-8")
    body = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    got = threads.read(_odt(tmp_path / "comments.odt", body))
    want = threads.read(SEED_004)
    cols = ["post_id", "author", "timestamp", "parent_id", "text"]
    assert got.posts.select(cols).rows() == want.posts.select(cols).rows()


@pytest.mark.parametrize(
    ("name", "parts", "message"),
    [
        (
            "slides.pptx",
            ["[Content_Types].xml", "ppt/presentation.xml"],
            "a presentation (.pptx), not a discussion dump",
        ),
        ("empty.docx", ["[Content_Types].xml", "word/document.xml"], "a .docx document with no text"),
    ],
)
def test_other_office_files_say_what_they_are(
    tmp_path: Path, name: str, parts: list[str], message: str
) -> None:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        for part in parts:
            z.writestr(
                part, f"<w:document {W}><w:body/></w:document>" if part.startswith("word/") else "<x/>"
            )
    with pytest.raises(ThreadsError) as err:
        read_source(path)
    assert err.value.message.startswith(message) and err.value.path == str(path)
    res = CliRunner().invoke(app, ["parse", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code != 0 and (res.exception is None or isinstance(res.exception, SystemExit))
    assert message in res.output and "Traceback" not in res.output


def test_an_ods_sheet_says_what_to_do(tmp_path: Path) -> None:
    doc = _odt(tmp_path / "sheet.ods", "", mimetype="application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(ThreadsError, match=r"a spreadsheet \(\.ods\): save its sheet of posts as CSV"):
        read_source(doc)


def test_a_document_whose_xml_is_broken_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(
        ThreadsError, match=r"a \.docx document whose word/document\.xml is not well-formed XML"
    ):
        read_source(path)


def test_entities_in_a_document_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET\n")
    body = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr(
            "word/document.xml",
            f"{body}<w:document {W}><w:body><w:p><w:r><w:t>a &x; b</w:t></w:r></w:p></w:body></w:document>",
        )
    try:
        text = read_source(path).text
    except ThreadsError:
        return  # refused: no more is read
    assert "TOP SECRET" not in text


# ---------------------------------------------------------------- Excel workbooks
TABLES = Path(__file__).parent / "fixtures" / "table-csv"
REDDIT_CSV = TABLES / "reddit_pushshift_comments.csv"


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx written by openpyxl (what pandas' to_excel and most tools use)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def _csv_rows(path: Path) -> list[list[object]]:
    """The CSV's rows, whole numbers as numbers (as a spreadsheet holds them)."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [[int(v) if v.isdigit() else v for v in row] for row in csv.reader(fh)]


def test_a_comment_table_saved_from_excel_reads_as_its_csv(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "tramspotting.xlsx", {"Sheet1": _csv_rows(REDDIT_CSV)})
    got, want = threads.read(book), threads.read(REDDIT_CSV)
    assert {t.source_format for t in got.threads} == {"table-csv"}
    cols = ["post_id", "author", "timestamp", "parent_id", "text", "placeholder"]
    assert got.posts.select(cols).rows() == want.posts.select(cols).rows()
    assert (
        got.replies.filter(pl.col("is_parent")).height == want.replies.filter(pl.col("is_parent")).height > 0
    )


def test_excel_dates_cells_and_sheets(tmp_path: Path) -> None:
    from datetime import datetime

    rows: list[list[object]] = [
        ["Name", "Date", "Likes", "Comment"],
        ["Ana Lind", datetime(2024, 3, 1, 9, 30), 3.0, "Great photos of the lake."],
        ["Bo Ek", datetime(2024, 3, 1, 10, 5), None, "@Ana Lind which lake is it?"],
    ]
    info = [["Exported", "2024-03-02"], ["Post", "https://example.org/p/1"]]
    one = _workbook(tmp_path / "comments.xlsx", {"Info": info, "Comments": rows})
    got = threads.read(one)  # the sheet of posts, not the export's info sheet
    posts = got.posts.sort("post_id")
    assert posts["author"].to_list()[1:] == ["Ana Lind", "Bo Ek"]
    assert posts["timestamp"][1].replace(tzinfo=None) == datetime(2024, 3, 1, 9, 30)
    assert "Exported" not in " ".join(posts["text"].fill_null("").to_list())
    # one table cut into sheets alike is one table; sheets of different tables are refused
    cut = _workbook(tmp_path / "cut.xlsx", {"A": rows[:2], "B": [rows[0], rows[2]]})
    assert threads.read(cut).posts.filter(~pl.col("placeholder")).height == 2
    two = _workbook(tmp_path / "two.xlsx", {"A": rows, "B": [["User", "Text"], ["Cy", "Hello"]]})
    with pytest.raises(
        ThreadsError, match=r"an \.xlsx workbook of 2 sheets \('A', 'B'\), with different columns"
    ):
        read_source(two)
    none = _workbook(tmp_path / "none.xlsx", {"Info": info, "More": info})
    with pytest.raises(ThreadsError, match=r"none of them a table with author and text columns"):
        read_source(none)
    empty = _workbook(tmp_path / "empty.xlsx", {"Sheet1": []})
    with pytest.raises(ThreadsError, match=r"an \.xlsx workbook with no cell filled"):
        read_source(empty)


def test_a_damaged_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", "<workbook>")
    with pytest.raises(ThreadsError, match=r"an \.xlsx workbook that cannot be read"):
        read_source(path)
