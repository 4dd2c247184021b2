"""A zip archive that holds one dump, or one export made of several files: read that.
(An office document is a zip archive too: ``threads/office.py`` reads its text.)

Some exports arrive zipped with their media: WhatsApp's "Export chat" on an iPhone
writes ``WhatsApp Chat - NAME.zip`` holding ``_chat.txt`` and the photos; a saved page
or an API answer is often mailed or downloaded as a zip of one file. Such an archive is
read as its one dump: the members that are not media (by name: images, audio, video,
documents, contact cards; folders) must be exactly one. The member is read within the
same size cap as a file, in pieces, so a zip bomb stops at the cap.

**Exports made of several files.** Some platforms export one discussion space as many
files that only mean something together: a Slack workspace export is ``users.json``,
``channels.json`` and a folder per channel of one JSON file per day (a channel's thread
replies may sit in a later day's file than the message they answer; a day file does not
name its channel, its folder does); a Stack Exchange data dump is ``Posts.xml``,
``Comments.xml`` and ``Users.xml`` (a comment names its post, not the post's question).
Such an archive, or such a folder given to ``threads parse``, matches a :class:`Layout`
of :data:`LAYOUTS` by its members' names (and, for a layout that says so, by what each
member opens with), and is read as ONE text, a *bundle*: a JSON
object ``{"threads-bundle": LAYOUT, "name": the archive's or folder's name, "files":
{member path: member text, ...}}`` that the dialect of that export reads (``slack-json``,
``stackexchange-xml``, ``telegram-html``: a Telegram chat's pages with its style sheet,
script and media folders; ``mbox``: a mailbox kept as one file a mail, a Maildir, a
folder of ``.eml`` files, an MH folder or news spool, known by what its files hold;
``list-archive-html``: a folder of a list archive's message pages, known so too). A
zip of several dumps that matches no layout (a forum backup, a folder of pages zipped)
is still refused in one line naming what it holds ("extract it first"); a folder that
matches none is read file by file, as always. Adding an export made of several files is
a row of :data:`LAYOUTS` and a dialect that reads its bundle.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from threads.mailhead import is_message_page, one_mail
from threads.model import ThreadsError

# Members that are no dump: what chat and page exports put beside the text (by suffix).
MEDIA_SUFFIXES = frozenset(
    {
        *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".svg", ".ico"),  # images
        *(".mp4", ".mov", ".3gp", ".webm", ".mkv", ".avi"),  # video
        *(".opus", ".ogg", ".m4a", ".mp3", ".aac", ".wav", ".amr"),  # audio, voice notes
        *(".pdf", ".vcf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"),  # documents, contacts
        *(".css", ".js", ".woff", ".woff2", ".ttf"),  # a saved page's assets
    }
)
# Names listed in a refusal, at most.
SHOWN = 4
# The key that opens a bundle (see the module doc); dialects sniff it.
BUNDLE_KEY = "threads-bundle"


@dataclass(frozen=True)
class Layout:
    """An export made of several files, known by its members' paths (relative to the
    archive or folder, ``/``-separated): every member matches ``member`` or ``ignored``,
    at least one matches ``anchor`` (the files that name the export as such: a file
    name alone, such as a date, would take any folder of dated JSON files for one), and
    at least one matches ``content`` (the discussion itself)."""

    name: str
    member: re.Pattern[str]
    anchor: re.Pattern[str]
    content: re.Pattern[str]
    ignored: re.Pattern[str] = re.compile(r"(?!)")  # matches nothing
    # A file the export always holds, media or not (``None``: nothing more is needed):
    # what tells its pages from any folder of pages named alike.
    requires: re.Pattern[str] | None = None
    # What every kept member (its path and first :data:`HEAD_BYTES`) must be (``None``:
    # anything): an export known by what its files hold as much as by their names (a
    # folder of files named by number is a mailbox only if each file is a mail).
    accepts: Callable[[str, bytes], bool] | None = None
    # Members kept as their bytes (one character a byte, Latin-1) for the dialect to
    # decode each as a file on its own is (a declared or detected legacy code page: a
    # mail of 2003 in ISO-8859-1), not as UTF-8 (what JSON exports are).
    raw_bytes: bool = False
    # Members named in the bundle by their whole path in a zip, its top folder too (a
    # mail's source_file is the member it came from), not relative to that folder.
    zip_paths: bool = False


# How much of a member :attr:`Layout.accepts` sees.
HEAD_BYTES = 8192


# Exports made of several files, in the order they are tried.
LAYOUTS: tuple[Layout, ...] = (
    # Slack's workspace export ("Export data"; free-workspace exports; slackdump's
    # "standard" format): top-level users.json, channels.json, groups.json, dms.json,
    # mpims.json, integration_logs.json, canvases.json, ...; one folder per channel of
    # YYYY-MM-DD.json day files (slack.com/help/articles/220556107 "How to read Slack data
    # exports"; rusq/slackdump internal/fixtures/assets/source_export_dir). slackdump
    # puts downloaded files in CHANNEL/attachments/; anything not JSON, or deeper, is left
    # out. A channel's folder alone (day files only) is no bundle: its day files are
    # read one by one and merge (slack-json).
    Layout(
        "slack-export",
        member=re.compile(r"(?:[^/]+/)?[^/]+\.json"),
        anchor=re.compile(r"(?:org_)?users\.json|channels\.json|groups\.json|dms\.json|mpims\.json"),
        content=re.compile(r"[^/]+/\d{4}-\d{2}-\d{2}\.json"),
        # what else an export may hold (downloaded files, canvases, newer extras): not read
        ignored=re.compile(r"(?:[^/]+/){2,}.+|.+(?<!\.json)"),
    ),
    # A Stack Exchange data dump (archive.org/details/stackexchange, one 7z per site):
    # Posts.xml with Comments.xml, Users.xml and the tables stackexchange-xml does not
    # read (Votes, Badges, PostHistory, PostLinks, Tags), named as the dump names them.
    Layout(
        "stackexchange-dump",
        member=re.compile(r"(?:Posts|Comments|Users|Votes|Badges|PostHistory|PostLinks|Tags)\.xml"),
        anchor=re.compile(r"Posts\.xml"),
        content=re.compile(r"(?:Posts|Comments)\.xml"),
    ),
    # Telegram Desktop's chat export as HTML (its default; export_output_html.cpp): a
    # folder of messages.html, messages2.html, ... with css/style.css, js/script.js,
    # images/ and the media folders (photos/, files/, video_files/, voice_messages/, ...),
    # which hold no message. Its style sheet and script are what tell it from a folder of
    # other pages that happen to be called messages.html.
    Layout(
        "telegram-html-export",
        member=re.compile(r"messages\d*\.html"),
        anchor=re.compile(r"messages\d*\.html"),
        content=re.compile(r"messages\d*\.html"),
        ignored=re.compile(r"[^/]+/.+"),  # every page is at the top; folders hold media
        requires=re.compile(r"css/style\.css|js/script\.js"),
    ),
    # A ConvoKit corpus as Corpus.dump writes it and convokit.download unpacks it
    # (convokit.cornell.edu/documentation/data_format.html, convokit/model/corpus_helpers.py):
    # utterances.jsonl, speakers.json, conversations.json, corpus.json, index.json;
    # utterances.json and users.json before ConvoKit 2.3. Beside them: processed fields
    # (info.FIELD.jsonl), metadata kept as pickles (FIELD-bin.p), a README: not read. Known
    # by its utterances file opening with an utterance (id, then conversation_id or root:
    # the keys Corpus.dump writes first), so a folder of other files named alike (a
    # conference's speakers.json beside an utterances.jsonl of transcripts) is not one.
    Layout(
        "convokit-corpus",
        member=re.compile(r"utterances\.jsonl?|(?:speakers|users|conversations|corpus|index)\.json"),
        anchor=re.compile(r"utterances\.jsonl?"),
        content=re.compile(r"utterances\.jsonl?"),
        ignored=re.compile(r"info\.[^/]+\.jsonl|[^/]+\.(?:p|pkl|npy|npz)|(?i:readme|license)[^/]*"),
        accepts=lambda name, head: (
            not name.startswith("utterances")
            or bool(
                re.match(rb'(?:\xef\xbb\xbf)?\s*\[?\s*\{\s*"id"\s*:', head)
                and re.search(rb'"(?:conversation_id|root)"\s*:', head)
            )
        ),
    ),
    # A mailbox kept as one file a mail, read as one mbox (its mails thread by In-Reply-To
    # and References across files; read one by one, each was a thread of one post whose
    # parent "is not in the file"): a Maildir (getmail, offlineimap, mbsync, Dovecot: cur/,
    # new/ and tmp/ of files named by delivery), .eml files (Thunderbird's "Save as",
    # ImportExportTools NG), MH folders (nmh, Claws Mail) and news spools (INN's tradspool:
    # files named by number), notmuch's trees of all of these; a Maildir's Maildir++
    # folders (.Sent/cur/..., hidden: _maildir_plus) with it. Known by what the files
    # hold, not their names: every file must be one mail, else the folder is read file by
    # file, as any folder (a folder of monthly mbox archives too: each is read alone, and
    # in pieces when big). What mail servers keep beside the mails is no member.
    Layout(
        "mailbox",
        member=re.compile(r".+"),
        anchor=re.compile(r".+"),
        content=re.compile(r".+"),
        # Beside the mails: Dovecot's indexes and uid lists, Courier-IMAP's uid database
        # and its courierimapkeywords/ folder (":list" and a file per message with
        # keywords: courier-mta.org/imap/README.imapkeywords.html), Courier's POP3 size
        # cache, the Maildir++ quota file maildirsize ("31457280S" then "size count"
        # lines; any server with quotas writes one, and one such file made a whole
        # Maildir read file by file), Thunderbird's .msf summaries, MH's sequences.
        ignored=re.compile(
            r"(?:[^/]+/)*(?:dovecot[^/]*|maildirfolder|maildirsize|courierimap[^/]*(?:/.+)?|"
            r"courierpop3dsizelist|subscriptions|cmusly\.db|\.?mh_sequences|\.xdg-volume-info|"
            r"[^/]+\.msf)"
        ),
        accepts=one_mail,
        raw_bytes=True,
        zip_paths=True,
    ),
    # A mailing-list archive's message pages saved into a folder (Pipermail, Hypermail,
    # MHonArc: a page a message), read as one archive so that replies find their parents
    # across pages (list-archive-html); each page one message, as a mailbox's files are
    # one mail each. The archive's own index pages (a mirror of a month holds them) and a
    # browser's "NAME_files" folders of a saved page's assets are no member.
    Layout(
        "mail-archive-pages",
        member=re.compile(r"(?:[^/]+/)*[^/]+\.html?", re.I),
        anchor=re.compile(r"(?:[^/]+/)*[^/]+\.html?", re.I),
        content=re.compile(r"(?:[^/]+/)*[^/]+\.html?", re.I),
        ignored=re.compile(
            r"(?:[^/]+/)*(?:index|date|thread|threads|subject|author|attachment|maillist|mail\d+|threads\d+)"
            r"\.html?|(?:[^/]+/)*[^/]+_files/.+",
            re.I,
        ),
        accepts=is_message_page,
        raw_bytes=True,
        zip_paths=True,
    ),
)


def layout_of(names: Iterable[str], head: Callable[[str], bytes] | None = None) -> Layout | None:
    """The :class:`Layout` the member paths ``names`` make, or ``None``. ``head`` gives a
    member's first :data:`HEAD_BYTES` (by path) for the layouts that look into their
    members (:attr:`Layout.accepts`); without it those layouts are never matched.

    >>> layout_of(["users.json", "general/2021-03-04.json"]).name
    'slack-export'
    >>> layout_of(["users.json", "general/notes.json"]) is None  # no day file
    True
    >>> layout_of(["general/2021-03-04.json", "general/2021-03-05.json"]) is None
    True
    >>> mail = b"Message-ID: <1@x>\\nFrom: Ann <a@x.org>\\nDate: 7 Mar 2011 21:15 +0000\\n\\nHi\\n"
    >>> layout_of(["cur/1.M1:2,S", "new/2.M2", "dovecot-uidlist"], head=lambda name: mail).name
    'mailbox'
    >>> layout_of(["1", "2"], head=lambda name: b"not a mail") is None
    True
    """
    every = list(names)  # media too: what a layout requires may be a style sheet
    names = [n for n in every if _dump_like(n)]
    for layout in LAYOUTS:
        kept = [n for n in names if not layout.ignored.fullmatch(n)]
        if (
            kept
            and all(layout.member.fullmatch(n) for n in kept)
            and any(layout.anchor.fullmatch(n) for n in kept)
            and any(layout.content.fullmatch(n) for n in kept)
            and (layout.requires is None or any(layout.requires.fullmatch(n) for n in every))
            and _accepted(layout, kept, head)
        ):
            return layout
    return None


def _accepted(layout: Layout, kept: list[str], head: Callable[[str], bytes] | None) -> bool:
    """Whether the members ``kept`` are what ``layout`` accepts (:attr:`Layout.accepts`):
    each of them, and at least one not empty (a folder of empty files is no mailbox). A
    member that cannot be read (a symlink loop, no permission) makes no such export: the
    folder is read file by file, and that file fails there on its own, named."""
    if layout.accepts is None:
        return True
    if head is None:
        return False
    try:
        heads = ((n, head(n)) for n in kept)
        filled = False
        for n, first in heads:
            if not layout.accepts(n, first):
                return False
            filled = filled or bool(first.strip())
        return filled
    except ThreadsError:
        return False


# How a bundle's text opens: json.dumps writes its key first (see :func:`bundle`).
_BUNDLE_OPENING = re.compile(r'\{"' + re.escape(BUNDLE_KEY) + r'": "([^"\\]*)"')


def bundle_layout(text: str) -> str | None:
    """The layout of the bundle ``text`` is, read from its opening alone (a bundle may be
    hundreds of MB: no parse), or ``None`` for any other text.

    >>> bundle_layout('{"threads-bundle": "mailbox", "name": "x", "files": {}}'), bundle_layout("{}")
    ('mailbox', None)
    """
    found = _BUNDLE_OPENING.match(text)
    return found[1] if found else None


def is_bundle(doc: object, layout: str) -> bool:
    """Whether the parsed JSON ``doc`` is a bundle of ``layout`` (see the module doc)."""
    return isinstance(doc, dict) and doc.get(BUNDLE_KEY) == layout


def unbundle(text: str, layout: str, what: str) -> tuple[str, dict[str, str]]:
    """The name and the files (path: text) of a bundle of ``layout``; what is no such
    bundle is refused as no ``what``."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        doc = None
    if not (is_bundle(doc, layout) and isinstance(doc.get("files"), dict)):  # type: ignore[union-attr]
        raise ThreadsError(f"JSON, but not {what} (a bundle of its files)")
    return str(doc.get("name") or ""), {str(k): str(v) for k, v in doc["files"].items()}


def one_dump(data: bytes, name: str, limit: int) -> bytes:
    """The bytes of the one dump in the zip archive ``data`` (the file ``name``), or the
    bundle of the export it holds: at most ``limit + 1`` of them, so that the caller can
    refuse one over ``limit``; :class:`ThreadsError` when it holds none, or several dumps
    that make no export, or is no readable zip. See the module doc."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
        raise ThreadsError(f"a zip archive that cannot be read: {err}", name) from None
    if (what := _office_kind(archive, members, name)) is not None:  # a .docx, .odt, ...
        from threads.office import document_text

        return document_text(archive, what, name, limit)
    dumps = [m for m in members if _dump_like(m.filename)]
    if len(dumps) > 1:
        top = _common_top([m.filename for m in members])
        relative = {m.filename[len(top) :]: m for m in members}  # media too (Layout.requires)
        if layout := layout_of(
            relative, head=lambda rel: _member(archive, relative[rel], name, HEAD_BYTES - 1)
        ):
            kept = {
                rel: m
                for rel, m in relative.items()
                if _dump_like(m.filename) and not layout.ignored.fullmatch(rel)
            }
            label = top.rstrip("/") or PurePosixPath(name).stem
            found = (
                (m.filename if layout.zip_paths else rel, _member(archive, m, name, limit))
                for rel, m in kept.items()
            )
            return bundle(layout, label, found, limit)
    if len(dumps) != 1:
        listed = ", ".join(m.filename for m in dumps[:SHOWN]) + (", ..." if len(dumps) > SHOWN else "")
        what = f"{len(dumps)} files that may be dumps ({listed})" if dumps else "no file that may be a dump"
        raise ThreadsError(
            f"a zip archive of {len(members)} file(s), {what}: extract it first "
            "(threads reads one dump per file, or a folder of them)",
            name,
        )
    return _member(archive, dumps[0], name, limit)


def _office_kind(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> str | None:
    """What office document the zip archive is (threads/office.py), or ``None``."""
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        return None
    from threads.office import kind

    odf = next((m for m in members if m.filename == "mimetype"), None)
    return kind(names, _member(archive, odf, name, 99) if odf is not None else None)


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, limit: int) -> bytes:
    try:
        with archive.open(member) as fh:
            return fh.read(limit + 1)  # the caller refuses more than limit bytes
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as err:
        raise ThreadsError(f"a zip archive whose {member.filename} cannot be read: {err}", name) from None


def _common_top(names: list[str]) -> str:
    """The one folder every member sits in ("export/"), or "": Slack's zips hold the
    export's files at the top, but a zipped folder holds them in that folder."""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        return f"{tops.pop()}/"
    return ""


def bundle(layout: Layout, name: str, members: Iterable[tuple[str, bytes]], limit: int) -> bytes:
    """One text for the export made of ``members`` (path, bytes): see the module doc.
    Member bytes are UTF-8 (a BOM dropped; an undecodable byte replaced, as no JSON
    export writes one), or kept as bytes where the layout says so
    (:attr:`Layout.raw_bytes`; an empty member left out); :class:`ThreadsError` once they
    pass ``limit`` bytes in all, as one file would."""
    files: dict[str, str] = {}
    total = 0
    for path, data in members:
        total += len(data)
        if total > limit:
            raise ThreadsError(f"an export of several files over the limit of {limit / 2**20:,.1f} MB in all")
        if not layout.raw_bytes:
            files[path] = data.decode("utf-8-sig", errors="replace")
        elif data.strip():  # an empty file (a mail delivery under way) holds nothing
            files[path] = data.decode("latin-1")
    doc = {BUNDLE_KEY: layout.name, "name": name, "files": dict(sorted(files.items()))}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _folder_files(folder: Path) -> list[str]:
    """The paths of the files under ``folder``, relative, ``/``-separated, hidden ones
    (and hidden folders) left out as :func:`threads.read.expand` leaves them, but for a
    Maildir++ folder's mails (:func:`_maildir_plus`)."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") or _maildir_folder(Path(root) / d)]
        rel = Path(root).relative_to(folder)
        out.extend((rel / f).as_posix() for f in files if not f.startswith("."))
    return sorted(out)


# The folders of one Maildir folder's mails.
MAILDIR_PARTS = frozenset({"cur", "new", "tmp"})


def _maildir_folder(path: Path) -> bool:
    """Whether the hidden folder ``path`` is a Maildir++ folder (it holds cur/ or new/)."""
    return any((path / part).is_dir() for part in ("cur", "new"))


def _maildir_plus(parts: tuple[str, ...]) -> bool:
    """Whether the path ``parts`` is a mail of a Maildir++ folder: ``.Sent/cur/NAME``.
    Courier, Dovecot and the mail clients on them keep every folder but the inbox as a
    hidden folder of the Maildir (``.Sent``, ``.Drafts``, ``.INBOX.lists.x``), its mails
    in its own cur/ and new/: a user's sent replies to the inbox's mails are there.

    >>> _maildir_plus((".Sent", "cur", "1612170000.M1P1.fen:2,S")), _maildir_plus((".git", "config"))
    (True, False)
    """
    hidden = [i for i, part in enumerate(parts) if part.startswith(".")]
    return bool(hidden) and all(i + 2 == len(parts) - 1 and parts[i + 1] in MAILDIR_PARTS for i in hidden)


def folder_bundle(folder: Path, limit: int) -> bytes | None:
    """The bundle of the export ``folder`` holds (see the module doc), or ``None`` when
    its files make no :class:`Layout`."""
    names = _folder_files(folder)
    layout = folder_layout(folder, names)
    if layout is None:
        return None
    kept = [n for n in names if _dump_like(n) and not layout.ignored.fullmatch(n)]
    return bundle(layout, folder.name, ((rel, _read(folder, rel, limit + 1)) for rel in kept), limit)


def folder_layout(folder: Path, names: list[str] | None = None) -> Layout | None:
    """The :class:`Layout` of the files under ``folder`` (``names``: their paths, if
    known), its members' first bytes read where the layout looks into them."""
    names = _folder_files(folder) if names is None else names
    return layout_of(names, head=lambda rel: _read(folder, rel, HEAD_BYTES))


def _read(folder: Path, rel: str, size: int) -> bytes:
    try:
        with open(folder / rel, "rb") as fh:
            return fh.read(size)
    except OSError as err:
        raise ThreadsError(f"cannot read {rel}: {err.strerror or err}", str(folder)) from None


def export_units(folder: Path, files: list[Path]) -> Iterator[Path]:
    """``files`` (a folder's files, in order) with the files of each export made of
    several files (``folder`` itself, or a folder inside it) given once, as that folder,
    where its first file stood."""
    n = len(folder.parts)
    # where an export's top would be: a folder whose path to a file is a layout's anchor,
    # with the first such file per layout (for a mailbox, every folder: see _may_be)
    candidates: dict[tuple[str, ...], dict[str, Path]] = {}
    for f in files:
        parts = f.parts[n:]
        for k in range(len(parts) - 1, -1, -1):
            rel = "/".join(parts[k:])
            for layout in LAYOUTS:
                if layout.anchor.fullmatch(rel):
                    candidates.setdefault(parts[:k], {}).setdefault(layout.name, f)
    units: list[tuple[str, ...]] = []
    # outermost first: an export's channel folder is part of it, not another
    for up in sorted(candidates, key=lambda p: (len(p), p)):
        if any(up[: len(u)] == u for u in units):
            continue
        top = folder.joinpath(*up)
        if any(_may_be(layout, top, candidates[up].get(layout.name)) for layout in LAYOUTS) and folder_layout(
            top
        ):
            units.append(up)
    if not units:
        yield from files
        return
    given: set[tuple[str, ...]] = set()
    for f in files:
        parts = f.parts[n:]
        root = next((u for u in units if parts[: len(u)] == u), None)
        if root is None:
            yield f
        elif root not in given:
            given.add(root)
            yield folder.joinpath(*root)


def _may_be(layout: Layout, top: Path, first: Path | None) -> bool:
    """Whether the folder ``top`` may be an export of ``layout``, judged from ``first``,
    the first file under it that is an anchor of the layout: a layout that looks into its
    files (:attr:`Layout.accepts`) is ruled out by one file it does not accept, before its
    whole folder is listed and read (every folder is a mailbox's candidate: a corpus
    folder of 20,000 dumps took 4 s instead of 1 to list)."""
    if first is None:
        return False
    if layout.accepts is None:
        return True
    rel = "/".join(first.parts[len(top.parts) :])
    if not _dump_like(rel) or layout.ignored.fullmatch(rel):
        return True  # no evidence either way: the whole folder decides
    try:
        return layout.accepts(rel, _read(top, rel, HEAD_BYTES))
    except ThreadsError:
        return False


def _dump_like(filename: str) -> bool:
    path = PurePosixPath(filename)
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in path.parts)
    return (not hidden or _maildir_plus(path.parts)) and path.suffix.lower() not in MEDIA_SUFFIXES
