"""A zip archive holding one dump is read as that dump (threads/zipped.py).

An iPhone's WhatsApp "Export chat" is a zip of ``_chat.txt`` and the chat's photos: it
was refused ("binary file, not text (a zip archive: extract it first)"). Archives of
several dumps are still refused in one line, naming what they hold.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import threads
from tests.conftest import FIXTURES, SEED_004, SEEDS
from threads.model import ThreadsError
from threads.read import read_source

CHAT = FIXTURES / "whatsapp-text" / "ios_lantern_monthfirst.txt"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _rows(analysis: threads.Analysis) -> list[tuple[object, ...]]:
    return analysis.posts.select("author", "timestamp", "text", "parent_id", "reply_evidence").rows()


def test_a_whatsapp_export_zip_reads_as_its_chat(tmp_path: Path) -> None:
    zipped = _zip(
        tmp_path / "WhatsApp Chat - Lantern.zip",
        {
            "_chat.txt": CHAT.read_bytes(),
            "00000012-PHOTO-2021-03-12-19-04-11.jpg": b"\xff\xd8\xff" + bytes(200),
            "00000013-AUDIO-2021-03-12-19-05-02.opus": b"OggS" + bytes(200),
            "__MACOSX/._chat.txt": b"\x00\x05\x16\x07",
        },
    )
    got, plain = threads.read(zipped), threads.read(CHAT)
    assert got.threads[0].source_format == "whatsapp-text"
    assert _rows(got) == _rows(plain) and got.posts.height > 3
    assert got.threads[0].thread_id == "WhatsApp_Chat_-_Lantern"  # the archive's name


def test_a_zip_of_one_page_or_seed_reads_as_it(tmp_path: Path) -> None:
    zipped = _zip(tmp_path / "seed.zip", {"folder/" + SEED_004.name: SEED_004.read_bytes()})
    assert _rows(threads.read(zipped)) == _rows(threads.read(SEED_004))
    # from standard input too
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "threads", "parse", "-", "--out", str(out), "--to", "csv"],
        input=zipped.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert (out / "posts.csv").read_text(encoding="utf-8").count("turcopolier") >= 1


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"a.txt": b"x", "b.json": b"{}", "c.jpg": b"\xff\xd8"},
            "a zip archive of 3 file(s), 2 files that may be dumps (a.txt, b.json): extract it first",
        ),
        (
            {"photo.jpg": b"\xff\xd8", "voice.opus": b"OggS"},
            "a zip archive of 2 file(s), no file that may be a dump",
        ),
    ],
)
def test_a_zip_of_several_dumps_or_none_is_refused_in_one_line(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    zipped = _zip(tmp_path / "backup.zip", members)
    with pytest.raises(ThreadsError) as err:
        read_source(zipped)
    assert err.value.message.startswith(message) and err.value.path == str(zipped)


def test_a_zip_s_dump_is_held_to_the_size_cap_and_a_broken_zip_is_named(tmp_path: Path) -> None:
    big = _zip(tmp_path / "big.zip", {"chat.txt": b"word " * 400_000})  # 2 MB inflated, ~2 KB zipped
    assert big.stat().st_size < 100_000
    with pytest.raises(ThreadsError, match="decompressed data too large"):
        read_source(big, max_bytes=1_000_000)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + bytes(64))
    with pytest.raises(ThreadsError, match="a zip archive that cannot be read"):
        read_source(broken)


def test_many_seeds_in_one_zip_name_them(tmp_path: Path) -> None:
    members = {p.name: p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    (tmp_path / "seeds.zip").write_bytes(buf.getvalue())
    with pytest.raises(ThreadsError, match=r"5 files that may be dumps \(000_[0-9a-f]+\.txt, .*, \.\.\.\)"):
        read_source(tmp_path / "seeds.zip")


def test_a_zip_bigger_than_a_piece_is_read_whole_in_a_corpus_run(tmp_path: Path) -> None:
    """A corpus run reads big inputs in pieces; a zip's head is no text, so a WhatsApp
    export whose photos make it big was refused there as binary."""
    import os

    from threads.corpus import build

    zipped = tmp_path / "in" / "WhatsApp Chat - Lantern.zip"
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("_chat.txt", CHAT.read_bytes())
        archive.writestr("IMG-0001.jpg", b"\xff\xd8\xff" + os.urandom(50_000))  # stored as is
    run = build([zipped], tmp_path / "out", workers=1, chunk_bytes=10_000)
    assert not run.failures and run.posts == threads.read(CHAT).posts.height
