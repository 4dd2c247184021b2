"""A zip archive that holds one dump: read that dump.

Some exports arrive zipped with their media: WhatsApp's "Export chat" on an iPhone
writes ``WhatsApp Chat - NAME.zip`` holding ``_chat.txt`` and the photos; a saved page
or an API answer is often mailed or downloaded as a zip of one file. Such an archive is
read as its one dump: the members that are not media (by name: images, audio, video,
documents, contact cards; folders) must be exactly one, or the archive is refused in one
line naming what it holds ("extract it first"), as an archive of many dumps (a forum
backup) always was. The member is read within the same size cap as a file, in pieces,
so a zip bomb stops at the cap.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

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


def one_dump(data: bytes, name: str, limit: int) -> bytes:
    """The bytes of the one dump in the zip archive ``data`` (the file ``name``): at most
    ``limit + 1`` of them, so that the caller can refuse one over ``limit``;
    :class:`ThreadsError` when it holds none, several, or is no readable zip. See the
    module doc."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
        raise ThreadsError(f"a zip archive that cannot be read: {err}", name) from None
    dumps = [m for m in members if _dump_like(m.filename)]
    if len(dumps) != 1:
        listed = ", ".join(m.filename for m in dumps[:SHOWN]) + (", ..." if len(dumps) > SHOWN else "")
        what = f"{len(dumps)} files that may be dumps ({listed})" if dumps else "no file that may be a dump"
        raise ThreadsError(
            f"a zip archive of {len(members)} file(s), {what}: extract it first "
            "(threads reads one dump per file, or a folder of them)",
            name,
        )
    (member,) = dumps
    try:
        with archive.open(member) as fh:
            return fh.read(limit + 1)  # the caller refuses more than limit bytes
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as err:
        raise ThreadsError(f"a zip archive whose {member.filename} cannot be read: {err}", name) from None


def _dump_like(filename: str) -> bool:
    path = PurePosixPath(filename)
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in path.parts)
    return not hidden and path.suffix.lower() not in MEDIA_SUFFIXES
