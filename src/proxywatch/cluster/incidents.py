"""Merge mentions of the same attack into incidents, incrementally and blocked by date.

A new mention is compared only with incidents whose event date lies within the clustering window of its
own (one store query per batch), never with the whole store. It joins the best-scoring compatible incident
or starts a new one; a report dated only to a week or a month joins within that range or waits, unclustered,
for a later run. Existing incident ids never change; a new incident's id derives from its first
mention, so re-running the same inputs yields the same ids.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from proxywatch.cluster.canonical import attacker_of, build_incident, country_of_actor, mode
from proxywatch.cluster.similarity import TextSimilarity, best, make_similarity, neighbours
from proxywatch.cluster.sources import with_sources
from proxywatch.extract.ships import same_ship
from proxywatch.geo import EARTH_RADIUS_KM, distance_km
from proxywatch.models import (
    Article,
    DatePrecision,
    GeoPrecision,
    Incident,
    Mention,
    Weapon,
    stable_id,
)
from proxywatch.settings import Settings
from proxywatch.store.base import Store


@dataclass
class _Group:
    """An incident being built: its id (if it already exists) and its mentions.

    The derived views (``dates``, ``day``, ``umbrellas``, ``coords``) are read for every candidate
    report but change only when a report joins: they are computed once and dropped by :meth:`add`.
    """

    mentions: list[Mention]
    id: str | None = None
    first_seen: datetime | None = None
    review_status: str = "unreviewed"
    changed: bool = False

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.forget_views()

    def forget_views(self) -> None:
        """Drop the derived views after the mentions changed."""
        for name in _DERIVED:
            self.__dict__.pop(name, None)

    @cached_property
    def last(self) -> date | None:
        """The latest event date among the reports: the sweep closes the group a window after it."""
        return max(self.dates, default=None)

    @cached_property
    def dates(self) -> list[date]:
        return [m.event_date for m in self.mentions if m.event_date]

    @cached_property
    def day(self) -> date | None:
        """The incident's date: the most reported day among reports that date it, else among all.

        Comparing a new report with this one day, not with every member's, keeps daily attacks on one
        city from chaining into a single incident.
        """
        dated = [m.event_date for m in self.mentions if m.event_date and m.date_precision == "day"]
        return mode(dated or self.dates)  # type: ignore[return-value]

    @cached_property
    def umbrellas(self) -> set[str]:
        return {u for u in map(attacker_of, self.mentions) if u}

    @cached_property
    def parties(self) -> set[str]:
        """Whether states, armed groups or both are named as its attackers (see :func:`_party`)."""
        return {p for p in map(_party, self.mentions) if p}

    @cached_property
    def countries(self) -> set[str]:
        return {m.target_country or "" for m in self.mentions}

    @cached_property
    def ships(self) -> list[str]:
        """The names of the ships its reports say were attacked."""
        return list(dict.fromkeys(name for name in map(_ship, self.mentions) if name))

    @cached_property
    def tolls(self) -> set[int]:
        """The death tolls its reports give (none given, or none killed, are not a toll)."""
        return {m.killed for m in self.mentions if m.killed}

    def names_ship_of(self, m: Mention) -> bool:
        """Whether ``m`` names a ship its reports name (spellings and prefixes aside)."""
        ship = _ship(m)
        return bool(ship and any(same_ship(ship, other) for other in self.ships))

    @cached_property
    def coords(self) -> list[tuple[float, float, str | None]]:
        # Distinct points only: reports of one place repeat its coordinates, and every caller takes the
        # nearest point or the set of precisions, which repeats do not change.
        return list(
            dict.fromkeys(
                (m.lat, m.lon, m.geo_precision)
                for m in self.mentions
                if m.lat is not None and m.lon is not None
            )
        )

    @cached_property
    def reach(self) -> tuple[float, float] | None:
        """The latitude band of the group's points when all are precise (not a country, region or sea)."""
        coords = self.coords
        if not coords or any(p in _COARSE for _, _, p in coords):
            return None
        lats = [lat for lat, _, _ in coords]
        return min(lats), max(lats)


_DERIVED = ("last", "dates", "day", "umbrellas", "parties", "countries", "ships", "tolls", "coords", "reach")


def _ship(m: Mention) -> str | None:
    """The name of the ship the mention says was attacked, if it names one."""
    return m.target_text if m.target_kind == "ship" and m.target_text else None


def _party(m: Mention) -> str | None:
    """ "state" when a state is named as the attacker, "group" when an armed group is, even only by a
    description ("Iran-backed militants", which carries no umbrella); else ``None``."""
    attacker = attacker_of(m)
    if attacker:
        return "state" if country_of_actor(attacker) else "group"
    if m.actor_id and not m.actor_umbrella:
        return "group"
    return None


def _answers(m: Mention, group: _Group) -> bool:
    """Whether a state's strike and a group's attack meet: "Kataib Hezbollah hit Erbil; the US struck
    three of its facilities in Iraq". Retaliation is told on the same day, in the same country and in
    the words of the attack it answers, so neither alike texts nor a shared country make them one;
    only the very same site can, or the same place told alike (the side that was hit, misread as the
    attacker)."""
    party = _party(m)
    if party is None:
        return False
    others = group.parties
    return bool(others) and party not in others


_LOAD_DAYS = 30  # days of stored incidents read at a time, ahead of the sweep


@dataclass(frozen=True)
class ClusterResult:
    saved: list[Incident] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


_COARSE = ("region", "sea", "country")
_ONE_PLACE_KM = 8.0  # two towns or districts this close, named in one article, are one place
# How far a vague report may lie from the incident it joins, in days before and after its own date: a
# week or a month around its middle; an attack retold without its day ("after the drone attack in
# Jordan"), in the weeks before the report that retells it.
_VAGUE_RANGE = {DatePrecision.WEEK: (3, 3), DatePrecision.MONTH: (15, 15), DatePrecision.RETOLD: (21, 0)}
_FINE = (GeoPrecision.SITE, GeoPrecision.TOWN, GeoPrecision.DISTRICT)
_SHIP_DAYS = 14  # how long after its attack a report of a named ship still tells of that attack
# How many days after an attack a report that gives no day of its own ("the strike that killed 12
# children", dated by its publication) may still tell of it, when it gives the attack's toll.
_LATE_TOLL_DAYS = 3
_SAME_PLACE_KM = 15.0  # a base and its town, two spellings of one village

TextScore = Callable[[Mention, "_Group"], "float | None"]
"""How alike a mention reads to a group, rescaled so that 1.0 is the similarity's "same story" level."""


def _compatible(
    m: Mention, group: _Group, *, window: int, radius_km: float, text: TextScore | None = None
) -> float | None:
    """Score how well ``m`` fits ``group``; ``None`` when it must not join.

    Dates must be within the window and places close: within ``radius_km`` for precise places; the same
    country (or four radii) when either side is only a country or region. Two named attackers that
    differ block the merge, except at the very same site on the same day or the next: the attacker is
    the field reports most often get wrong ("US" for the side that was hit), the site and day are not.

    ``text`` scores how alike ``m`` reads to the group's reports (0..1). When the texts tell the same
    story, the fields extraction gets wrong most often are forgiven: an attacker that differs or is
    missing, and a neighbouring country (an outpost on a border geocoded to the base across it). The
    day window is not: daily claims of one group read alike.
    """
    if not m.event_date or not group.dates:
        return None
    gap = abs((m.event_date - group.day).days)  # type: ignore[operator]
    retold = m.date_precision == DatePrecision.RETOLD
    back = 0
    if retold:
        before, after = _VAGUE_RANGE[DatePrecision.RETOLD]
        back = (m.event_date - group.day).days  # type: ignore[operator]
        if not -after <= back <= before:
            return None
        gap = 0  # any day of its range fits; the latest such attack is likelier the one retold (below)
    elif m.date_precision in (DatePrecision.WEEK, DatePrecision.MONTH) and m.geo_precision in _FINE:
        # "an assault earlier this month on Safed": its middle day is no likelier than any other day of
        # its range; the town singles the attack out.
        before, after = _VAGUE_RANGE[m.date_precision]
        if -after <= (m.event_date - group.day).days <= before:  # type: ignore[operator]
            gap = 0
    precise = m.date_precision == "day" and all(
        o.date_precision in ("day", DatePrecision.RETOLD) for o in group.mentions
    )
    allowed = min(window, 1) if precise else window
    ship, ships = _ship(m), group.ships
    same_ship_named = group.names_ship_of(m)
    if same_ship_named:
        # Reports of a ship's fate (sunk, towed, freed) follow its attack by days and date themselves.
        allowed, gap = max(allowed, _SHIP_DAYS), min(gap, 1)
    late = (
        _late_toll(m)
        and 0 < (m.event_date - group.day).days <= _LATE_TOLL_DAYS  # type: ignore[operator]
        and m.killed in group.tolls
    )
    if late:
        gap = min(gap, 1)
    if gap > allowed and not retold:
        return None  # two reports that both date the attack may differ by a day (midnight), no more
    if any(o.article_id == m.article_id and not _same_place(o, m) for o in group.mentions):
        return None  # the extractor already told these targets apart
    similarity = text(m, group) if text is not None else None
    same_story = similarity is not None and similarity >= 1.0
    score = 1.0 - 0.3 * gap
    nearest: float | None = None
    coords = group.coords
    countries = {o.target_country for o in group.mentions if o.target_country}
    if ship and ships:
        # A named ship is the target whatever port or sea each report places it near; two names are
        # two ships.
        if not same_ship_named:
            return None
        score += 1.5
    elif m.lat is not None and m.lon is not None and coords:
        # A precise report is placed against the group's precise places when it has some: a member
        # that names only the country (or a region) must not let every town of it join.
        fine = [c for c in coords if c[2] not in _COARSE]
        if m.geo_precision not in _COARSE and fine:
            coords = fine
        nearest = min(distance_km((m.lat, m.lon), (lat, lon)) for lat, lon, _ in coords)
        precisions = {m.geo_precision, *(p for _, _, p in coords)}
        # Only a country or a region is known on one side: the other must lie in that country (or next
        # to it, when the texts tell the same story: a border outpost and the base across the border).
        # "Southern Lebanon" reaches Kiryat Shmona, yet a rocket on the town is not a strike on Lebanon.
        elsewhere = bool(
            m.target_country
            and countries
            and m.target_country not in countries
            and not (same_story and countries & neighbours(m.target_country))
        )
        if "country" in precisions:
            if elsewhere or (not (m.target_country and countries) and nearest > radius_km * 4):
                return None
            score += 0.5
        elif precisions & {"region", "sea"}:
            # A region or a sea ("the Golan", "the Red Sea"): near, but looser than a town.
            far = nearest > radius_km * 2 and not _within_sea(m, group)
            if far or ("region" in precisions and elsewhere):
                return None
            score += 0.5
        elif nearest > radius_km:
            return None
        elif precise and gap and nearest > _SAME_PLACE_KM:
            return None  # two towns, each dated to its own day: two attacks (Kiryat Shmona, then Safed)
        else:
            score += 1.0 - nearest / (radius_km * 2)
    elif m.target_text and any(
        o.target_text and o.target_text.lower() == m.target_text.lower() for o in group.mentions
    ):
        score += 1.0  # the same named target without coordinates
    elif gap <= 1 and _ship_at_sea(m, group):
        score += 0.5
    else:
        return None
    if _answers(m, group) and not (
        _same_site(m, coords, gap) or (same_story and m.place_id in {o.place_id for o in group.mentions})
    ):
        return None
    umbrellas = group.umbrellas
    attacker = attacker_of(m)
    if attacker and umbrellas and attacker not in umbrellas:
        if not (same_story or _same_site(m, coords, gap)):
            return None
        score -= 0.6
    elif not (attacker and umbrellas):
        # A report that names no attacker joins only a clear match of date and place, or of text.
        score -= 0.1 if same_story else 0.4
    if m.weapon not in (Weapon.UNKNOWN, Weapon.MISSILE) and m.weapon in {o.weapon for o in group.mentions}:
        score += 0.3
    if similarity is not None:
        score += 0.3 * min(similarity, 1.5)  # between groups that fit equally, the one that reads alike
    score -= 0.01 * back
    loose = retold or (m.date_precision in _VAGUE_RANGE and m.geo_precision not in _FINE)
    if loose and not (same_story or _retells(m, group, nearest)):
        return None  # a day or a place only roughly known: it must single the incident out
    return score if score > 0.2 else None


def _within_sea(m: Mention, group: _Group) -> bool:
    """A part of a sea and the sea it lies in ("the southern Red Sea", "the Red Sea"): their centres lie
    hundreds of kilometres apart, yet a report that says only "the Red Sea" may tell of either."""

    def name(text: str | None) -> str:
        return (text or "").lower().removeprefix("the ").strip()

    if m.geo_precision != "sea" or not name(m.place_text):
        return False
    mine = name(m.place_text)
    return any(
        o.geo_precision == "sea"
        and (theirs := name(o.place_text))
        and (mine.endswith(theirs) or theirs.endswith(mine))
        for o in group.mentions
    )


def _ship_at_sea(m: Mention, group: _Group) -> bool:
    """A ship named without a place on one side, a report at sea that names no ship on the other: one
    attack told with and without the ship's name ("a vessel in the Gulf of Aden")."""
    if _ship(m):
        return m.lat is None and not group.ships and any(o.geo_precision == "sea" for o in group.mentions)
    return m.geo_precision == "sea" and bool(group.ships) and not group.coords


def _late_toll(m: Mention) -> bool:
    """Whether a report dated only by its publication gives a death toll, by which it may tell of an
    attack of the days before (``_LATE_TOLL_DAYS``)."""
    return m.date_precision == DatePrecision.REPORT and bool(m.killed)


def _retells(m: Mention, group: _Group, nearest: float | None) -> bool:
    """Whether a report whose day or place is only roughly known singles ``group`` out among the attacks
    of its range: a town or site that is the group's own; else (a country or region) a death toll the
    group's reports give, or their weapon and attacker both; a named ship the group's reports name
    ("in November they hijacked the Galaxy Leader") whatever its place."""
    if group.names_ship_of(m):
        return True
    if m.geo_precision in _FINE:
        return nearest is not None and nearest <= _SAME_PLACE_KM
    if m.killed and m.killed in group.tolls:
        return True
    weapons = {o.weapon for o in group.mentions} - {Weapon.UNKNOWN, Weapon.MISSILE}
    return m.weapon in weapons and attacker_of(m) in group.umbrellas


def _same_place(a: Mention, b: Mention) -> bool:
    """One place under two names in one article ("Dahiyeh" and "Beirut"), told once without an attacker;
    or a named ship and the sea of a report that names none.

    Two places that both come with the attacker are two targets of one claim, however close.
    """
    if a.place_id == b.place_id:
        return True
    ship, sea = (a, b) if _ship(a) else (b, a)
    if _ship(ship) and ship.lat is None and sea.geo_precision == "sea" and not _ship(sea):
        # "a missile hit a vessel in the Gulf of Aden" and "the True Confidence was hit": the ship is
        # somewhere at sea; only different tolls make them two attacks.
        return None in (a.killed, b.killed) or a.killed == b.killed
    if attacker_of(a) and attacker_of(b):
        return False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    if a.geo_precision in _COARSE or b.geo_precision in _COARSE:
        return False
    if a.geo_precision == b.geo_precision == "site":
        return False  # two named sites are two targets, however close (a claim listing its bases)
    return distance_km((a.lat, a.lon), (b.lat, b.lon)) <= _ONE_PLACE_KM


def _same_site(m: Mention, coords: Sequence[tuple[float, float, str | None]], gap: int) -> bool:
    """``m`` names a site within 15 km (``_SAME_PLACE_KM``) of a site the group names, a day apart at most."""
    if m.geo_precision != "site" or m.lat is None or m.lon is None or gap > 1:
        return False
    return any(
        p == "site" and distance_km((m.lat, m.lon), (lat, lon)) <= _SAME_PLACE_KM for lat, lon, p in coords
    )


def text_score(similarity: TextSimilarity) -> TextScore:
    """How alike a mention reads to a group: its best similarity to any of the group's reports, over the
    similarity's "same story" level (so 1.0 means: reads as the same story, whatever the similarity)."""

    def score(m: Mention, group: _Group) -> float | None:
        value = best(
            similarity.similarity(m.id, o.id) for o in group.mentions if o.article_id != m.article_id
        )
        return None if value is None else value / similarity.same_story

    return score


def mention_texts(mentions: Iterable[Mention], titles: Mapping[str, str]) -> dict[str, str]:
    """The text each mention is compared by: its article's title, then its evidence sentence."""
    return {m.id: f"{titles.get(m.article_id, '')}. {m.sentence}".strip(". ") for m in mentions}


def _beyond_reach(m: Mention, group: _Group, *, radius_km: float) -> bool:
    """True when :func:`_compatible` must refuse ``m`` for distance alone, known without measuring it.

    Two precise places (town or site) are one incident only within ``radius_km`` of each other, and no
    two points are nearer than their difference in latitude alone: a report that far north or south of
    every point of the group cannot join it. Skipping those saves most distance computations in a
    dense block. (A test checks, on random reports, that this never refuses what ``_compatible`` takes.)
    """
    band = group.reach
    if band is None or m.lat is None or m.lon is None or m.geo_precision in _COARSE:
        return False
    below, above = band[0] - m.lat, m.lat - band[1]
    return max(below, above) * _KM_PER_DEGREE > radius_km


_KM_PER_DEGREE = math.pi / 180 * EARTH_RADIUS_KM * 0.999  # a hair under, so rounding never refuses a match


def cluster_mentions(
    new: Sequence[Mention], *, store: Store, settings: Settings, now: datetime | None = None
) -> ClusterResult:
    """Fold ``new`` mentions into the stored incidents of their date block; return what to save.

    The whole result at once; :func:`cluster_batches` gives the same decisions in bounded memory.
    """
    saved: list[Incident] = []
    removed: list[str] = []
    created = 0
    for part in cluster_batches(new, store=store, settings=settings, now=now):
        saved += part.saved
        removed += part.removed
        created += part.created
    return ClusterResult(saved=saved, removed=removed, created=created, updated=len(saved) - created)


def cluster_batches(
    new: Sequence[Mention],
    *,
    store: Store,
    settings: Settings,
    now: datetime | None = None,
    batch_size: int = 5000,
) -> Iterator[ClusterResult]:
    """Fold ``new`` mentions into the stored incidents in one sweep by date, yielding finished work.

    Mentions are taken in date order. Stored incidents are read a slice of days ahead of the sweep, and
    an incident is finished once the sweep is more than the clustering window past its last report: no
    later report can reach it, so it is built, yielded (about ``batch_size`` at a time) and forgotten.
    Memory thus holds the incidents of a few weeks, not of the whole store. The caller may save each
    result before asking for the next; incidents already yielded are never read back.

    A report dated only to a week or a month ("in late July"), or an attack retold without its day, is
    placed once the sweep has passed its whole range, and only joins: alone it starts no incident and
    stays unclustered for a later run. A retold one, or one that names no precise place, joins only an
    incident it singles out (:func:`_retells`).
    """
    now = now or datetime.utcnow()
    dated = sorted((m for m in new if m.event_date), key=lambda m: (m.event_date, m.id))
    precise = [m for m in dated if m.date_precision not in _VAGUE_RANGE]
    vague = [m for m in dated if m.date_precision in _VAGUE_RANGE]
    if not precise and not vague:
        return
    sweep = _Sweep(precise, vague, store=store, settings=settings, now=now)
    for mention in precise:
        day: date = mention.event_date  # type: ignore[assignment]
        if day != sweep.today:
            sweep.advance(day)
            if len(sweep.finished) >= batch_size:
                yield sweep.flush()
        sweep.place(mention)
    sweep.finish()
    yield sweep.flush()


class _Sweep:
    """The state of one clustering sweep: the open groups, their blocks, and finished groups to save.

    Blocks: a group is filed under the (day, country) of each of its reports, and a report is compared
    only with the groups filed under its own country (or none) within the window of its day.
    """

    def __init__(
        self,
        precise: Sequence[Mention],
        vague: Sequence[Mention],
        *,
        store: Store,
        settings: Settings,
        now: datetime,
    ) -> None:
        self.store, self.now = store, now
        self.window = settings.cluster_window_days
        self.radius_km = settings.cluster_radius_km
        self.new_ids = {m.id for m in (*precise, *vague)}
        self.similarity = make_similarity(settings.cluster_similarity)
        self.text = text_score(self.similarity) if self.similarity is not None else None
        self._add_texts([*precise, *vague])
        # A vague report waits until the sweep passes the end of its range (its "ready" day); groups stay
        # open long enough for it to reach back to the start of that range.
        self.pending = sorted(vague, key=lambda m: (_ready(m), m.id))
        widths = [sum(_VAGUE_RANGE[m.date_precision]) for m in vague]  # type: ignore[index]
        # A report of a named ship may reach back to its attack (``_SHIP_DAYS``).
        ships = _SHIP_DAYS if any(_ship(m) for m in precise) else 0
        late = _LATE_TOLL_DAYS if any(_late_toll(m) for m in precise) else 0
        self.lag = timedelta(days=max([self.window, ships, late, *widths]))
        # Stored incidents are read from 2 windows (or a ship's reach, or a vague range) before the first
        # report to as many after the last (their reports may lie that far from their own date), a
        # slice at a time.
        self.margin = timedelta(days=max([2 * self.window, 2 * ships, late, *widths]))
        first = min(m.event_date for m in (*precise, *vague))  # type: ignore[type-var]
        last = max([*(m.event_date for m in precise), *(_ready(m) for m in vague)])  # type: ignore[type-var]
        self.load_end = last + self.margin
        self.loaded_to = first - self.margin - timedelta(days=1)
        self.slice = timedelta(days=max(_LOAD_DAYS, 2 * self.window))
        self.today: date | None = None
        self.open: list[_Group] = []
        self.blocks: dict[tuple[date, str], list[_Group]] = {}
        self.finished: list[_Group] = []

    def advance(self, day: date) -> None:
        """Move the sweep to ``day``: place the vague reports whose range ended before it, read stored
        incidents ahead, close groups no report can reach."""
        while self.pending and _ready(self.pending[0]) < day:
            self._place_vague(self.pending.pop(0))
        self.today = day
        self._load_until(day)
        horizon = day - self.lag  # no report placed from ``day`` on looks back further
        still_open = []
        for group in self.open:
            (still_open if group.last is not None and group.last >= horizon else self.finished).append(group)
        self.open = still_open
        for key in [k for k in self.blocks if k[0] < horizon]:
            del self.blocks[key]

    def _load_until(self, day: date) -> None:
        if self.loaded_to < min(day + self.margin, self.load_end):
            until = min(day + self.margin + self.slice, self.load_end)
            self._load(self.loaded_to + timedelta(days=1), until)
            self.loaded_to = until

    def _load(self, start: date, end: date) -> None:
        existing = self.store.incidents_touching(start, end)
        wanted = [i for inc in existing for i in inc.mention_ids if i not in self.new_ids]
        stored = {m.id: m for m in self.store.get_mentions(wanted)}
        self._add_texts(stored.values())
        for inc in existing:
            group = _Group(
                mentions=[stored[i] for i in inc.mention_ids if i in stored and i not in self.new_ids],
                id=inc.id,
                first_seen=inc.first_seen,
                review_status=inc.review_status,  # an analyst's review survives re-clustering
            )
            self.open.append(group)
            for m in group.mentions:
                self._file(group, m)

    def _add_texts(self, mentions: Iterable[Mention]) -> None:
        """Give the text similarity the title and evidence sentence of each mention it will compare."""
        if self.similarity is None:
            return
        mentions = list(mentions)
        ids = sorted({m.article_id for m in mentions})
        titles = {a.id: a.title for a in self.store.get_articles(ids)} if ids else {}
        self.similarity.add(mention_texts(mentions, titles))

    def _file(self, group: _Group, m: Mention) -> None:
        bucket = self.blocks.setdefault((m.event_date, m.target_country or ""), [])  # type: ignore[arg-type]
        if not any(g is group for g in bucket):
            bucket.append(group)

    def place(self, mention: Mention) -> None:
        """Add ``mention`` to the best-scoring compatible open group, or start a new one."""
        before = max(self.window, _LATE_TOLL_DAYS) if _late_toll(mention) else self.window
        best = self._best(mention, before, self.window, window=self.window)
        if best is None:
            best = _Group(mentions=[])
            self.open.append(best)
        self._join(best, mention)

    def _place_vague(self, mention: Mention) -> None:
        """A vague report joins the best group within its range, or stays unclustered."""
        self._load_until(_ready(mention))
        best = self._best(mention, *_VAGUE_RANGE[mention.date_precision])  # type: ignore[index]
        if best is not None:
            self._join(best, mention)

    def _join(self, group: _Group, mention: Mention) -> None:
        group.add(mention)
        group.changed = True
        self._file(group, mention)

    def _best(self, mention: Mention, before: int, after: int, *, window: int | None = None) -> _Group | None:
        """The best-scoring group for ``mention`` among those filed from ``before`` days before it to
        ``after`` days after, under its country or none (or a neighbouring country, when texts are
        compared)."""
        best, best_score = None, None
        seen: set[int] = set()
        countries = self._block_countries([mention.target_country or ""])
        window = window if window is not None else max(before, after)
        if _ship(mention):  # a ship's fate is reported days after its attack
            before, after = max(before, _SHIP_DAYS), max(after, _SHIP_DAYS)
        for offset in range(-before, after + 1):
            day = mention.event_date + timedelta(days=offset)  # type: ignore[operator]
            for country in countries:
                for group in self.blocks.get((day, country), ()):
                    if id(group) in seen or not group.mentions:
                        continue
                    seen.add(id(group))
                    if _beyond_reach(mention, group, radius_km=self.radius_km):
                        continue
                    score = _compatible(
                        mention, group, window=window, radius_km=self.radius_km, text=self.text
                    )
                    if score is not None and (best_score is None or score > best_score):
                        best, best_score = group, score
        return best

    def _block_countries(self, countries: Sequence[str]) -> list[str]:
        """The block countries a report of ``countries`` is compared under, in a fixed order (ties go to
        the first group met): its own, none, then, when texts are compared, their neighbours (only text
        that reads alike crosses a border)."""
        own = list(dict.fromkeys([*countries, ""]))
        if self.text is not None:
            own += sorted({n for c in own for n in neighbours(c)} - set(own))
        return own

    def finish(self) -> None:
        for mention in self.pending:
            self._place_vague(mention)
        self.pending = []
        self.finished += self.open
        self.open = []
        self.blocks.clear()

    def merge_groups(self) -> None:
        """Merge groups that turn out to be one attack once their reports have all been placed.

        Mentions join groups one at a time, so two reports of one attack can each start a group before
        the report that ties them arrives. A changed group moves into a larger group of its date block
        (days within the window) when most of its mentions fit there; an emptied stored group's id is
        then removed. Bounded like the blocking: only groups filed under nearby days meet.
        """
        groups = [g for g in (*self.finished, *self.open) if g.mentions]
        still_open = {id(g) for g in self.open}
        blocks: dict[tuple[date, str], list[_Group]] = {}
        for group in groups:
            for country in group.countries:
                blocks.setdefault((group.day, country), []).append(group)  # type: ignore[arg-type]
        for small in sorted((g for g in groups if g.changed), key=lambda g: len(g.mentions)):
            if not small.mentions:
                continue
            countries = self._block_countries(sorted(small.countries))
            best_group, best_score = None, None
            seen: set[int] = set()
            for offset in range(-self.window, self.window + 1):
                day = small.day + timedelta(days=offset)  # type: ignore[operator]
                for other in (o for country in countries for o in blocks.get((day, country), ())):
                    if id(other) in seen or other is small or len(other.mentions) < len(small.mentions):
                        continue
                    if id(small) in still_open and id(other) not in still_open:
                        continue  # a finished group is saved now: later reports could not reach it
                    seen.add(id(other))
                    mean = self._fit(small, other)
                    if mean is not None and (best_score is None or mean > best_score):
                        best_group, best_score = other, mean
            if best_group is not None:
                for m in small.mentions:
                    self._join(best_group, m)
                small.mentions = []
                small.forget_views()
                small.changed = False

    def _fit(self, small: _Group, other: _Group) -> float | None:
        """The mean score of ``small``'s reports in ``other`` when most of them fit (both of two), else
        ``None``; stops as soon as too many have failed."""
        n = len(small.mentions)
        allowed_misses = n - (n + (n == 2) + 1) // 2
        total, misses = 0.0, 0
        for m in small.mentions:
            score = None
            if not _beyond_reach(m, other, radius_km=self.radius_km):
                score = _compatible(m, other, window=self.window, radius_km=self.radius_km, text=self.text)
            if score is None:
                misses += 1
                if misses > allowed_misses:
                    return None
            else:
                total += score
        return total / n

    def flush(self) -> ClusterResult:
        """Build the finished groups that changed; name the stored ones left empty; forget them all."""
        self.merge_groups()
        done, self.finished = self.finished, []
        changed = [g for g in done if g.changed and g.mentions]
        article_ids = sorted({m.article_id for g in changed for m in g.mentions})
        articles = {a.id: a for a in self.store.get_articles(article_ids)}
        outlets = {key: _outlet_key(a) for key, a in articles.items()}
        saved, created = [], 0
        for group in changed:
            if group.id is None:
                created += 1
                group.id = stable_id(min(m.id for m in group.mentions), prefix="inc-")
            incident = build_incident(
                group.id,
                group.mentions,
                outlets,
                first_seen=group.first_seen or self.now,
                now=self.now,
                review_status=group.review_status,
            )
            saved.append(with_sources(incident, group.mentions, articles, outlet_key=_outlet_key))
        removed = [g.id for g in done if g.id and not g.mentions]
        return ClusterResult(saved=saved, removed=removed, created=created, updated=len(saved) - created)


def _ready(mention: Mention) -> date:
    """The day a vague report's range ends: the sweep places it once past that day."""
    return mention.event_date + timedelta(days=_VAGUE_RANGE[mention.date_precision][1])  # type: ignore[index,operator]


def _outlet_key(article: Article) -> str:
    """Outlets fold editions and live blogs: "The Times of Israel (liveblog)" is The Times of Israel."""
    name = article.outlet.lower().split("(")[0].strip()
    return name.removeprefix("the ").strip() or article.id
