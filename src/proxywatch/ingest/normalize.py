"""Normalisation shared by every reader: URLs, text, hashes, ids, languages, dates, HTML to text.

Every reader turns its raw fields into an :class:`Article` through :func:`build_article`, so that the
same input gives the same record (and the same id) whichever reader saw it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from proxywatch.models import Article, Rejection, stable_id

# --- URLs ------------------------------------------------------------------------------------------

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Parameters that only say how a reader reached the page; two links that differ only in these are
# the same article, so they must not give two ids.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
        "wt_mc",
        "wt.mc_id",
        "cmpid",
        "ocid",
        "ncid",
        "ref_src",
        "ref_url",
        "smid",
        "soc_src",
        "soc_trk",
        "__twitter_impression",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "at_", "itm_")


def _is_tracking(key: str) -> bool:
    low = key.lower()
    return low in _TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normalise_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def canonical_url(url: str) -> str:
    """The form of ``url`` that two links to the same article share.

    Lower-cases scheme and host, drops the fragment, user info, default ports and tracking parameters
    (``utm_*``, ``fbclid``, ``gclid``, ...), sorts the remaining query, and strips a trailing slash
    from the path (the root stays ``/``). The scheme is kept as given: ``http`` and ``https`` may
    serve different content and we cannot know without fetching. A string without a host is only
    stripped of surrounding whitespace. Idempotent.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    if not parts.scheme or not parts.netloc or not parts.hostname:
        return raw
    scheme = parts.scheme.lower()
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal needs its brackets back
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = parts.path or "/"
    # ``%7E`` and ``~`` (and ``%2f``/``%2F``) are one URL; ``%2F`` and ``/`` are not, so only
    # escapes of unreserved characters are decoded.
    path = _ESCAPE.sub(_normalise_escape, quote(path, safe="/%:@!$&'()*+,;=-._~"))
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(pairs), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def is_web_url(value: str) -> bool:
    """True for an absolute ``http``/``https`` URL with a host."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, or ``None``."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().removeprefix("www.")


# --- text ------------------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")
# Unicode category Cc is exactly U+0000-001F and U+007F-009F; tab and newline stay.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no control characters but newlines and tabs, no outer whitespace.

    Format characters (zero-width joiners, bidi marks) are kept: Persian and Arabic spelling needs them.
    """
    text = _SURROGATES.sub("\ufffd", text)  # lone halves of a pair (JSON "\ud800") cannot be encoded
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return text.strip()


def scrub(value: Any) -> Any:
    """``value`` with lone surrogates (JSON "\\ud800", undecodable file names) replaced by U+FFFD in
    every string, through tuples, lists and dicts: no store can encode them."""
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(v) for v in value)
    return value


def content_hash(text: str) -> str:
    """sha256 (hex) of the NFC text with every whitespace run collapsed to one space.

    Re-wrapped or re-indented copies of one text hash alike; any change of words does not.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """``stable_id(canonical_url(url))`` when a URL is known, else ``stable_id(content_hash(text))``."""
    if url and url.strip():
        return stable_id(canonical_url(url))
    return stable_id(content_hash(text))


# --- language --------------------------------------------------------------------------------------

# Short function words, frequent in news prose and rare in the other languages of the table. Words
# shared by two languages ("de", "a", "e", "la") are left out so that a count is a vote for one.
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is was that for on with by from said it has have were are this which "
        "at be been or not who after their they its will would",
        "fr": "le les du et est une dans pour qui sur aux par pas ont été avec ce cette elle sont "
        "selon leur ses lors après",
        "de": "der die das und ist nicht mit den dem ein eine auf sich von für zu im wurde wird auch "
        "bei nach sind aus hat haben einer",
        "es": "el los las del y en por es se su fue lo más pero sus han según tras",
        "it": "gli della delle dei degli che per nel nella negli sul sulla dal dalla è più già anche alla "
        "alle questo questa stato stati sono era dopo secondo tra suo",
        "pt": "o os da dos das em foi ao pelo pela é são seu segundo após também ele ela não",
        "nl": "het een van dat op te zijn met voor niet aan er ook werd door naar bij maar heeft hebben",
        "tr": "ve bir bu için ile olarak olan çok daha gibi sonra ancak kadar ise değil tarafından "
        "edildi oldu ilk",
        "id": "yang dan ke dari ini itu dengan untuk pada tidak dalam akan oleh juga adalah telah "
        "karena mereka bahwa atau sebagai",
        "pl": "w z że się nie jest po przez jak dla ale są jego oraz został także",
        "hr": "u je za s koji što nije kao iz ali bio sve prema nakon također",
        "ro": "și în cu pe din care nu că pentru fost sunt după despre",
        "sv": "och att det som på är av för med till inte har var ett vid från också",
    }.items()
}
_PERSIAN_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںھےۓ")
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _script(ch: str) -> str | None:
    cp = ord(ch)
    if cp < 0x0250:
        return "latin" if ch.isalpha() else None
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFEFF:
        return "arabic"
    if 0x0590 <= cp <= 0x05FF:
        return "hebrew"
    if 0x0400 <= cp <= 0x04FF:
        return "cyrillic"
    if 0x0370 <= cp <= 0x03FF:
        return "greek"
    if 0x0900 <= cp <= 0x097F:
        return "devanagari"
    if 0x3040 <= cp <= 0x30FF:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF:
        return "han"
    if 0xAC00 <= cp <= 0xD7AF:
        return "hangul"
    if 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    return None


def detect_language(text: str, *, min_letters: int = 20) -> str | None:
    """ISO 639-1 code of ``text`` from its script and function-word counts, or ``None`` when unsure.

    Cheap on purpose (no model): it reads at most the first 5000 characters. It tells apart the
    languages of the news we ingest (en, ar, fa, ur, he, fr, de, es, it, pt, nl, tr, id, pl, hr, ro,
    sv, ru, uk, el, hi, zh, ja, ko); anything else, or too little text, gives ``None``.
    """
    sample = text[:5000]
    scripts: dict[str, int] = {}
    for ch in sample:
        s = _script(ch)
        if s is not None:
            scripts[s] = scripts.get(s, 0) + 1
    letters = sum(scripts.values())
    if letters < min_letters:
        return None
    script, n = max(scripts.items(), key=lambda kv: kv[1])
    if script == "arabic":
        if any(ch in _URDU_LETTERS for ch in sample):
            return "ur"
        persian = sum(1 for ch in sample if ch in _PERSIAN_LETTERS)
        return "fa" if persian > n * 0.02 else "ar"
    if script == "kana" or (script == "han" and "kana" in scripts):
        return "ja"
    if script == "cyrillic":
        return "uk" if any(ch in _UKRAINIAN_LETTERS for ch in sample.lower()) else "ru"
    simple = {"hebrew": "he", "greek": "el", "devanagari": "hi", "han": "zh", "hangul": "ko"}
    if script in simple:
        return simple[script]
    words = [w.lower() for w in _WORD.findall(sample)]
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    # Demand a clear lead: a few shared words or a name-heavy headline must not decide it.
    if top < 2 or top < second * 1.5:
        return None
    return best


# --- dates -----------------------------------------------------------------------------------------

_EXTRA_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y%m%d")
MIN_YEAR = 1990


def parse_published(value: object) -> datetime | None:
    """A publication date as an aware ``datetime``, or ``None`` when ``value`` is not a readable date.

    Reads ISO 8601 dates and datetimes (``2024-10-01``, ``2024-10-01T08:30:00Z``), RFC 822 dates
    (``Tue, 01 Oct 2024 08:30:00 GMT``, as in RSS), a few spelled forms (``1 October 2024``,
    ``October 1, 2024``), and ``date``/``datetime`` objects. A date alone becomes midnight UTC; a time
    without zone is taken as UTC; a time with a zone keeps its offset, because the local publication
    day is what relative dates ("on Tuesday") are resolved against. Whether the date is plausible is
    the caller's question: see :func:`published_problem`.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw or len(raw) > 64:
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        for fmt in _EXTRA_FORMATS:
            try:
                parsed = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def published_problem(published: datetime, *, now: datetime | None = None) -> str | None:
    """Why ``published`` cannot be a publication date (before 1990 or over 2 days ahead), else None."""
    now = now or datetime.now(UTC)
    if published.year < MIN_YEAR:
        return f"impossible published date {published.isoformat()} (before {MIN_YEAR})"
    if published > now + timedelta(days=2):
        return f"impossible published date {published.isoformat()} (in the future)"
    return None


# --- decoding --------------------------------------------------------------------------------------

_FALLBACK_HANDLER = "proxywatch-cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


def decode_bytes(data: bytes, encoding: str | None = None) -> str:
    """Text from bytes: the given encoding, else UTF-8 (a BOM is dropped); bytes that are not valid
    in it are read as cp1252, so a Windows-1252 file, or one bad line in a UTF-8 file, still reads.
    """
    # Registering is idempotent; done here, not at import, so importing has no side effect.
    codecs.register_error(_FALLBACK_HANDLER, _cp1252_fallback)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if encoding:
        try:
            return data.decode(encoding, errors=_FALLBACK_HANDLER)
        except LookupError:
            pass  # an unknown charset label: UTF-8 is the best guess left
    return data.decode("utf-8-sig", errors=_FALLBACK_HANDLER)


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of a file say it is not text (NULs, many control bytes), else None."""
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    nul = head.count(0)
    if nul > max(1, len(head) // 1000):
        return f"not a text file ({nul} NUL bytes in the first {len(head)} bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) // 20:
        return f"not a text file ({controls} control bytes in the first {len(head)} bytes)"
    return None


# --- HTML ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlContent:
    """What an HTML page yields: main text and the metadata found in the page."""

    text: str
    title: str
    published: str | None
    url: str | None  # canonical link, when the page declares one
    sitename: str | None
    language: str | None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def html_charset(head: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first bytes."""
    match = _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii") if match else None


_SPACES = re.compile(r"\s+")


def _xml_safe(html: str) -> str:
    # lxml parses control characters into the tree and then refuses to write them back.
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", html))


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment or page (scripts and styles dropped), paragraphs on lines."""
    from lxml import etree
    from lxml import html as lxml_html

    html = _xml_safe(html)
    if not html.strip():
        return ""
    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    # Newlines in the source are layout, not structure: collapse them, then break at blocks only.
    for node in root.iter():
        if isinstance(node.tag, str):
            node.text = _SPACES.sub(" ", node.text) if node.text else node.text
        node.tail = _SPACES.sub(" ", node.tail) if node.tail else node.tail
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4|//h5|//h6|//tr|//blockquote"):
        block.tail = "\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def extract_html(html: str, *, url: str | None = None) -> HtmlContent:
    """Main text and metadata of a page: trafilatura first (drops navigation, footers, ads), then the
    plain lxml text when trafilatura finds no article body (very short pages, odd markup)."""
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    html = _xml_safe(html)
    doc: Any = None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, etree.LxmlError):
        doc = None  # trafilatura gives up on some malformed trees; the lxml fallback still may not
    text = (getattr(doc, "text", None) or "").strip()
    title = (getattr(doc, "title", None) or "").strip()
    if not text:
        text = html_to_text(html)
    if not title:
        try:
            found = lxml_html.fromstring(html).findtext(".//title") if html.strip() else None
        except (etree.ParserError, ValueError):
            found = None
        title = " ".join((found or "").split())
    canonical = getattr(doc, "url", None)
    return HtmlContent(
        text=text,
        title=title,
        published=getattr(doc, "date", None),
        url=canonical if canonical and is_web_url(canonical) else None,
        sitename=(getattr(doc, "sitename", None) or None),
        language=(getattr(doc, "language", None) or None),
    )


# --- building records ------------------------------------------------------------------------------


def build_article(
    text: str,
    *,
    source: str,
    item: str,
    fetched_at: datetime,
    url: str | None = None,
    outlet: str | None = None,
    title: str = "",
    published: object = None,
    language: str | None = None,
    external_id: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Article | Rejection:
    """The :class:`Article` for these fields, or a :class:`Rejection` saying why there is none.

    Rejects empty text and unreadable or impossible publication dates. ``outlet`` defaults to the
    URL's host, else ``"unknown"``; ``language`` is detected when not given.
    """

    def reject(reason: str) -> Rejection:
        return Rejection(source=source, item=item, reason=reason, at=fetched_at)

    body = clean_text(text)
    if not body:
        return reject("empty text")
    published_at: datetime | None = None
    if published is not None and not (isinstance(published, str) and not published.strip()):
        published_at = parse_published(published)
        if published_at is None:
            return reject(f"unreadable published date {str(published)[:80]!r}")
        problem = published_problem(published_at, now=fetched_at)
        if problem:
            return reject(problem)
        # Relative dates in the text ("yesterday") count from the outlet's local day, so keep the
        # local wall-clock time and drop the offset: stores hold naive times and return them as is.
        published_at = published_at.replace(tzinfo=None)
    url, external_id, metadata, source = scrub((url, external_id, metadata, source))
    url = url.strip() if url and url.strip() else None
    lang = language.strip().lower() if language and language.strip() else detect_language(body)
    return Article(
        id=article_id(url, body),
        url=url,
        outlet=clean_text(outlet or "") or host_of(url) or "unknown",
        title=" ".join(clean_text(title).split()),
        text=body,
        published_at=published_at,
        language=lang,
        fetched_at=fetched_at,
        content_hash=content_hash(body),
        external_id=external_id,
        source=source,
        metadata=dict(metadata or {}),
    )
