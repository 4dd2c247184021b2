"""Reply and quote markers as data: the patterns people type to address or quote.

Each table is ordered strongest first, with where the pattern comes from. ``quotes.py``
uses them to take markers and quotes out of a post's own text; ``replies.py`` uses them
as ``explicit`` evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# "In reply to NAME." on a line of its own: Typepad's and many WordPress themes' marker
# (seed 004, post 16), "Replying to NAME" (Disqus), "@NAME" (Twitter-style, everywhere),
# "re: NAME" (forums, seed 004 post 12 uses "re:" before a quote instead).
IN_REPLY_TO = re.compile(
    r"^[^\S\n]*(?:in reply to|replying to|reply to|antwort an|en réponse à|en respuesta a)\s+"
    r"(?P<name>[^\n]{1,80}?)[^\S\n]*[.:,]?[^\S\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# "@" not after a word character, "." or "@" (an e-mail address, "@@"). The "@" comes
# first and the look-behind after it, so that the regex engine can jump from "@" to "@"
# (a pattern that opens with a look-behind is tried at every character: 15 of 70 µs a
# post of reply resolution at 20k posts); it matches what r"(?<![\w.@])@..." matched
# (tests/test_parity_replies.py).
AT_NAME = re.compile(r"@(?<![\w.@]@)(?P<name>[^\s@,:;!?()][^\n@]{0,60})")
RE_NAME = re.compile(r"^[^\S\n]*re:[^\S\n]*(?P<name>[^\"“'‘\n][^\n]{0,60})$", re.IGNORECASE | re.MULTILINE)
# A lower-cased text where IN_REPLY_TO or RE_NAME matches holds one of these: each
# marker's words, less the letters "i" and "s" (their IGNORECASE partners "ı" and "ſ" do
# not lower-case to them; every other letter here matches only itself and its capital,
# checked in tests/test_parity_replies.py). Most posts hold none, and skip the two
# line-anchored scans, which the regex engine tries at every character.
IN_REPLY_TO_HINTS = ("reply", "antwort", "répon", "pue")
RE_NAME_HINT = "re:"


def may_reply_to(text: str, lowered: str | None = None) -> bool:
    """Whether IN_REPLY_TO could match in ``text`` (or a line of it): its lower-cased
    form (``lowered``, if the caller has it) holds one of the hints."""
    if lowered is None:
        lowered = text.lower()
    return any(map(lowered.__contains__, IN_REPLY_TO_HINTS))


def in_reply_to(text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
    """IN_REPLY_TO's matches in ``text``, scanned only when :func:`may_reply_to`: none
    otherwise, which is what the scan would find."""
    if may_reply_to(text, lowered):
        yield from IN_REPLY_TO.finditer(text)


# A salutation: a line that opens with an earlier author's name, alone or followed by
# a comma or colon ("fredW", "mbrenner", "Ghost ship," after "p.s:" in seed 004), with
# an optional postscript prefix and greeting word.
SALUTATION_PREFIX = re.compile(
    r"^\s*(?:p\.?\s?p\.?\s?s\.?|p\.?\s?s\.?)?\s*[:.,-]?\s*"
    r"(?:(?:dear|hi|hey|hello|thanks|thank you|hallo|liebe|lieber|bonjour|salut|cher|chère|"
    r"hola|querido|querida|ciao|caro|cara|hej|@)\s+)?",
    re.IGNORECASE,
)
SALUTATION_END = re.compile(r"^\s*(?:[,:;!—–-]|$)")
# Every line of a text at once (multiline): the SALUTATION_PREFIX the line starts with
# (its spaces kept from crossing a newline) and the first word after it, which a
# salutation's line must start an author's name with. The prefix is taken whole, as
# SALUTATION_PREFIX.match takes it on the line alone (a look-ahead's match is not given
# back, the Python 3.10 spelling of an atomic group), so that the first word cannot
# borrow part of it ("dear" alone on a line is the word, not a greeting).
SALUTATION_WORD = re.compile(
    r"^(?=(?P<prefix>" + SALUTATION_PREFIX.pattern[1:].replace(r"\s", r"[^\S\n]") + r"))"
    r"(?P=prefix)[^\S\n]*(?P<first>\S+)",
    re.IGNORECASE | re.MULTILINE,
)

# Email quoting: the attribution line a mail client writes above a ">" quote, by
# language, ordered: the first that matches the line (up to its final colon, case
# ignored) names the quoted author. ``name`` is the author alone; ``rest`` is a date
# then the author, cut apart by :func:`attribution_name` (at the date's last time, else
# its last comma). Where each comes from: Thunderbird's default reply headers in each
# locale (mailnews.reply_header_ondateauthorwrote, _authorwroteondate and
# _authorwrotesingle: "On #2 #3, #1 wrote:"), the reply lines Gmail and Apple Mail write
# per interface language, and the per-language header lists of mail reply parsers
# (mail-parser-reply's MAIL_LANGUAGES, talon's RE_ON_DATE_SMB_WROTE). A verb-less Gmail
# form (ru, ja: "DATE TIME NAME <ADDRESS>:") needs the address to be told from prose.
_VERB_END = r"(?:\(a\)|\(а\)|\(ла\)|a|а|ла)?"  # pl/cs "napisał(a)", ru/uk "написал(а)"
ATTRIBUTIONS: tuple[tuple[str, str], ...] = (
    # en: Thunderbird "#1 wrote on #2 #3:"; before "On ... wrote" and "NAME wrote"
    ("en", r"(?P<name>[^\n]{1,80}?)\s+wrote\s+on\s[^\n]{3,80}?"),
    # en: Thunderbird "On #2 #3, #1 wrote:", Gmail "On Mon, Mar 7, 2011 at 9:15 PM NAME
    # <addr> wrote:", Apple Mail "On Mar 8, 2011, at 09:00, NAME wrote:"
    ("en", r"on\s(?P<rest>[^\n]{3,140}?)\s+wrote"),
    # de: Thunderbird "Am #2 um #3 schrieb #1:", Gmail, Apple Mail "Am 08.03.2011 um 09:00 schrieb NAME:"
    ("de", r"am\s[^\n]{3,80}?\s+schrieb\s+(?P<name>[^\n]{1,80}?)"),
    # fr: Thunderbird "Le #2 à #3, #1 a écrit :", Gmail, Apple Mail
    ("fr", r"le\s(?P<rest>[^\n]{3,140}?)\s+a\s+écrit"),
    # es: Thunderbird "El #2 a las #3, #1 escribió:", Gmail "... a las 9:00, NAME (<addr>) escribió:"
    ("es", r"el\s(?P<rest>[^\n]{3,140}?)\s+escribió"),
    # it: Thunderbird "Il #2 #3, #1 ha scritto:", Gmail "Il giorno ... alle ore 09:00 NAME <addr> ha scritto:"
    ("it", r"il\s(?P<rest>[^\n]{3,140}?)\s+ha\s+scritto"),
    # pt: Thunderbird "Em #2 #3, #1 escreveu:", Gmail "Em ter., 8 de mar. de 2011 às 09:00, NAME escreveu:"
    ("pt", r"em\s(?P<rest>[^\n]{3,140}?)\s+escreveu"),
    # nl: Apple Mail "Op 8 mrt. 2011 om 09:00 heeft NAME het volgende geschreven:"
    ("nl", r"op\s[^\n]{3,80}?\s+heeft\s+(?P<name>[^\n]{1,80}?)\s+het\s+volgende\s+geschreven"),
    # nl: Thunderbird "Op #2 om #3 schreef #1:", Gmail "Op di 8 mrt 2011 om 09:00 schreef NAME:"
    ("nl", r"op\s[^\n]{3,80}?\s+schreef\s+(?P<name>[^\n]{1,80}?)"),
    # sv/da/nb/nn: Thunderbird "Den #2 kl. #3, skrev #1:" (sv), "Den #2 kl. #3 skrev #1:"
    # (da), "Den #2 #3, skrev #1:" (nb; nn "skreiv"), Gmail "Den tis 8 mars 2011 kl 09:00
    # skrev NAME:", Apple Mail "8 mars 2011 kl. 09:00 skrev NAME:"
    ("sv da no", r"[^\n]{0,80}?\d[^\n]{0,60}?\s+skrei?v\s+(?P<name>[^\n]{1,80}?)"),
    # pl: Apple Mail "Wiadomość napisana przez NAME w dniu DATE:"
    ("pl", r"wiadomość\s+napisana\s+przez\s+(?P<name>[^\n]{1,80}?)\s+w\s+dniu\s[^\n]{3,80}?"),
    # pl: Thunderbird "W dniu #2 o #3, #1 pisze:"
    ("pl", r"w\s+dniu\s(?P<rest>[^\n]{3,140}?)\s+pisze"),
    # cs: Gmail "út 8. 3. 2011 v 9:00 odesílatel NAME napsal:"
    ("cs", r"[^\n]{3,80}?\s+odesílatel\s+(?P<name>[^\n]{1,80}?)\s+napsal" + _VERB_END),
    # tr: Apple Mail "8 Mar 2011 tarihinde 09:00 saatinde, NAME şunları yazdı:"
    ("tr", r"[^\n]{3,80}?\s+saatinde,?\s+(?P<name>[^\n]{1,80}?)\s+şunları\s+yazdı"),
    # tr: Thunderbird "#2 #3 tarihinde #1 yazdı:", Gmail "... tarihinde NAME şunu yazdı:"
    ("tr", r"[^\n]{3,80}?\s+tarihinde\s+(?P<name>[^\n]{1,80}?)\s+(?:şunu\s+|şunları\s+)?yazdı"),
    # zh-CN: Gmail "NAME <addr> 于2011年3月8日周二 09:00写道："; zh-TW Thunderbird "#1 於 #2 #3 寫道:"
    ("zh", r"(?P<name>[^\n]{1,80}?)\s*[于於]\s*\d[^\n]{3,60}?[写寫]道"),
    # zh-CN: Thunderbird "在 #2 #3, #1 写道:"
    ("zh", r"在\s*(?P<rest>[^\n]{3,140}?)\s*[写寫]道"),
    # zh: Apple Mail "2011年3月8日 上午9:00，NAME <addr> 写道：", "#1 写道:"
    ("zh", r"(?P<rest>[^\n]{1,140}?)\s*[写寫]道"),
    # ja: Apple Mail "2011/03/08 9:00、NAME <addr> のメール：", "NAME さんは書きました:"
    ("ja", r"(?P<rest>[^\n]{3,140}?)\s*のメール"),
    ("ja", r"(?P<rest>[^\n]{1,140}?)\s*さん(?:は|が)書きました"),
    # ru: Thunderbird "#2 #3, #1 пишет:", Apple Mail "8 марта 2011 г., в 9:00, NAME написал(а):";
    # uk: Thunderbird "#2 #3, #1 написав:", Gmail "вт, 8 бер. 2011 р. о 09:00 NAME пише:"
    (
        "ru uk",
        r"(?P<rest>[^\n]{1,140}?)\s+(?:пишет|пише|написал" + _VERB_END + r"|написав" + _VERB_END + r")",
    ),
    # pl: Gmail "wt., 8 mar 2011 o 09:00 NAME napisał(a):", "Dnia DATE NAME napisał(a):";
    # cs: Thunderbird "Dne #2 v #3 #1 napsal(a):"
    ("pl cs", r"(?:dne\s|dnia\s)?(?P<rest>[^\n]{1,140}?)\s+(?:napisał|napsal)" + _VERB_END),
    # ru, ja: Gmail writes no verb: "вт, 8 мар. 2011 г. в 09:00, NAME <addr>:",
    # "2011年3月8日(火) 9:00 NAME <addr>:"
    ("ru ja", r"(?P<rest>[^\n<>]{0,80}?\d{1,2}:\d{2}[^\n<>]{1,80}?<[^<>\s]+@[^<>\s]+>)"),
    # cs: Evolution "NAME píše v Út 08. 03. 2011 v 09:00 +0100:"
    ("cs", r"(?P<name>[^\n]{1,80}?)\s+píše\s+v\s[^\n]{3,80}?"),
    # Any language, no date: "NAME wrote:" (mail, phpBB), "NAME schrieb:", forum quote titles;
    # Gnus and Emacs mail (Usenet's "NAME <addr> writes:", "NAME schreibt:")
    (
        "en de fr es it pt nl sv da no",
        r"(?P<name>[^\n]{1,60}?)\s+(?:wrote|writes|said|schrieb|schreibt|a\s+écrit|escribió|ha\s+scritto"
        r"|escreveu|schreef|skrev|skreiv)",
    ),
    ("en", r"quote from\s+(?P<name>[^\n]{1,60}?)"),
    ("de", r"zitat von\s+(?P<name>[^\n]{1,60}?)"),
)
_ATTRIBUTION_RES = tuple(
    re.compile(rf"^\s*(?:{pattern})\s*[:：]\s*$", re.IGNORECASE) for _, pattern in ATTRIBUTIONS
)
# The date before a name in a ``rest``: everything up to its last time ("9:15", "09.00",
# "15:01:18") with what may follow a time: "PM", "a.m.", "Uhr", a zone ("-1000", "GMT+01:00",
# "(CET)", "EST": upper case only, a name is more often "Est") and separators.
_DATE_HEAD = re.compile(
    r"^.*\d{1,2}[:.]\d{2}(?::\d{2})?"
    r"(?:\s*(?:[AaPp]\.?\s?[Mm]\.?|Uhr|uhr|h)(?!\w))?"
    r"(?:\s*(?:[+-]\d{2}:?\d{2}|\(?(?:GMT|UTC)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?\)?|\([A-Z]{2,5}\)"
    r"|(?:[ECMP][SD]T|CES?T|BST)(?!\w)))*"
    r"[\s,，、]*"
)
_ADDRESS = re.compile(r"\[mailto:[^\]]*\]|<[^<>]*>|\([^()]*@[^()]*\)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_EDGES = " \t\"'“”«»,，、()"
# An original message quoted without ">" (Outlook, and clients that copy it): a separator
# line, the quoted mail's header block (its first field the sender), then its text to the
# end of the body. The separator as each locale writes it, from Outlook's localised reply
# headers, Thunderbird's mailnews.reply_header_originalmessage per locale and talon's
# RE_ORIGINAL_MESSAGE; newer Outlook writes a line of underscores instead.
ORIGINAL_MESSAGE: tuple[str, ...] = (
    "original message",  # en
    "ursprüngliche nachricht",  # de
    "message d'origine",  # fr
    "mensaje original",  # es
    "messaggio originale",  # it
    "mensagem original",  # pt
    "oorspronkelijk bericht",  # nl
    "ursprungligt meddelande",  # sv
    "oprindelig meddelelse",  # da
    "opprinnelig melding",  # no
    "oryginalna wiadomość",  # pl
    "wiadomość oryginalna",  # pl
    "původní zpráva",  # cs
    "исходное сообщение",  # ru
    "оригінальне повідомлення",  # uk
    "özgün ileti",  # tr
    "orijinal mesaj",  # tr
    "元のメッセージ",  # ja
    "原始邮件",  # zh-CN
    "原始郵件",  # zh-TW
)
ORIGINAL_MESSAGE_LINE = re.compile(
    r"^\s*(?:-{2,}\s*(?:" + "|".join(map(re.escape, ORIGINAL_MESSAGE)) + r")\s*-{2,}|_{10,})\s*$",
    re.IGNORECASE,
)
# The sender's field of the quoted header block, by language (Outlook's field names;
# some clients write it in bold: "*From:*").
FROM_FIELDS: tuple[str, ...] = (
    "from", "von", "de", "da", "van", "från", "fra", "od", "от", "від", "kimden",
    "发件人", "寄件者", "差出人",
)  # fmt: skip
_FROM_FIELD = re.compile(
    r"^\s*\*?(?:" + "|".join(FROM_FIELDS) + r")\*?\s*[:：]\*?\s*(?P<value>.*)$", re.IGNORECASE
)
_FIELD_LINE = re.compile(r"^\s*\*?[^\W\d_][\w .-]{0,30}?\*?\s*[:：]")
# "list-admin [mailto:...] On Behalf Of NAME" (Outlook sending for a list): NAME wrote it.
ON_BEHALF_OF = re.compile(
    r"\b(?:on behalf of|im auftrag von|de la part de|en nombre de|per conto di|namens)\s+(?P<name>\S.*)$",
    re.IGNORECASE,
)


def original_message(lines: list[str], i: int) -> tuple[int, str | None] | None:
    """Whether ``lines[i]`` opens an original message quoted without ">" (a separator,
    then the header block with the sender's field): the index of the first line after
    the header block, and the sender's name (``None`` if none can be read).

    >>> original_message(["-----Original Message-----", "From: Ann Lee [mailto:ann@x.org]",
    ...                   "Sent: Monday", "", "Hi"], 0)
    (3, 'Ann Lee')
    """
    if not ORIGINAL_MESSAGE_LINE.match(lines[i]) or i + 1 >= len(lines):
        return None
    sender = _FROM_FIELD.match(lines[i + 1])
    if sender is None:
        return None
    value = [sender["value"]]
    k = i + 2
    while k < len(lines) and lines[k].strip() and not _FIELD_LINE.match(lines[k]):
        value.append(lines[k].strip())  # a sender wrapped onto the next lines
        k += 1
    while k < len(lines) and lines[k].strip():  # the rest of the header block
        k += 1
    raw = " ".join(value)
    behalf = ON_BEHALF_OF.search(_ADDRESS.sub(" ", raw))
    return k, _clean_name(behalf["name"] if behalf else raw, "")


# Real attribution lines stay well under this (a date, a name, an address).
MAX_ATTRIBUTION_CHARS = 300
QUOTED_LINE = re.compile(r"^\s*>")

# Quotation marks that open and close a quoted passage (straight, curly, guillemets).
OPEN_QUOTES = "\"“„«'‘"
CLOSE_QUOTES = "\"”“»'’"
INLINE_QUOTE = re.compile(r"[\"“„«](?P<q>[^\"“”„«»\n]{12,}?)[\"”“»]")


def attribution_name(line: str) -> str | None:
    """The author an attribution line names ("On DATE, NAME wrote:" and its forms in
    other languages, :data:`ATTRIBUTIONS`): no date, no address; ``None`` if the line
    is none.

    >>> attribution_name("On Mon, Mar 7, 2011 at 9:15 PM Alice Baker <a@x.org> wrote:")
    'Alice Baker'
    >>> attribution_name("Le 8 mars 2011 à 09:00, Bob Jones <bob@x.org> a écrit :")
    'Bob Jones'
    """
    if len(line) > MAX_ATTRIBUTION_CHARS:
        return None
    for pattern in _ATTRIBUTION_RES:
        if m := pattern.match(line):
            break
    else:
        return None
    found = m.groupdict()
    return _clean_name(found.get("name") or "", found.get("rest") or "")


def _clean_name(name: str, rest: str) -> str | None:
    """The author in ``name``, or after the date in ``rest``; an address alone if the
    line gives nothing else."""
    raw = name or rest
    address = _ADDRESS.search(raw)
    text = " ".join(_ADDRESS.sub(" ", raw).split())
    if rest:
        head = _DATE_HEAD.match(text)
        if head and head.end() < len(text):
            text = text[head.end() :]
        elif not head:
            text = re.split(r"[,，、]", text)[-1]
    text = text.strip(_NAME_EDGES)
    if text:
        return text
    if address:
        return address.group(0).strip("<>()[] ").removeprefix("mailto:") or None
    return None
