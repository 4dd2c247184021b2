"""phpBB topics copied from the browser as text (Select All + Copy), phpBB 2 and 3.

phpBB 2 (subSilver and its kin) copies each post as the member block, then a header
line, the text, an optional signature under a rule, and "Back to top"::

    Rick
    Site Admin

    Joined: 27 Apr 2005
    Posts: 16589

    Posted: Mon Sep 24, 2012 4:53 pm    Post subject: Classic Car Rescue - C5
    47p2 wrote:
    I've recorded it to watch later
    <blank>
    i wouldn't bother.
    _________________
    Rick (Admin. oldclassiccar.co.uk)
    Back to top

phpBB 3 (prosilver) copies the subject, "by NAME » DATE" ("Post by", "Beitrag von",
"par", ...), the text, and the profile block (name, rank, "Posts:", "Joined:") under the
post (3.0) or above the subject (3.1+), then "Top". "NAME wrote:" opens a quote box;
its words end where they stop matching NAME's post on the page, else at the first
blank line. Post 0 is the first post on the page; the chrome around the posts is cut,
and "Page k of n" ("Goto page 1, 2 ... 9 Next") gives the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.formats import _copy
from threads.formats import _forum_text as ft
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "phpbb-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "phpBB topics copied from a browser: 'Posted: DATE Post subject:' (2) or 'by NAME » DATE' (3), "
    "'NAME wrote:' quotes."
)

# phpBB 2's header line (en, de, fr, es, it, nl language packs; ru: lang_main.php's
# 'Posted' => 'Добавлено', 'Post_subject' => 'Заголовок сообщения'); a copy may put the
# member cell's last line and a tab before it.
P2_HEADER = re.compile(
    r"^(?:.*\t)?\s*(?:posted|verfasst am|posté le|publicado|inviato|geplaatst|добавлено)\s*:\s*"
    r"(?P<date>\S.*?)"
    r"(?:\s+(?:post subject|titel|sujet du message|asunto|oggetto|onderwerp|заголовок сообщения)\s*:\s*"
    r"(?P<subject>.*?))?\s*$",
    re.I,
)
# phpBB 3's byline: "[POST] BY NAME » DATE", POST being the post icon's label ('POST',
# 'UNREAD_POST') and BY the pack's 'POST_BY_AUTHOR' word. One row per language pack:
# (POST labels, BY words); a pack whose BY word is empty (Russian, Ukrainian: "Сообщение
# NAME » DATE", seen in a Russian board's copy; Ukrainian assumed alike) needs its POST
# label. Hungarian and Slovak rows from their packs' common.php ('Szerző:', 'od').
BYLINE_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?:unread )?post", r"by"),  # en
    (r"(?:ungelesener )?beitrag", r"von"),  # de
    (r"message(?: non lu)?", r"par"),  # fr
    (r"mensaje", r"por"),  # es
    (r"messaggio", r"da"),  # it
    (r"bericht", r"door"),  # nl
    (r"(?:непрочитанное )?сообщение", r""),  # ru
    (r"(?:непрочитане )?повідомлення", r""),  # uk
    (r"hozzászólás", r"szerző\s*:"),  # hu
    (r"príspevok|příspěvek", r"od"),  # sk; cs the same form (not checked against its pack)
)
_BY_ONLY = "|".join(by for _, by in BYLINE_WORDS if by)
_POST_BY = "|".join(rf"(?:{post})\s+(?:{by})" if by else rf"(?:{post})" for post, by in BYLINE_WORDS)
P3_BYLINE = re.compile(
    rf"^\s*(?:#\d+\s+)?(?:{_POST_BY}|{_BY_ONLY})\s+(?P<name>\S.{{0,60}}?)\s*»\s*(?P<date>\S.{{4,60}}?)\s*$",
    re.I,
)
# The member block's "key: value" lines (phpBB 2 and 3, en/de/fr/es/it/nl).
MEMBER_KEYS = re.compile(
    r"^\s*(?:joined|posts|location|contact|website|age|gender|has thanked|been thanked|reputation|"
    r"anmeldungsdatum|registriert|beiträge|wohnort|alter|inscrit(?: le)?|messages|localisation|"
    r"registrado|mensajes|ubicación|iscritto il|messaggi|località|lid geworden op|berichten|woonplaats|"
    # fr 3.1+ ("Inscription :"), ru, uk, pl, hu, cs/sk packs
    r"inscription|зарегистрирован|сообщения|откуда|зареєстрований|повідомлення|звідки|"
    r"rejestracja|posty|lokalizacja|csatlakozott|hozzászólások|tartózkodási hely|"
    r"registrován|registrovaný|příspěvky|príspevky|bydliště|bydlisko)"
    r"\s*:.*$",
    re.I,
)
# Ranks phpBB installs by default, and ones boards commonly add (a name is above them).
RANK_TITLES = _copy.compile_lines(
    (
        r"site admin(?:istrator)?|administrator|admin|(?:global |super )?moderator|moderat(?:or|eur)|"
        r"registered user|newbie|(?:junior |senior )?member|guest|founder",
        r"administrateur|modérateur|administrador|moderador|amministratore|moderatore|beheerder",
    )
)
# Lines that end a post: phpBB 2's "Back to top" row, phpBB 3's "Top" link, and the
# table header over the first post ("Author  Message").
POST_END = _copy.compile_lines(
    (
        r"back to top|nach oben|haut|arriba|torna in cima|naar boven|top|"
        r"вернуться к началу|наверх|повернутися до початку|na górę|góra|vissza a tetejére|nahoru|hore",
        r"(?:author|autor|auteur)\s+(?:message|nachricht|mensaje)",
    )
)
# Buttons and labels that are nobody's words.
UI_LINES = _copy.compile_lines(
    (
        r"(?:reply with )?quote|zitieren|citer|citar|citazione|edit|delete|report|warn|"
        r"(?:mit zitat )?antworten|bearbeiten|löschen|melden|ip|profile?|pm|email|www",
        r"post a reply|reply to topic|new topic|neues thema|antwort erstellen",
        r"(?:profile|pm|email|www|icq|aim|yim|msnm)(?:\s+(?:profile|pm|email|www|icq|aim|yim|msnm))+",
        r"(?:post )?subject\s*:.*",
        r"\d+ (?:posts?|beiträge?|messages?|сообщени[еяй]|повідомлен[ьняі]+|post(?:y|ów)|hozzászólás)"
        r"\s*(?:•.*)?",
        r"(?:last edited|zuletzt geändert) by .*",
        r"↑",
        # a quote box's label on its own line, over "NAME wrote:" (fr/ru/pl/hu 3.2+)
        r"citation|цитата|cytat|idézet|citace|citácia",
        r"répondre|ответить|відповісти|odpowiedz|válasz|odpovědět",
    )
)
SAID = (
    r"wrote|hat (?:folgendes )?geschrieben|schrieb|a écrit|escribió|ha scritto|schreef|skrev|"
    r"napisał(?:\(a\))?|писал\(а\)|писал|написал\(а\)|написав\(ла\)|írta|napsal\(a\)|napísal\(a\)"
)
QUOTES = ft.QuoteRules(
    start=re.compile(rf"^\s*(?:(?P<name>\S.{{0,60}}?)\s+)?(?:{SAID})\s*:\s*↑?\s*(?P<rest>.*)$", re.I),
    skip=re.compile(r"^\s*(?:↑\s*)?(?:\w{2,3}\.?\s+)?(?:\w{3,9}\.?\s+\d|\d).{4,40}\d{1,2}:\d{2}.*$"),
)
# An unnamed box: "Quote:" / "Zitat:" over the words.
QUOTES_PLAIN = ft.QuoteRules(
    start=re.compile(
        r"^\s*(?:quote|zitat|citation|cita|citazione|citaat|цитата|cytat|idézet|citace|citácia)\s*:\s*(?P<rest>)$",
        re.I,
    )
)
# Lines of a phpBB 3.1+ profile block above a post, its name's line included: the name,
# a rank, and (under the key lines) the contact links "Contact:", "Contact NAME",
# "Website" (a real dostips.com page: seven lines).
PROFILE_LINES = 8
# "Re: subject" or the topic's title above a phpBB 3 byline.
MAX_SUBJECT_WORDS = 20

# sniff(): a post header or byline is phpBB's own; posts alone give SCORE_BY_POSTS, a
# phpBB page line (footer credit, "Back to top", "Display posts from previous")
# corroborates.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.35, 0.5, 0.6)
CORROBORATION = 0.3
_PHPBB_LINES = re.compile(
    r"^\s*(?:.*powered by phpbb.*|php ?bb powered.*|back to top|display posts from previous:.*|"
    r"author\s+message|autor\s+nachricht|goto page .*|gehe zu seite .*|"
    r"all times are (?:utc|gmt).*|alle zeiten sind .*|jump to:?|return to .*|\d+ posts? • page .*)\s*$",
    re.I,
)


@dataclass
class _Post:
    anchor: int  # index of the header/byline line
    timestamp: datetime | None
    author: str | None = None
    start: int = 0  # first line of the post (its member block or subject)
    subject: str | None = None
    block: ft.Block | None = None
    v3: bool = False


def _anchors(lines: list[Line], anchor: datetime | None = None) -> list[_Post]:
    found: list[_Post] = []
    for i, line in enumerate(lines):
        if m := P3_BYLINE.match(line.text):
            ok, stamp = ft.forum_date(m["date"], anchor=anchor)
            if ok:
                found.append(_Post(i, stamp, m["name"].strip(), v3=True))
            continue
        if (m := P2_HEADER.match(line.text)) and not MEMBER_KEYS.match(line.text):
            ok, stamp = ft.forum_date(m["date"], need_clock=True, anchor=anchor)
            if ok:
                found.append(_Post(i, stamp, subject=(m["subject"] or "").strip() or None))
    return found


def _block_above(lines: list[Line], at: int, lo: int) -> ft.Block:
    """phpBB 2's member block above the header at ``at``: past the key lines, the short
    lines up to a post's end ("Back to top"), a blank line or prose."""
    j = at - 1
    while j >= lo and (not lines[j].text.strip() or MEMBER_KEYS.match(lines[j].text.split("\t")[-1])):
        j -= 1
    run: list[int] = []
    bounded = False
    while j >= lo:
        text = lines[j].text.strip()
        if not text:
            # The rank may sit under a blank line; the name is above it.
            if run and j - 1 >= lo and ft.short(lines[j - 1].text) and RANK_TITLES.match(lines[run[0]].text):
                j -= 1
                continue
            break
        if (
            POST_END.match(text)
            or UI_LINES.match(text)
            or _copy.is_chrome(text)
            or ft.SIGNATURE_RULE.match(text)
        ):
            bounded = True
            break
        if not ft.short(text.split("\t")[0]) or len(run) >= 3:
            break
        run.insert(0, j)
        j -= 1
    if j < lo:
        bounded = True
    return ft.Block(run, bounded)


def _known(lines: list[Line], posts: list[_Post]) -> set[str]:
    """Names the page shows for sure: bylines, quote sources."""
    names = {p.author for p in posts if p.author and p.v3}
    for line in lines:
        if (m := QUOTES.start.match(line.text)) and m["name"]:
            names.add(m["name"].strip())
    return names


def _v3_start(lines: list[Line], post: _Post, lo: int) -> int:
    """phpBB 3: the post starts at its subject line above the byline, or at its profile
    block above the subject (3.1+: the block opens with the byline's name)."""
    j = post.anchor - 1
    while j > lo and (not lines[j].text.strip() or UI_LINES.match(lines[j].text)):
        j -= 1
    start = post.anchor
    if j >= lo and len(lines[j].text.split()) <= MAX_SUBJECT_WORDS and not POST_END.match(lines[j].text):
        post.subject = lines[j].text.strip()
        start = j
    # A profile block above: the name line, then ranks and key lines only.
    k = start - 1
    while k >= lo and (
        not lines[k].text.strip() or MEMBER_KEYS.match(lines[k].text) or UI_LINES.match(lines[k].text)
    ):
        k -= 1
    seen = 0
    for top in range(k, lo - 1, -1):
        if not lines[top].text.strip():
            continue
        seen += 1
        if seen > PROFILE_LINES:
            break
        if lines[top].text.strip() == post.author:
            inside = [x for x in lines[top + 1 : start] if x.text.strip()]
            if (
                inside
                and all(
                    MEMBER_KEYS.match(x.text) or RANK_TITLES.match(x.text) or ft.short(x.text) for x in inside
                )
                and any(MEMBER_KEYS.match(x.text) for x in inside)
            ):
                return top
    return start


def _drop_profile(seg: list[Line], author: str | None) -> list[Line]:
    """phpBB 3.0: the profile block under the text (name, ranks, key lines) and 'Top'."""
    if not author:
        return seg
    for k in range(len(seg) - 1, -1, -1):
        if seg[k].text.strip() != author:
            continue
        rest = [x for x in seg[k + 1 :] if x.text.strip()]
        if all(
            MEMBER_KEYS.match(x.text) or POST_END.match(x.text) or UI_LINES.match(x.text) or ft.short(x.text)
            for x in rest
        ) and any(MEMBER_KEYS.match(x.text) for x in rest):
            return seg[:k]
        break
    return seg


def sniff(text: str) -> float:
    """Confidence that ``text`` is a phpBB topic copied as text.

    >>> sniff("Ann\\nPosted: Mon Sep 24, 2012 4:53 pm  Post subject: Hi\\nHi\\nBack to top\\n")
    0.65
    """
    return ft.sniff_posts(
        text, lambda lines: len(_anchors(lines)), _PHPBB_LINES, SCORE_BY_POSTS, CORROBORATION
    )


def _assign(lines: list[Line], posts: list[_Post]) -> None:
    """Each post's first line and, for phpBB 2, its author from the member block."""
    lo = 0
    for post in posts:
        if post.v3:
            post.start = _v3_start(lines, post, lo)
        else:
            post.block = _block_above(lines, post.anchor, lo)
            post.start = post.block.run[0] if post.block.run else post.anchor
        lo = post.anchor + 1
    known = _known(lines, posts)
    known |= {
        lines[p.block.run[0]].text.strip() for p in posts if p.block and p.block.bounded and p.block.run
    }
    for post in posts:
        if post.block is not None:
            at = ft.pick(lines, post.block, known, RANK_TITLES)
            post.author = lines[at].text.split("\t")[0].strip() if at is not None else None
            if at is not None:
                post.start = at


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the first on the page.

    Quote boxes go to ``quoted`` with their source name, signatures under the rule to
    ``signature``; times are naive as printed. Text without a post header reads as one
    post of unknown author.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    posts = _anchors(lines, ft.page_time(lines))
    if not posts:
        return [RawThread(posts=[block_post(lines, author=None)], warnings=["no phpBB post headers found"])]
    _assign(lines, posts)
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    out: list[RawPost] = []
    seen: list[tuple[str | None, list[Line]]] = []
    chrome: list[Line] = list(lines[: posts[0].start])
    for k, post in enumerate(posts):
        stop = posts[k + 1].start if k + 1 < len(posts) else len(lines)
        seg = lines[post.anchor + 1 : stop]
        if k + 1 == len(posts):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
            chrome += cut.lines
        if post.v3:
            seg = _drop_profile(seg, post.author)
        seg = [x for x in seg if not POST_END.match(x.text) and not UI_LINES.match(x.text)]
        seg, signature = ft.split_signature(seg)
        body, quotes = ft.take_quotes(seg, QUOTES, ft.earlier_lines(seen))
        body, plain = ft.take_quotes(body, QUOTES_PLAIN)
        quotes += plain
        raw = block_post(
            ft.squeeze(body),
            author=post.author,
            timestamp=post.timestamp,
            title=post.subject,
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
            signature=signature,
        )
        raw.line_start = lines[post.start].no
        kept = strip_blank(seg)
        raw.line_end = kept[-1].no if kept else lines[post.anchor].no
        seen.append((post.author, seg))
        out.append(raw)
    title = _title(lines[: posts[0].start], out[0].title)
    out[0].title = title
    ft.note_relative(out, skipped, warnings)
    return [RawThread(posts=out, title=title, skipped=skipped, warnings=warnings, page=ft.page_of(chrome))]


def _title(head: list[Line], subject: str | None) -> str | None:
    """The topic's title: the first post's subject when the page shows it above the
    posts too, else the subject with a "Re: " taken off."""
    if subject:
        plain = re.sub(r"^\s*(?:re|aw|antw)\s*:\s*", "", subject, flags=re.I)
        if any(x.text.strip() == plain for x in head) or subject == plain:
            return plain
        return plain
    return None
