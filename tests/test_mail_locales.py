"""Mail attribution lines in every language of threads.markers.ATTRIBUTIONS, the HTML
quote-header reader on Gmail's English form, and mail bytes without (or with a wrong)
charset. The fixtures are hand-written (tests/fixtures/mbox/apiary_locale-attributions.mbox,
tests/fixtures/wordpress-html/apiary_mail_quote_en.html); the corpus tests rewrite a real
archive's attribution line into each language."""

from __future__ import annotations

from pathlib import Path

import pytest

import threads
from threads import markers, quotes
from threads.formats import _html, email_text, wordpress_html
from threads.formats import mbox as mod

ROOT = Path(__file__).resolve().parent.parent
APIARY = ROOT / "tests" / "fixtures" / "mbox" / "apiary_locale-attributions.mbox"
WP_MAIL_QUOTE = ROOT / "tests" / "fixtures" / "wordpress-html" / "apiary_mail_quote_en.html"
GRIMOIRE = "mbox_pipermail_metrics-grimoire_2016-04.mbox"
NUMPY = "mbox_pipermail_numpy-discussion_2001-11.txt"

# (language, attribution line as the client writes it, the author it names). Dates,
# names and addresses invented; the line shapes are the clients' (see markers.py).
FORMS: list[tuple[str, str, str]] = [
    ("en", "Ann Lee wrote on 08/03/2011 09:00:", "Ann Lee"),
    ("en", "On Mon, Mar 7, 2011 at 9:15 PM Ann Lee <ann@example.org> wrote:", "Ann Lee"),
    ("en", "On Mar 8, 2011, at 09:00, Ann Lee <ann@example.org> wrote:", "Ann Lee"),
    ("en", "On Tue, 6 Nov 2001 15:01:18 -1000 Ann Lee wrote:", "Ann Lee"),
    ("en", "On 08/03/2011 09:00, Ann Lee wrote:", "Ann Lee"),
    ("en", "On Tue, 30 Oct 2001, Ann Lee wrote:", "Ann Lee"),
    ("de", "Am 08.03.2011 um 09:00 schrieb Ann Lee <ann@example.org>:", "Ann Lee"),
    ("de", "Am Di., 8. März 2011 um 09:00 Uhr schrieb Ann Lee <ann@example.org>:", "Ann Lee"),
    ("fr", "Le 8 mars 2011 à 09:00, Ann Lee <ann@example.org> a écrit :", "Ann Lee"),
    ("fr", "Le mar. 8 mars 2011 à 09:00, Ann Lee <ann@example.org> a écrit :", "Ann Lee"),
    ("es", "El mar, 8 mar 2011 a las 9:00, Ann Lee (<ann@example.org>) escribió:", "Ann Lee"),
    ("es", "El 08/03/2011 a las 09:00, Ann Lee escribió:", "Ann Lee"),
    ("it", "Il giorno mar 8 mar 2011 alle ore 09:00 Ann Lee <ann@example.org> ha scritto:", "Ann Lee"),
    ("it", "Il 08/03/2011 09:00, Ann Lee ha scritto:", "Ann Lee"),
    ("pt", "Em ter., 8 de mar. de 2011 às 09:00, Ann Lee <ann@example.org> escreveu:", "Ann Lee"),
    ("pt", "Em 08/03/2011 09:00, Ann Lee escreveu:", "Ann Lee"),
    ("nl", "Op 8 mrt. 2011 om 09:00 heeft Ann Lee <ann@example.org> het volgende geschreven:", "Ann Lee"),
    ("nl", "Op di 8 mrt 2011 om 09:00 schreef Ann Lee <ann@example.org>:", "Ann Lee"),
    ("sv", "Den tis 8 mars 2011 kl 09:00 skrev Ann Lee <ann@example.org>:", "Ann Lee"),
    ("sv", "Den 2011-03-08 kl. 09:00, skrev Ann Lee:", "Ann Lee"),
    ("da", "Den tir. 8. mar. 2011 kl. 09.00 skrev Ann Lee <ann@example.org>:", "Ann Lee"),
    ("no", "tir. 8. mar. 2011 kl. 09:00 skrev Ann Lee <ann@example.org>:", "Ann Lee"),
    ("no", "Den 08.03.2011 09:00, skreiv Ann Lee:", "Ann Lee"),
    ("pl", "Wiadomość napisana przez Ann Lee <ann@example.org> w dniu 08.03.2011, o godz. 09:00:", "Ann Lee"),
    ("pl", "W dniu 08.03.2011 o 09:00, Ann Lee pisze:", "Ann Lee"),
    ("pl", "wt., 8 mar 2011 o 09:00 Ann Lee <ann@example.org> napisał(a):", "Ann Lee"),
    ("cs", "út 8. 3. 2011 v 9:00 odesílatel Ann Lee <ann@example.org> napsal:", "Ann Lee"),
    ("cs", "Dne 8.3.2011 v 9:00 Ann Lee napsal(a):", "Ann Lee"),
    ("tr", "8 Mar 2011 tarihinde 09:00 saatinde, Ann Lee <ann@example.org> şunları yazdı:", "Ann Lee"),
    ("tr", "8 Mar 2011 Sal, 09:00 tarihinde Ann Lee <ann@example.org> şunu yazdı:", "Ann Lee"),
    ("zh", "Ann Lee <ann@example.org> 于2011年3月8日周二 09:00写道：", "Ann Lee"),
    ("zh", "Ann Lee 於 2011/3/8 上午 09:00 寫道:", "Ann Lee"),
    ("zh", "在 2011/3/8 9:00, Ann Lee 写道:", "Ann Lee"),
    ("zh", "2011年3月8日 上午9:00，Ann Lee <ann@example.org> 写道：", "Ann Lee"),
    ("ja", "2011/03/08 9:00、Ann Lee <ann@example.org> のメール：", "Ann Lee"),
    ("ja", "Ann Lee さんは書きました:", "Ann Lee"),
    ("ru", "8 марта 2011 г., в 9:00, Анна Ли <ann@example.org> написал(а):", "Анна Ли"),
    ("ru", "08.03.2011 9:00, Анна Ли пишет:", "Анна Ли"),
    ("uk", "вт, 8 бер. 2011 р. о 09:00 Анна Лі <ann@example.org> пише:", "Анна Лі"),
    ("uk", "08.03.2011 9:00, Анна Лі написав:", "Анна Лі"),
    ("ru", "вт, 8 мар. 2011 г. в 09:00, Анна Ли <ann@example.org>:", "Анна Ли"),
    ("ja", "2011年3月8日(火) 9:00 Ann Lee <ann@example.org>:", "Ann Lee"),
    ("cs", "Ann Lee píše v Út 08. 03. 2011 v 09:00 +0100:", "Ann Lee"),
    ("en", "Ann Lee wrote:", "Ann Lee"),
    ("en", "Ann Lee <ann@example.org> writes:", "Ann Lee"),  # Gnus, Emacs mail
    ("de", "Ann Lee <ann@example.org> schreibt:", "Ann Lee"),
    ("sv", "Ann Lee skrev:", "Ann Lee"),
    ("en", "Quote from Ann Lee:", "Ann Lee"),
    ("de", "Zitat von Ann Lee:", "Ann Lee"),
]
LANGUAGES = {"fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "pl", "cs", "ru", "uk", "tr", "ja", "zh"}


@pytest.mark.parametrize(("lang", "line", "name"), FORMS, ids=[f"{x[0]}-{i}" for i, x in enumerate(FORMS)])
def test_every_attribution_form_names_its_author(lang: str, line: str, name: str) -> None:
    assert markers.attribution_name(line) == name
    assert markers.attribution_name("  " + line + "  ") == name  # indented, trailing spaces


def test_every_table_row_is_exercised_and_every_language_covered() -> None:
    first = {
        next(k for k, rx in enumerate(markers._ATTRIBUTION_RES) if rx.match(line)) for _, line, _ in FORMS
    }
    assert first == set(range(len(markers.ATTRIBUTIONS)))
    assert {lang for lang, _, _ in FORMS} >= LANGUAGES
    tabled = {lang for langs, _ in markers.ATTRIBUTIONS for lang in langs.split()}
    assert tabled >= LANGUAGES


@pytest.mark.parametrize(
    "line",
    [
        "On Sunday the council met and voted.",
        "Le conseil a voté hier soir.",
        "Am Ende schrieb niemand mehr",
        "The meeting is at 9:00, bring coffee:",
        "> On Mon, Ann wrote: quoted",
        "x" * 400 + " wrote:",
    ],
)
def test_prose_is_no_attribution(line: str) -> None:
    assert markers.attribution_name(line) is None


def test_a_quote_under_each_form_is_attributed_and_leaves_the_own_text() -> None:
    for _, line, name in FORMS:
        index = quotes.QuoteIndex()
        index.add(0, "The swarm settled in the old apple tree behind the shed.")
        split = quotes.split(
            f"{line}\n> The swarm settled in the old apple tree behind the shed.\n\nWe will box it tonight.",
            index,
            1,
        )
        assert split.own == "We will box it tonight.", line
        assert [(h.target, h.source_name) for h in split.hits] == [(0, name)], line


def test_gmail_english_quote_header_in_html() -> None:
    """Item 2: the HTML reader took '2011 at 9:15 PM Alice <a@x>' for the name."""
    gmail = "On Mon, Mar 7, 2011 at 9:15 PM Alice <a@x.org> wrote:"
    assert _html.quote_header(gmail) == "Alice"
    assert _html.quote_header(gmail, bare=True) == "Alice"
    assert _html.quote_header("Le 8 mars 2011 à 09:00, Bruno <b@x.org> a écrit :") == "Bruno"
    assert _html.quote_header("Quote from: Renée on December 03, 2011, 02:17:00 PM") == "Renée"
    [raw] = wordpress_html.parse(WP_MAIL_QUOTE.read_text(encoding="utf-8"))
    assert raw.posts[2].quote_sources == ["Alice Baker"]
    [thread] = threads.read(WP_MAIL_QUOTE).threads
    by_author = {p.author: p for p in thread.posts}
    reply = by_author["Bruno Lefèvre"]
    assert reply.parent_id == by_author["Alice Baker"].post_id
    assert "wrote" not in reply.text and "2011" not in reply.text
    assert reply.quoted == ["Leave the super on until the nectar flow ends in July."]


# Outlook: a localised separator, the sender's field in the same language.
OUTLOOK_FROM = {
    "original message": "From", "ursprüngliche nachricht": "Von", "message d'origine": "De",
    "mensaje original": "De", "messaggio originale": "Da", "mensagem original": "De",
    "oorspronkelijk bericht": "Van", "ursprungligt meddelande": "Från", "oprindelig meddelelse": "Fra",
    "opprinnelig melding": "Fra", "oryginalna wiadomość": "Od", "wiadomość oryginalna": "Od",
    "původní zpráva": "Od", "исходное сообщение": "От", "оригінальне повідомлення": "Від",
    "özgün ileti": "Kimden", "orijinal mesaj": "Kimden", "元のメッセージ": "差出人",
    "原始邮件": "发件人", "原始郵件": "寄件者",
}  # fmt: skip


@pytest.mark.parametrize("phrase", markers.ORIGINAL_MESSAGE)
def test_every_outlook_separator_opens_a_quote_of_its_sender(phrase: str) -> None:
    field = OUTLOOK_FROM[phrase]
    body = (
        f"Agreed, see you there.\n\n-----{phrase.title()}-----\n{field}: Ann Lee [mailto:ann@example.org]\n"
        "Sent: Tuesday, March 8, 2011 9:00 AM\nTo: list@example.org\nSubject: Swarm\n\n"
        "The swarm settled in the old apple tree behind the shed.\n\nAnn"
    )
    index = quotes.QuoteIndex()
    index.add(0, "The swarm settled in the old apple tree behind the shed.\n\nAnn")
    split = quotes.split(body, index, 1)
    assert split.own == "Agreed, see you there."
    assert [(h.target, h.source_name) for h in split.hits] == [(0, "Ann Lee")]


def test_outlook_sender_on_behalf_of_a_list_and_underscore_separator() -> None:
    lines = [
        "________________________________",
        "From: list-admin at lists.example.org",
        "[mailto:list-admin at lists.example.org] On Behalf Of Ann",
        "Lee",
        "Sent: Tuesday, March 8, 2011 9:00 AM",
        "",
        "Hello.",
    ]
    assert markers.original_message(lines, 0) == (5, "Ann Lee")
    assert markers.original_message(["-----Original Message-----", "", "Hello."], 0) is None  # no sender
    assert markers.original_message(["-- ", "From: a signature"], 0) is None


# A pasted thread (email-text) whose quoted mail is an Outlook header block in another
# language: (separator, sender field, date field, date, subject field).
PASTED_OUTLOOK = [
    ("Messaggio originale", "Da", "Inviato", "martedì 8 marzo 2011 09:00", "Oggetto"),
    ("Oorspronkelijk bericht", "Van", "Verzonden", "dinsdag 8 maart 2011 09:00", "Onderwerp"),
    ("Ursprungligt meddelande", "Från", "Skickat", "den 8 mars 2011 09:00", "Ämne"),
    ("Původní zpráva", "Od", "Odesláno", "8. 3. 2011 9:00", "Předmět"),
]


@pytest.mark.parametrize(("sep", "sender", "sent", "date", "subject"), PASTED_OUTLOOK)
def test_pasted_outlook_block_in_another_language_is_a_message(
    sep: str, sender: str, sent: str, date: str, subject: str
) -> None:
    text = (
        f"Agreed, see you there.\n\n-----{sep}-----\n{sender}: Ann Lee [mailto:ann@example.org]\n"
        f"{sent}: {date}\n{subject}: Swarm\n\nThe swarm settled in the apple tree.\n"
    )
    [thread] = email_text.parse(text)
    assert [p.author for p in thread.posts] == [None, "Ann Lee"]
    assert thread.posts[1].body == "The swarm settled in the apple tree."
    assert thread.title == "Swarm"


# ---------------------------------------------------------------- mail bytes
def test_fixture_archive_reads_every_language_and_charset() -> None:
    [thread] = mod.parse(APIARY.read_text(encoding="utf-8"))
    bruno, claire, dieter = thread.posts[1:4]
    # no Content-Type, raw UTF-8 body: "à" was U+FFFD
    assert "Voilà une bonne nouvelle" in bruno.body and "\ufffd" not in bruno.body
    # iso-8859-1 declared over UTF-8 bytes (body and RFC 2047 name); "’" was "\\u2019"
    assert claire.author == "Claire Dupré"
    assert "J’ai compté deux fois." in claire.body and "\\u2019" not in claire.body
    assert claire.title == "Re: Hive inspection – cadres"
    # no charset, quoted-printable cp1252 bytes
    assert "können wir im April" in dieter.body and dieter.author == "Dieter Groß"
    analysed = threads.read(APIARY)
    texts = analysed.posts["text"].to_list()
    assert texts[1] == "Voilà une bonne nouvelle. Combien de cadres de couvain, à peu près ?"
    assert texts[2] == "Six cadres, au moins. J’ai compté deux fois."
    assert texts[3] == "Sehr gut, dann können wir im April teilen."
    assert texts[5] == "Ich bringe zwei leere Kästen mit."  # Outlook's quoted original left out
    assert set(analysed.replies["evidence"].to_list()) == {"nested", "subject"}  # no mention of Bruno


def test_subject_detail_names_its_evidence_once() -> None:
    replies = threads.read(APIARY).replies
    [detail] = replies.filter(replies["evidence"] == "subject")["detail"].to_list()
    assert detail == "subject: parent hive-1@example.org"


@pytest.mark.parametrize(
    ("data", "charset", "text"),
    [
        ("voilà".encode(), None, "voilà"),
        ("voilà".encode(), "iso-8859-1", "voilà"),  # a wrong declaration
        ("voilà".encode("cp1252"), "iso-8859-1", "voilà"),
        ("voilà".encode("cp1252"), None, "voilà"),
        ("naïve’".encode("cp1252"), "utf-8", "naïve’"),  # a wrong UTF-8 declaration
        (b"\x81ab", None, "\x81ab"),  # a byte cp1252 leaves undefined: latin-1, not lost
        ("日本語のテキスト".encode("iso-2022-jp"), "iso-2022-jp", "日本語のテキスト"),
        ("日本語のテキスト".encode("shift_jis"), "shift_jis", "日本語のテキスト"),
        ("Привет".encode("koi8-r"), "koi8-r", "Привет"),
        (b"plain", "x-unknown-charset", "plain"),
    ],
)
def test_mail_bytes_lose_nothing(data: bytes, charset: str | None, text: str) -> None:
    assert mod.mail_bytes_text(data, charset) == text


# ---------------------------------------------------------------- real archives
def test_corpus_gmail_time_zone_attribution_names_the_author(corpus: Path) -> None:
    """numpy-discussion's "On Tue, 6 Nov 2001 15:01:18 -1000 NAME wrote:" was read as the
    name "6 Nov 2001 15:01:18 -1000 NAME" (and matched no author)."""
    text = (corpus / NUMPY).read_text(encoding="utf-8", errors="replace")
    lines = [ln for ln in text.split("\n") if ln.startswith("On ") and ln.rstrip().endswith("wrote:")]
    names = {markers.attribution_name(ln) for ln in lines}
    assert "Herbert L Roitblat" in names
    assert all(n and not any(c.isdigit() for c in n) for n in names), names


def test_corpus_outlook_original_messages_leave_the_own_text(corpus: Path) -> None:
    """numpy-discussion's Outlook replies ("-----Original Message-----", "From: list-admin
    [mailto:...] On Behalf Of NAME", Sent/To/Subject, the quoted mail with no ">") kept
    the quoted mail as the replier's own words."""
    posts = threads.read(corpus / NUMPY).posts
    opened = [
        t
        for t in posts["text"].to_list()
        if any(markers.original_message(lines, i) for lines in [t.split("\n")] for i in range(len(lines)))
    ]
    assert opened == []
    quoted = [q for qs in posts["quoted"].to_list() for q in qs]
    assert any(q.startswith("Hi,\n\nI tried to produce a random matrix") for q in quoted)


@pytest.mark.parametrize(("lang", "line", "name"), [f for f in FORMS if f[2] == "Ann Lee" and "@" in f[1]])
def test_corpus_archive_with_its_attribution_in_another_language(
    corpus: Path, tmp_path: Path, lang: str, line: str, name: str
) -> None:
    """The real metrics-grimoire archive with its reply's "On ..., Andy Grunwald wrote:"
    line written as a client in another language writes it (and a raw 8-bit letter in a
    body without Content-Type) reads as the archive itself: the same own text and quote."""
    original = (corpus / GRIMOIRE).read_text(encoding="utf-8")
    attribution = "On Sat, 2016-04-23 at 18:18 +0200, Andy Grunwald wrote:"
    assert attribution in original
    translated = line.replace("Ann Lee", "Andy Grunwald").replace("ann@example.org", "andy@example.com")
    path = tmp_path / GRIMOIRE
    path.write_text(
        original.replace(attribution, translated).replace("Great.", "Großartig."), encoding="utf-8"
    )
    want, got = threads.read(corpus / GRIMOIRE), threads.read(path)
    assert got.posts["quoted"].to_list() == want.posts["quoted"].to_list()
    assert got.posts["text"].to_list() == [
        t.replace("Great.", "Großartig.") for t in want.posts["text"].to_list()
    ]
    assert got.replies.select("post_id", "target_id", "evidence").equals(
        want.replies.select("post_id", "target_id", "evidence")
    )
