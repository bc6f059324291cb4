"""Merge mentions of the same attack into incidents, incrementally and blocked by date.

A new mention is compared only with incidents whose event date lies within the clustering window of its
own (one store query per batch), never with the whole store. It joins the best-scoring compatible incident
or starts a new one; a report dated only to a week or a month joins within that range or waits, unclustered,
for a later run. Existing incident ids never change; a new incident's id derives from its first
mention, so re-running the same inputs yields the same ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from proxywatch.cluster.similarity import TextSimilarity, best, make_similarity, neighbours
from proxywatch.geo import distance_km
from proxywatch.models import Article, ClaimStatus, GeoPrecision, Incident, Mention, Weapon, stable_id
from proxywatch.resolve.gazetteer import country_of_name
from proxywatch.settings import Settings
from proxywatch.store.base import Store

_PRECISION_RANK = {
    GeoPrecision.SITE: 0,
    GeoPrecision.TOWN: 1,
    GeoPrecision.DISTRICT: 2,
    GeoPrecision.REGION: 3,
    GeoPrecision.SEA: 4,
    GeoPrecision.COUNTRY: 5,
    None: 6,
}


@dataclass
class _Group:
    """An incident being built: its id (if it already exists) and its mentions."""

    mentions: list[Mention]
    id: str | None = None
    first_seen: datetime | None = None
    review_status: str = "unreviewed"
    changed: bool = False

    @property
    def dates(self) -> list[date]:
        return [m.event_date for m in self.mentions if m.event_date]

    @property
    def day(self) -> date | None:
        """The incident's date: the most reported day among reports that date it, else among all.

        Comparing a new report with this one day, not with every member's, keeps daily attacks on one
        city from chaining into a single incident.
        """
        dated = [m.event_date for m in self.mentions if m.event_date and m.date_precision == "day"]
        return _mode(dated or self.dates)  # type: ignore[return-value]

    @property
    def umbrellas(self) -> set[str]:
        return {u for u in map(_attacker, self.mentions) if u}

    @property
    def coords(self) -> list[tuple[float, float, str | None]]:
        return [
            (m.lat, m.lon, m.geo_precision) for m in self.mentions if m.lat is not None and m.lon is not None
        ]


def _attacker(m: Mention) -> str | None:
    """The mention's attacker umbrella, unless it is the state of the country that was hit.

    A state does not bomb its own territory in these reports: "Israel" as the attacker of a strike in
    Israel is the side that was hit, read as the attacker (an army's statement about the attack). Such
    a mention counts as naming no attacker, for the merge and for the incident's attacker alike.
    """
    umbrella = m.actor_umbrella
    if umbrella and m.target_country and country_of_name(umbrella.replace("-", " ")) == m.target_country:
        return None
    return umbrella


@dataclass(frozen=True)
class ClusterResult:
    saved: list[Incident] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


_COARSE = ("region", "sea", "country")
_ONE_PLACE_KM = 8.0  # two towns or districts this close, named in one article, are one place
# How far from its (middle) date a week- or month-precision report may lie from the incident it joins.
_VAGUE_DAYS = {"week": 3, "month": 15}
_FINE = (GeoPrecision.SITE, GeoPrecision.TOWN, GeoPrecision.DISTRICT)
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
    missing, a neighbouring country (an outpost on a border geocoded to the base across it), and one
    day more between the dates.
    """
    if not m.event_date or not group.dates:
        return None
    similarity = text(m, group) if text is not None else None
    same_story = similarity is not None and similarity >= 1.0
    gap = abs((m.event_date - group.day).days)  # type: ignore[operator]
    precise = m.date_precision == "day" and all(o.date_precision == "day" for o in group.mentions)
    allowed = min(window, 1) if precise else window
    if gap > allowed + (1 if same_story else 0):
        return None  # two reports that both date the attack may differ by a day (midnight), no more
    if any(o.article_id == m.article_id and not _same_place(o, m) for o in group.mentions):
        return None  # the extractor already told these targets apart
    score = 1.0 - 0.3 * gap
    nearest: float | None = None
    coords = group.coords
    countries = {o.target_country for o in group.mentions if o.target_country}
    if m.lat is not None and m.lon is not None and coords:
        nearest = min(distance_km((m.lat, m.lon), (lat, lon)) for lat, lon, _ in coords)
        precisions = {m.geo_precision, *(p for _, _, p in coords)}
        if "country" in precisions:
            # Only a country is known on one side: the other must lie in it (or next to it, when the
            # texts tell the same story: a border outpost and the base across the border).
            if m.target_country and countries:
                if m.target_country not in countries and not (
                    same_story and countries & neighbours(m.target_country)
                ):
                    return None
            elif nearest > radius_km * 4:
                return None
            score += 0.5
        elif precisions & {"region", "sea"}:
            # A region or a sea ("the Golan", "the Red Sea"): near, but looser than a town.
            if nearest > radius_km * 2:
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
        score += 1.0  # the same named target (a ship) without coordinates
    else:
        return None
    umbrellas = group.umbrellas
    attacker = _attacker(m)
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
    return score if score > 0.2 else None


def _same_place(a: Mention, b: Mention) -> bool:
    """One place under two names in one article ("Dahiyeh" and "Beirut"), told once without an attacker.

    Two places that both come with the attacker are two targets of one claim, however close.
    """
    if a.place_id == b.place_id:
        return True
    if _attacker(a) and _attacker(b):
        return False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    if a.geo_precision in _COARSE or b.geo_precision in _COARSE:
        return False
    if a.geo_precision == b.geo_precision == "site":
        return False  # two named sites are two targets, however close (a claim listing its bases)
    return distance_km((a.lat, a.lon), (b.lat, b.lon)) <= _ONE_PLACE_KM


def _same_site(m: Mention, coords: Sequence[tuple[float, float, str | None]], gap: int) -> bool:
    """``m`` names a site within 15 km of a site the group names, a day apart at most."""
    if m.geo_precision != "site" or m.lat is None or m.lon is None or gap > 1:
        return False
    return any(p == "site" and distance_km((m.lat, m.lon), (lat, lon)) <= 15 for lat, lon, p in coords)


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


def _mode(values: Iterable[object]) -> object | None:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _status(statuses: set[str]) -> str:
    both = ClaimStatus.CLAIMED_AND_CONFIRMED in statuses
    claimed = both or ClaimStatus.CLAIMED in statuses
    confirmed = both or bool(statuses & {ClaimStatus.CONFIRMED, ClaimStatus.INTERCEPTED})
    if claimed and confirmed:
        return str(ClaimStatus.CLAIMED_AND_CONFIRMED)
    if claimed:
        return str(ClaimStatus.CLAIMED)
    if confirmed:
        return str(ClaimStatus.CONFIRMED)
    if statuses == {ClaimStatus.DENIED}:
        return str(ClaimStatus.DENIED)
    return str(ClaimStatus.REPORTED)


def _figure(values: Sequence[int]) -> int | None:
    """The casualty figure most reports give (the larger on a tie): a merged incident gathers reports
    that retell other attacks' tolls too, so the largest single figure is often another event's."""
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], v))


def _weapon(mentions: Sequence[Mention]) -> str:
    specific = [m.weapon for m in mentions if m.weapon not in (Weapon.UNKNOWN, Weapon.MISSILE)]
    if specific:
        return str(_mode(specific))
    return str(_mode(m.weapon for m in mentions) or Weapon.UNKNOWN)


def build_incident(
    group_id: str,
    mentions: Sequence[Mention],
    outlets: Mapping[str, str],
    *,
    first_seen: datetime,
    now: datetime,
    review_status: str = "unreviewed",
) -> Incident:
    """The canonical view of an incident: each field from the mentions that support it best."""
    ordered = sorted(mentions, key=lambda m: (_PRECISION_RANK.get(m.geo_precision, 6), -m.confidence, m.id))
    placed = next((m for m in ordered if m.lat is not None), None)
    day_dates = [m.event_date for m in mentions if m.event_date and m.date_precision == "day"]
    event_date = _mode(day_dates) or _mode(m.event_date for m in mentions)
    # The most specific named attacker: a faction over its umbrella, a named group over a description
    # ("Iran-backed militias", which carries no umbrella).
    # Reports that name another weapon than the incident's often tell another event in the same
    # sentence (the retaliation for it, "the US hit back with airstrikes"): their attacker votes only
    # when no report with a fitting weapon names one.
    weapon = _weapon(mentions)
    fitting = [m for m in mentions if m.weapon in (weapon, Weapon.UNKNOWN, Weapon.MISSILE)]
    voters = [m for m in fitting if _attacker(m)] or [m for m in mentions if _attacker(m)]
    named = [m for m in voters if m.actor_id and m.actor_umbrella]
    actor_id = (
        _mode(m.actor_id for m in named if m.actor_id != m.actor_umbrella)
        or _mode(m.actor_id for m in named)
        or _mode(m.actor_id for m in mentions if _attacker(m) or not m.actor_umbrella)
    )
    actor_text = next((m.actor_text for m in mentions if m.actor_id == actor_id), None)
    article_ids = tuple(sorted({m.article_id for m in mentions}))
    killed = [m.killed for m in mentions if m.killed is not None]
    injured = [m.injured for m in mentions if m.injured is not None]
    counts = [m.n_attacks for m in mentions if m.n_attacks]
    return Incident(
        id=group_id,
        event_date=event_date,  # type: ignore[arg-type]
        event_type=str(
            _mode(m.event_type for m in mentions if m.event_type != "Interception") or mentions[0].event_type
        ),
        weapon=weapon,
        status=_status({m.claim_status for m in mentions}),
        mention_ids=tuple(sorted(m.id for m in mentions)),
        article_ids=article_ids,
        n_sources=len({outlets.get(a, a) for a in article_ids}),
        n_reports=len(article_ids),
        first_seen=first_seen,
        last_updated=now,
        actor_id=actor_id,  # type: ignore[arg-type]
        actor_umbrella=_mode(m.actor_umbrella for m in voters),  # type: ignore[arg-type]
        actor_text=actor_text,
        target_text=(placed or ordered[0]).target_text,
        target_country=_mode(m.target_country for m in mentions),  # type: ignore[arg-type]
        target_kind=(placed or ordered[0]).target_kind,
        place_text=placed.place_text if placed else None,
        place_id=placed.place_id if placed else None,
        lat=placed.lat if placed else None,
        lon=placed.lon if placed else None,
        geo_precision=placed.geo_precision if placed else None,
        launch_country=_mode(m.origin_country for m in mentions if not m.origin_inferred)
        or _mode(m.origin_country for m in mentions),  # type: ignore[arg-type]
        n_attacks=max(counts) if counts else None,
        killed=_figure(killed),
        injured=_figure(injured),
        review_status=review_status,
    )


def cluster_mentions(
    new: Sequence[Mention], *, store: Store, settings: Settings, now: datetime | None = None
) -> ClusterResult:
    """Fold ``new`` mentions into the stored incidents of their date block; return what to save."""
    now = now or datetime.utcnow()
    # Reports dated to the day first: a week- or month-precision report ("in late July") only joins.
    dated = sorted(
        (m for m in new if m.event_date),
        key=lambda m: (m.date_precision in _VAGUE_DAYS, m.event_date, m.id),
    )
    if not dated:
        return ClusterResult()
    window = settings.cluster_window_days
    reach = max([window, *(_VAGUE_DAYS.get(m.date_precision or "", 0) for m in dated)])
    start = min(m.event_date for m in dated) - timedelta(days=2 * reach)  # type: ignore[operator]
    end = max(m.event_date for m in dated) + timedelta(days=2 * reach)  # type: ignore[operator]
    existing = store.incidents_touching(start, end)
    new_ids = {m.id for m in dated}
    stored = {m.id: m for m in store.get_mentions([i for inc in existing for i in inc.mention_ids])}
    groups = [
        _Group(
            mentions=[stored[i] for i in inc.mention_ids if i in stored and i not in new_ids],
            id=inc.id,
            first_seen=inc.first_seen,
            review_status=inc.review_status,  # an analyst's review survives re-clustering
        )
        for inc in existing
    ]
    # Blocks: a group is filed under the (day, country) of each of its reports, and a report is compared
    # only with the groups filed under its own country (or none) within the window of its day.
    blocks: dict[tuple[date, str], list[_Group]] = {}

    def file(group: _Group, m: Mention) -> None:
        bucket = blocks.setdefault((m.event_date, m.target_country or ""), [])  # type: ignore[arg-type]
        if not any(g is group for g in bucket):
            bucket.append(group)

    for group in groups:
        for m in group.mentions:
            file(group, m)
    text = _text_scorer(settings.cluster_similarity, [m for g in groups for m in g.mentions] + dated, store)
    text_reach = window + 1 if text is not None else window  # a day more for reports that read alike
    for mention in dated:
        best, best_score = None, None
        seen: set[int] = set()
        countries = {mention.target_country or "", ""}
        if text is not None:
            countries |= neighbours(mention.target_country)  # only text that reads alike crosses a border
        vague = _VAGUE_DAYS.get(mention.date_precision or "")
        if vague and mention.geo_precision not in _FINE:
            continue  # "in January, an attack in Iraq": too loose in both time and place to join anything
        span = vague or window
        for offset in range(-(vague or text_reach), (vague or text_reach) + 1):
            day = mention.event_date + timedelta(days=offset)  # type: ignore[operator]
            for country in countries:
                for group in blocks.get((day, country), ()):
                    if id(group) in seen or not group.mentions:
                        continue
                    seen.add(id(group))
                    score = _compatible(
                        mention, group, window=span, radius_km=settings.cluster_radius_km, text=text
                    )
                    if score is not None and (best_score is None or score > best_score):
                        best, best_score = group, score
        if best is None and vague:
            continue  # a background event with a vague date is stored as a mention, not a new incident
        if best is None:
            best = _Group(mentions=[])
            groups.append(best)
        best.mentions.append(mention)
        best.changed = True
        file(best, mention)
    _merge_groups(groups, window=window, reach=text_reach, radius_km=settings.cluster_radius_km, text=text)
    changed = [g for g in groups if g.changed and g.mentions]
    article_ids = sorted({m.article_id for g in changed for m in g.mentions})
    outlets = {a.id: _outlet_key(a) for a in store.get_articles(article_ids)}
    saved, created = [], 0
    for group in changed:
        if group.id is None:
            created += 1
            group.id = stable_id(min(m.id for m in group.mentions), prefix="inc-")
        saved.append(
            build_incident(
                group.id,
                group.mentions,
                outlets,
                first_seen=group.first_seen or now,
                now=now,
                review_status=group.review_status,
            )
        )
    removed = [g.id for g in groups if g.id and not g.mentions]
    return ClusterResult(saved=saved, removed=removed, created=created, updated=len(saved) - created)


def _merge_groups(
    groups: list[_Group], *, window: int, reach: int, radius_km: float, text: TextScore | None
) -> None:
    """Merge groups that turn out to be one attack once all of the batch has been placed.

    Mentions join groups one at a time, so two reports of one attack can each start a group before
    the report that ties them arrives. A changed group moves into another group of its date block
    (days within ``reach``) when most of its mentions fit there; the emptied group's stored id is then
    removed by the caller. Bounded like the blocking: only groups filed under nearby days meet.
    """
    # Filed like the blocks of ``cluster_mentions``: by day and by each country the group's reports name.
    blocks: dict[tuple[date, str], list[_Group]] = {}
    for group in groups:
        if group.mentions:
            for country in _countries(group):
                blocks.setdefault((group.day, country), []).append(group)  # type: ignore[arg-type]
    # Smaller groups move into larger ones; the larger keeps its id.
    for small in sorted((g for g in groups if g.changed and g.mentions), key=lambda g: len(g.mentions)):
        if not small.mentions:
            continue
        day = small.day
        countries = {"", *_countries(small)}
        if text is not None:
            countries |= {n for c in countries for n in neighbours(c)}
        best_group, best_score = None, None
        seen: set[int] = set()
        for offset in range(-reach, reach + 1):
            candidates = (
                other
                for country in countries
                for other in blocks.get((day + timedelta(days=offset), country), ())  # type: ignore[operator]
            )
            for other in candidates:
                if id(other) in seen or other is small or len(other.mentions) < len(small.mentions):
                    continue
                seen.add(id(other))
                scores = [
                    _compatible(m, other, window=window, radius_km=radius_km, text=text)
                    for m in small.mentions
                ]
                fits = [x for x in scores if x is not None]
                if 2 * len(fits) < len(scores) + (len(scores) == 2):  # most of them; both of two
                    continue
                mean = sum(fits) / len(scores)
                if best_score is None or mean > best_score:
                    best_group, best_score = other, mean
        if best_group is not None:
            best_group.mentions.extend(small.mentions)
            best_group.changed = True
            small.mentions = []
            small.changed = False


def _countries(group: _Group) -> set[str]:
    return {m.target_country or "" for m in group.mentions}


def _text_scorer(name: str, mentions: Sequence[Mention], store: Store) -> TextScore | None:
    """The text similarity the setting names, fed the mentions of this batch's blocks (one batch)."""
    similarity = make_similarity(name)
    if similarity is None:
        return None
    titles = {a.id: a.title for a in store.get_articles(sorted({m.article_id for m in mentions}))}
    similarity.add(mention_texts(mentions, titles))
    return text_score(similarity)


def _outlet_key(article: Article) -> str:
    """Outlets fold editions and live blogs: "The Times of Israel (liveblog)" is The Times of Israel."""
    name = article.outlet.lower().split("(")[0].strip()
    return name.removeprefix("the ").strip() or article.id
