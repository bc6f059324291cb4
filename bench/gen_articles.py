"""A reproducible stream of synthetic news: ``python bench/gen_articles.py N OUT.jsonl [--seed S]``.

About 70 % of the articles are news with no attack (markets, sport, weather, health, science, courts,
culture, elections, Middle East diplomacy, defence-industry stories that use the words "drone" and
"missile" without an attack); about 30 % report attacks: one generated event is told by one to four
outlets over up to three days, with varied actors, weapons, targets, places, counts, casualties and date
words, as a real stream repeats an attack across outlets. Bodies run 150-1200 words: the lead, then
reactions, context and background paragraphs, as wire stories do.

Every sentence comes from templates written for this script; the outlets are fictional and every URL is
under the reserved ``.invalid`` domain. The same ``N`` and ``--seed`` give byte-identical output.
Each line follows the input contract (``id, url, outlet, published, title, text, language``) plus
``bench_kind`` (``attack`` or the news topic) and ``bench_event`` (the event an attack report tells).
"""

# ruff: noqa: E501 - the templates are prose; wrapping them would only make them harder to read and edit

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

OUTLETS = (
    "Levant Ledger",
    "Gulf Wire Service",
    "Tigris Tribune",
    "Red Sea Observer",
    "Mediterranean Monitor",
    "Eastern Desk",
    "Capital Courier",
    "Harbour Daily",
    "Northern Star Press",
    "Continental News Agency",
    "Evening Dispatch",
    "Global Brief",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


# --- attacks -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    text: str  # how a report names it: "the Ain al-Asad air base in western Iraq"
    short: str  # for titles: "Ain al-Asad"
    country: str  # for reaction paragraphs


@dataclass(frozen=True)
class Theatre:
    """Who attacks what from where, and with what: the combinations a real stream reports."""

    actors: tuple[str, ...]
    weapons: tuple[str, ...]  # keys of WEAPONS
    targets: tuple[Target, ...]
    origin: str
    defender: str  # who confirms, denies or intercepts


WEAPONS: dict[str, tuple[str, str]] = {
    # key: (singular, plural)
    "drone": ("drone", "drones"),
    "explosive drone": ("explosive-laden drone", "explosive-laden drones"),
    "rocket": ("rocket", "rockets"),
    "ballistic missile": ("ballistic missile", "ballistic missiles"),
    "cruise missile": ("cruise missile", "cruise missiles"),
    "anti-ship missile": ("anti-ship missile", "anti-ship missiles"),
    "mortar": ("mortar round", "mortar rounds"),
    "anti-tank missile": ("anti-tank missile", "anti-tank missiles"),
    "uncrewed boat": ("uncrewed surface vessel", "uncrewed surface vessels"),
    "airstrike": ("airstrike", "airstrikes"),
    "roadside bomb": ("roadside bomb", "roadside bombs"),
}

THEATRES: tuple[Theatre, ...] = (
    Theatre(
        actors=(
            "the Islamic Resistance in Iraq",
            "Kata'ib Hezbollah",
            "Harakat al-Nujaba",
            "Kata'ib Sayyid al-Shuhada",
            "an umbrella group of Iran-backed Iraqi militias",
        ),
        weapons=("drone", "explosive drone", "cruise missile", "drone"),
        targets=(
            Target("a vital target in Eilat, in southern Israel", "Eilat", "Israel"),
            Target("a military site in the occupied Golan Heights", "the Golan", "Israel"),
            Target("a target in the port of Haifa", "Haifa", "Israel"),
            Target("positions near Tiberias", "Tiberias", "Israel"),
            Target("a base in the northern Jordan Valley", "Jordan Valley", "Israel"),
            Target("Kiryat Shmona in northern Israel", "Kiryat Shmona", "Israel"),
        ),
        origin="Iraq",
        defender="the Israeli military",
    ),
    Theatre(
        actors=(
            "the Islamic Resistance in Iraq",
            "Kata'ib Hezbollah",
            "Iran-aligned militants",
            "an Iraqi armed group",
        ),
        weapons=("drone", "rocket", "explosive drone", "rocket"),
        targets=(
            Target("the Ain al-Asad air base in western Iraq", "Ain al-Asad", "Iraq"),
            Target("US forces at Erbil airport", "Erbil", "Iraq"),
            Target("the al-Tanf garrison in southeastern Syria", "al-Tanf", "Syria"),
            Target("a US base at the Conoco gas field in Deir ez-Zor", "Conoco field", "Syria"),
            Target("Victory Base near Baghdad airport", "Baghdad airport", "Iraq"),
            Target("the Harir air base north of Erbil", "Harir", "Iraq"),
        ),
        origin="Iraq",
        defender="US Central Command",
    ),
    Theatre(
        actors=("Hezbollah", "the Islamic Resistance in Lebanon", "Hezbollah fighters"),
        weapons=("rocket", "anti-tank missile", "explosive drone", "rocket", "drone"),
        targets=(
            Target("the town of Metula on the border", "Metula", "Israel"),
            Target("Kiryat Shmona in the Galilee", "Kiryat Shmona", "Israel"),
            Target("the Ramat David air base southeast of Haifa", "Ramat David", "Israel"),
            Target("army positions near Shlomi", "Shlomi", "Israel"),
            Target("the Meron air traffic control base", "Meron", "Israel"),
            Target("Safed in northern Israel", "Safed", "Israel"),
        ),
        origin="Lebanon",
        defender="the Israeli military",
    ),
    Theatre(
        actors=("the Houthis", "Yemen's Houthi movement", "Ansar Allah", "the Houthi-run armed forces"),
        weapons=("ballistic missile", "anti-ship missile", "drone", "uncrewed boat", "cruise missile"),
        targets=(
            Target("a commercial ship in the Red Sea", "Red Sea ship", "Yemen"),
            Target("a tanker in the Gulf of Aden", "Gulf of Aden tanker", "Yemen"),
            Target("a container vessel off the port of Hodeidah", "Hodeidah vessel", "Yemen"),
            Target("central Israel, near Tel Aviv", "Tel Aviv", "Israel"),
            Target("the southern city of Eilat", "Eilat", "Israel"),
            Target("a US destroyer in the Red Sea", "US destroyer", "Yemen"),
        ),
        origin="Yemen",
        defender="US Central Command",
    ),
    Theatre(
        actors=("the Israeli military", "Israeli warplanes", "the Israeli air force"),
        weapons=("airstrike", "airstrike", "drone"),
        targets=(
            Target("a building in the southern suburbs of Beirut", "Beirut", "Lebanon"),
            Target("sites near Damascus international airport", "Damascus", "Syria"),
            Target("a weapons depot near Homs", "Homs", "Syria"),
            Target("a car near the town of Nabatieh", "Nabatieh", "Lebanon"),
            Target("positions in the Bekaa Valley", "Bekaa", "Lebanon"),
            Target("the port of Hodeidah in Yemen", "Hodeidah", "Yemen"),
        ),
        origin="Israel",
        defender="the local civil defence",
    ),
    Theatre(
        actors=(
            "Hamas' armed wing",
            "the al-Qassam Brigades",
            "the al-Quds Brigades",
            "Palestinian militants",
        ),
        weapons=("rocket", "mortar", "rocket", "roadside bomb"),
        targets=(
            Target("the city of Ashkelon", "Ashkelon", "Israel"),
            Target("Sderot near the Gaza border", "Sderot", "Israel"),
            Target("Israeli troops in Rafah", "Rafah", "Israel"),
            Target("an army vehicle near Jenin", "Jenin", "Israel"),
            Target("communities near the Gaza perimeter", "Gaza border", "Israel"),
        ),
        origin="Gaza",
        defender="the Israeli military",
    ),
    Theatre(
        actors=("US forces", "US Central Command", "US and British warplanes"),
        weapons=("airstrike", "airstrike", "cruise missile"),
        targets=(
            Target("militia facilities near al-Qaim on the Syrian border", "al-Qaim", "Iraq"),
            Target("Houthi radar sites near Sanaa", "Sanaa", "Yemen"),
            Target("a command post in Jurf al-Sakhar", "Jurf al-Sakhar", "Iraq"),
            Target("weapons stores near Albu Kamal", "Albu Kamal", "Syria"),
            Target("missile launchers near Hodeidah", "Hodeidah", "Yemen"),
        ),
        origin="the region",
        defender="the local authorities",
    ),
)

CLAIM_VERBS = (
    "said in a statement on Telegram that it had launched",
    "claimed responsibility for launching",
    "said its fighters had fired",
    "announced that it had targeted the site with",
    "said it had carried out an operation using",
)


def _date_phrase(rng: random.Random, event: date, published: date) -> str:
    gap = (published - event).days
    if gap == 0:
        return rng.choice(
            ("on " + WEEKDAYS[event.weekday()], "earlier on " + WEEKDAYS[event.weekday()], "today")
        )
    if gap == 1:
        return rng.choice(
            ("yesterday", "on " + WEEKDAYS[event.weekday()], "late on " + WEEKDAYS[event.weekday()])
        )
    return rng.choice(
        (
            f"on {event.day} {MONTHS[event.month - 1]}",
            f"on {WEEKDAYS[event.weekday()]}, {MONTHS[event.month - 1]} {event.day}",
            "earlier this week",
        )
    )


def _count_phrase(rng: random.Random, weapon: str, n: int) -> str:
    singular, plural = WEAPONS[weapon]
    if n == 1:
        return ("an " if singular[0] in "aeiou" else "a ") + singular
    if n > 8:
        return rng.choice((f"a barrage of {n} {plural}", f"about {n} {plural}", f"{n} {plural}"))
    return f"{NUMBER_WORDS[n]} {plural}"


@dataclass(frozen=True)
class Event:
    key: str
    theatre: Theatre
    actor: str
    weapon: str
    target: Target
    day: date
    n: int
    killed: int
    injured: int
    intercepted: bool


SEA_WEAPONS = frozenset({"anti-ship missile", "uncrewed boat"})
SEA_WORDS = ("Red Sea", "Gulf of Aden", "vessel", "destroyer", "tanker")


def _event(rng: random.Random, key: str, day: date) -> Event:
    theatre = rng.choice(THEATRES)
    target = rng.choice(theatre.targets)
    at_sea = any(word in target.text for word in SEA_WORDS)
    weapon = rng.choice([w for w in theatre.weapons if at_sea or w not in SEA_WEAPONS])
    n = (
        rng.choice((1, 1, 2, 2, 3, 4, 5, 12, 20, 35))
        if weapon in ("rocket", "mortar")
        else rng.choice((1, 1, 1, 2, 3))
    )
    harm = rng.random()
    return Event(
        key=key,
        theatre=theatre,
        actor=rng.choice(theatre.actors),
        weapon=weapon,
        target=target,
        day=day,
        n=n,
        killed=rng.choice((1, 2, 3, 4, 7)) if harm < 0.15 else 0,
        injured=rng.choice((1, 2, 5, 9, 24)) if harm < 0.35 else 0,
        intercepted=weapon not in ("airstrike", "roadside bomb") and rng.random() < 0.4,
    )


def _defender(ev: Event) -> str:
    name = "the Israeli military" if ev.target.country == "Israel" else ev.theatre.defender
    return name[0].upper() + name[1:]


def _attack_lead(rng: random.Random, ev: Event, published: date) -> tuple[str, list[str]]:
    when = _date_phrase(rng, ev.day, published)
    what = _count_phrase(rng, ev.weapon, ev.n)
    actor = ev.actor[0].upper() + ev.actor[1:]
    style = rng.randrange(3)
    if style == 0:
        lead = f"{actor} {rng.choice(CLAIM_VERBS)} {what} at {ev.target.text} {when}."
        title = f"Strike on {ev.target.short} claimed by {_title_actor(ev.actor)}"
    elif style == 1:
        lead = f"{what[0].upper() + what[1:]} launched from {ev.theatre.origin} struck {ev.target.text} {when}, officials said."
        title = f"{WEAPONS[ev.weapon][0 if ev.n == 1 else 1].capitalize()} {'hits' if ev.n == 1 else 'hit'} {ev.target.short}"
    else:
        lead = (
            f"{_defender(ev)} said {what} had been fired at {ev.target.text} {when}, and blamed {ev.actor}."
        )
        title = f"Attack on {ev.target.short} blamed on {_title_actor(ev.actor)}"
    body = []
    if ev.intercepted:
        body.append(
            f"{_defender(ev)} said "
            + rng.choice(
                ("the attack was intercepted before it reached its target", "air defences shot it down")
                if ev.n == 1
                else ("most of the projectiles were intercepted", "air defences shot down one of them")
            )
            + "."
        )
    if ev.killed:
        body.append(
            "One person was killed, according to medical sources."
            if ev.killed == 1
            else f"{NUMBER_WORDS[ev.killed].capitalize()} people were killed, according to medical sources."
        )
    if ev.injured:
        body.append(
            f"{NUMBER_WORDS.get(ev.injured, str(ev.injured)).capitalize()} "
            + ("other was" if ev.injured == 1 else "others were")
            + " wounded and taken to hospital."
        )
    if not ev.killed and not ev.injured:
        body.append(
            rng.choice(
                (
                    "There were no immediate reports of casualties.",
                    "No injuries were reported.",
                    "It was not clear whether the attack caused damage.",
                )
            )
        )
    return title, [lead, " ".join(body)]


def _title_actor(actor: str) -> str:
    actor = actor.removeprefix("the ").removeprefix("an ").removeprefix("a ")
    return actor[0].upper() + actor[1:]


ATTACK_CONTEXT = (
    "The attack was the latest in a series that has raised fears of a wider regional war.",
    "Analysts said the pace of such attacks had risen sharply in recent weeks.",
    "Iran has denied directing the groups, saying they act on their own decisions.",
    "The group said the operation was a response to the war in Gaza and would continue.",
    "Residents said they heard several loud explosions and saw smoke rising from the area.",
    "Sirens sounded in several communities, and residents were told to stay near shelters.",
    "A military spokesperson declined to give details of any damage, citing security rules.",
    "The government condemned the attack and said it would hold those responsible to account.",
    "Shipping companies have rerouted vessels around southern Africa, adding weeks to journeys.",
    "Washington has repeatedly warned that it will respond to attacks on its personnel.",
    "The claim could not be independently verified.",
    "Security sources said the launch site was being searched.",
    "Last month, a similar attack on {city_me} was claimed by a group that says it acts in solidarity with Gaza.",
    "In {month}, {past_actor} said it had fired {past_what} at {city_me}, a claim the army did not confirm.",
    "The region has seen hundreds of such incidents since October 2023, according to a tally by researchers.",
    "Funerals for fighters killed in earlier strikes were held in {city_me} on {weekday}.",
    "A senior commander of {past_actor} was killed in a strike in {month}, the group has said.",
    "Officials in {city_me} said schools would stay closed for {nth} days as a precaution.",
    "The United Nations called on all parties to exercise restraint and protect civilians.",
    "Oil prices rose briefly after news of the attack, before easing later in the day.",
)

# --- other news ----------------------------------------------------------------------------------------

Filler = Callable[[random.Random], str]


def _pick(*options: str) -> Filler:
    return lambda rng: rng.choice(options)


CITIES = (
    "Lisbon",
    "Nairobi",
    "Osaka",
    "Toronto",
    "Santiago",
    "Warsaw",
    "Jakarta",
    "Accra",
    "Oslo",
    "Lima",
    "Pune",
    "Leeds",
)
COMPANIES = (
    "Norvale Foods",
    "Quantix Systems",
    "Harlow Steel",
    "Bluefin Logistics",
    "Celestra Pharma",
    "Orbis Motors",
    "Kestrel Telecom",
)
TEAMS = (
    "Riverside United",
    "Northgate Rovers",
    "Atletico Valle",
    "FC Harbourside",
    "Eastfield Athletic",
    "Sporting Montclair",
)
PEOPLE = (
    "Maria Ostrova",
    "Daniel Okafor",
    "Priya Raman",
    "Tomás Herrera",
    "Lena Vogt",
    "Yusuf Demir",
    "Grace Mensah",
    "Kenji Arai",
)


@dataclass(frozen=True)
class Topic:
    name: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    body: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "markets",
        (
            "Shares of {company} {move} after results",
            "Oil prices {move} as traders weigh demand",
            "Bond yields edge {dir} ahead of rate decision",
        ),
        (
            "Shares of {company} {move} {pct} percent on {weekday} after the company reported quarterly results that {beat} analysts' forecasts.",
            "Oil prices {move} {pct} percent on {weekday} as traders weighed the outlook for demand in Asia against rising output in the Americas.",
        ),
        (
            "Trading volumes were {vol} than usual, brokers said.",
            "The company said it expected revenue to grow by {pct} percent next year, helped by cost cuts.",
            "Investors are watching central banks for signs that interest rates will fall later this year.",
            "The benchmark index closed {dir} {pct} percent, its {nth} straight session of {gains}.",
            "Analysts at several banks raised their price targets, citing stronger margins.",
            "Currency markets were calm, with the dollar little changed against a basket of currencies.",
            "A rocketing rise in shipping costs has squeezed importers, the chief executive said, though prices have since eased.",
        ),
    ),
    Topic(
        "sport",
        (
            "{team} beat {team2} {score} to stay top",
            "{person} wins marathon in {city}",
            "{team} sack coach after poor run",
        ),
        (
            "{team} beat {team2} {score} on {weekday}, with a late goal sealing a win that keeps them top of the table.",
            "{person} won the {city} marathon on {weekday} in two hours and {mins} minutes, pulling away from the leading group in the last five kilometres.",
        ),
        (
            "The striker fired a shot into the top corner from the edge of the area in the {mins}th minute.",
            "The coach said the squad had shown character after a difficult week.",
            "Attendance was a record for the season, the club said.",
            "The defeat leaves {team2} {nth} in the standings with {mins} points.",
            "Fans launched a barrage of chants at the referee after a disputed penalty.",
            "The team will face a busy schedule of three matches in eight days.",
        ),
    ),
    Topic(
        "weather",
        (
            "Storm brings heavy rain to {city}",
            "Heatwave grips {city} as temperatures climb",
            "Snow closes roads around {city}",
        ),
        (
            "Heavy rain and strong winds hit {city} on {weekday}, flooding streets and cutting power to thousands of homes, officials said.",
            "Temperatures in {city} climbed above {temp} degrees Celsius on {weekday}, and health officials urged people to stay indoors in the afternoon.",
        ),
        (
            "Forecasters said conditions would improve by the weekend.",
            "Emergency services said they had responded to more than {vol2} calls overnight.",
            "Several flights were delayed at the main airport.",
            "Farmers warned that the weather could damage crops ahead of the harvest.",
            "The national weather service issued an amber warning for the coastal region.",
        ),
    ),
    Topic(
        "health",
        (
            "New clinic opens in {city}",
            "Study links sleep to heart health",
            "Hospitals report rise in flu cases",
        ),
        (
            "A study of more than {vol2} adults published on {weekday} found that people who slept fewer than six hours a night had a higher risk of heart disease.",
            "Hospitals in {city} reported a rise in influenza admissions this week, and officials urged older residents to get vaccinated.",
        ),
        (
            "The researchers said more work was needed to establish cause and effect.",
            "Doctors recommended regular exercise and a balanced diet.",
            "The health ministry said vaccine supplies were sufficient.",
            "Waiting times at emergency departments rose to {mins} minutes on average.",
            "The study was funded by a public research council.",
        ),
    ),
    Topic(
        "science",
        (
            "Telescope spots distant galaxy",
            "Researchers map ocean floor near {city}",
            "Space agency launches weather satellite",
        ),
        (
            "Astronomers said on {weekday} they had observed one of the most distant galaxies yet found, whose light left it more than 13 billion years ago.",
            "A space agency rocket lifted off on {weekday} carrying a weather satellite that will improve storm forecasts, officials said.",
        ),
        (
            "The rocket's second stage fired as planned and the satellite separated about {mins} minutes after launch.",
            "The team used data gathered over {nth} months of observations.",
            "Scientists said the findings would help refine models of the early universe.",
            "The mission is expected to last at least seven years.",
            "The launch had been delayed twice because of high winds.",
        ),
    ),
    Topic(
        "courts",
        (
            "Court rules on {company} merger",
            "{person} sentenced in fraud case",
            "Appeal court overturns ruling",
        ),
        (
            "A court in {city} on {weekday} sentenced {person} to {nth} years in prison for fraud, after a trial that lasted four months.",
            "Competition regulators cleared the merger of {company} with a smaller rival on {weekday}, subject to conditions.",
        ),
        (
            "Lawyers for the defence said they would appeal.",
            "The judge said the offences had caused serious harm to investors.",
            "The ruling can be appealed within 30 days.",
            "Prosecutors had asked for a longer sentence.",
            "The company said it welcomed the decision and would comply with the conditions.",
        ),
    ),
    Topic(
        "culture",
        ("Film festival opens in {city}", "{person} novel wins literary prize", "Museum returns artefacts"),
        (
            "The {city} film festival opened on {weekday} with a drama about a family of fishermen, and organisers said ticket sales were the highest in a decade.",
            "{person} won a major literary prize on {weekday} for a novel about three generations of a family in a port city.",
        ),
        (
            "The jury praised the work's restraint and humour.",
            "The festival runs for ten days and will show more than {vol2} films.",
            "Critics said the book had been overlooked on its release.",
            "The museum said the objects would go on display next year.",
            "The prize carries an award of {vol2} euros.",
        ),
    ),
    Topic(
        "technology",
        (
            "{company} unveils new phone",
            "Chip shortage eases, says {company}",
            "{company} to cut {vol2} jobs",
        ),
        (
            "{company} unveiled its latest phone on {weekday}, with a longer battery life and a new camera, priced at {vol2} dollars.",
            "{company} said on {weekday} it would cut {vol2} jobs worldwide as it shifts investment towards artificial intelligence.",
        ),
        (
            "The company's shares were little changed after the announcement.",
            "Unions said they would seek talks with management.",
            "Analysts said demand for high-end devices remained soft.",
            "The firm also said it would open a new research centre in {city}.",
            "Regulators are examining how the company handles user data.",
        ),
    ),
    Topic(
        "elections",
        (
            "Voters in {city} go to the polls",
            "Coalition talks drag on",
            "Opposition leader {person} launches campaign",
        ),
        (
            "Voters went to the polls in {city} on {weekday} in a municipal election seen as a test for the governing coalition, with turnout at {pct}0 percent by midday.",
            "Opposition leader {person} launched her campaign on {weekday} with a promise to cut taxes for small businesses and build more housing.",
        ),
        (
            "Polls suggest a close race between the two main parties.",
            "The electoral commission said counting would finish by Monday.",
            "The campaign has focused on the cost of living and housing.",
            "Observers reported no major irregularities.",
            "The president called for calm and urged all sides to respect the result.",
        ),
    ),
    Topic(
        "diplomacy",
        (
            "Ministers meet in {city} on Gaza truce",
            "Iraq and Jordan sign trade deal",
            "Lebanon talks on presidency stall",
        ),
        (
            "Foreign ministers from the region met in {city} on {weekday} to discuss a ceasefire proposal for Gaza, but officials said gaps remained on the release of hostages.",
            "Iraq and Jordan signed an agreement on {weekday} to expand trade and build a pipeline, the two governments said.",
            "Lebanese lawmakers failed again on {weekday} to elect a president, extending a vacuum that has lasted more than a year.",
        ),
        (
            "Diplomats said another round of talks was planned for next week.",
            "The United Nations envoy urged all sides to show flexibility.",
            "The Iraqi prime minister said the country would not be drawn into a regional war.",
            "Officials said the deal would create thousands of jobs in both countries.",
            "Parliament's speaker said he would call another session soon.",
            "Iran's foreign minister held talks with his Saudi counterpart by phone, state media said.",
        ),
    ),
    Topic(
        "defence-industry",
        (
            "Arms maker shows new drone at {city} fair",
            "Navy commissions new frigate",
            "Army holds air-defence drill",
        ),
        (
            "A defence company unveiled a long-range drone at a trade fair in {city} on {weekday}, saying it could stay airborne for {nth}0 hours.",
            "The navy commissioned a new frigate on {weekday} equipped with a missile defence system, officials said.",
            "Soldiers held a planned air-defence exercise near {city} on {weekday}, and the ministry said residents might hear loud noises.",
        ),
        (
            "The ministry said the exercise was scheduled months ago and was not linked to current events.",
            "The company said it had received orders from several governments.",
            "The ship will take part in joint drills with allied navies next year.",
            "Officials said the programme was on budget and on schedule.",
            "Analysts said demand for drones and missile defence had grown since 2022.",
        ),
    ),
    Topic(
        "local",
        (
            "New tram line opens in {city}",
            "Council approves budget in {city}",
            "Bridge repairs to close road",
        ),
        (
            "A new tram line opened in {city} on {weekday}, linking the city centre with the airport in {mins} minutes.",
            "The city council in {city} approved its budget on {weekday}, with more money for schools and road repairs.",
        ),
        (
            "The mayor said the project had been delivered on time.",
            "Residents had complained about noise during construction.",
            "Fares will be the same as on buses.",
            "The work is expected to take {nth} months.",
            "Opposition councillors voted against the plan, calling it wasteful.",
        ),
    ),
)


def _fill(rng: random.Random, template: str) -> str:
    values: dict[str, Callable[[], str]] = {
        "company": lambda: rng.choice(COMPANIES),
        "team": lambda: rng.choice(TEAMS),
        "team2": lambda: rng.choice(TEAMS),
        "person": lambda: rng.choice(PEOPLE),
        "city": lambda: rng.choice(CITIES),
        "weekday": lambda: rng.choice(WEEKDAYS),
        "move": lambda: rng.choice(("rose", "fell", "jumped", "slipped")),
        "dir": lambda: rng.choice(("higher", "lower")),
        "pct": lambda: str(rng.randint(1, 9)),
        "beat": lambda: rng.choice(("beat", "missed", "matched")),
        "vol": lambda: rng.choice(("higher", "lower")),
        "vol2": lambda: str(rng.choice((200, 500, 1200, 3000, 15000))),
        "nth": lambda: str(rng.randint(2, 9)),
        "gains": lambda: rng.choice(("gains", "losses")),
        "score": lambda: f"{rng.randint(1, 4)}-{rng.randint(0, 2)}",
        "mins": lambda: str(rng.randint(11, 59)),
        "temp": lambda: str(rng.randint(36, 46)),
        "month": lambda: rng.choice(MONTHS),
        "city_me": lambda: rng.choice(
            ("Eilat", "Haifa", "Erbil", "Baghdad", "Sanaa", "Beirut", "Damascus", "Tiberias")
        ),
        "past_actor": lambda: rng.choice(
            (
                "the Islamic Resistance in Iraq",
                "Hezbollah",
                "the Houthis",
                "Kata'ib Hezbollah",
                "Harakat al-Nujaba",
            )
        ),
        "past_what": lambda: rng.choice(("drones", "a cruise missile", "rockets", "a ballistic missile")),
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)](), template)


GENERIC = (
    "Officials said more details would be released in the coming days.",
    "The announcement followed weeks of speculation in local media.",
    "A spokesperson did not respond to a request for comment.",
    "The figures were published on the government's website.",
    "Critics said the measures did not go far enough.",
    "Supporters welcomed the move as overdue.",
    "The decision is expected to be reviewed next year.",
    "Similar plans have been tried elsewhere with mixed results.",
)


def _paragraphs(rng: random.Random, pool: Sequence[str], words: int, start: list[str]) -> str:
    """Paragraphs of 2-4 sentences from ``pool`` until the text reaches about ``words`` words."""
    paragraphs = list(start)
    count = sum(len(p.split()) for p in paragraphs)
    while count < words:
        sentences = [_fill(rng, t) for t in rng.sample(pool, rng.randint(2, 4))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def _length(rng: random.Random) -> int:
    return int(rng.triangular(150, 1200, 380))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _record(
    n: int, outlet: str, published: datetime, title: str, text: str, kind: str, event: str | None
) -> dict:
    day = published.date()
    return {
        "id": f"g{n:07d}",
        "url": f"https://{_slug(outlet)}.invalid/{day:%Y/%m/%d}/{_slug(title)}-{n}",
        "outlet": outlet,
        "published": published.isoformat(timespec="minutes"),
        "language": "en",
        "title": title,
        "text": text,
        "bench_kind": kind,
        "bench_event": event,
    }


def generate(n: int, *, seed: int = 7, start: date = date(2024, 1, 1), days: int = 366) -> list[dict]:
    """``n`` articles in publication order: ~30 % attack reports (events told by 1-4 outlets), the rest news."""
    rng = random.Random(seed)
    items: list[tuple[datetime, str, str, str, str | None]] = []  # published, outlet, title, text, event key
    kinds: list[str] = []
    n_attack = round(n * 0.3)
    event_no = 0
    while sum(1 for k in kinds if k == "attack") < n_attack:
        event_no += 1
        ev = _event(rng, f"e{event_no:06d}", start + timedelta(days=rng.randrange(days)))
        reports = min(rng.choice((1, 1, 2, 2, 3, 4)), n_attack - sum(1 for k in kinds if k == "attack"))
        for outlet in rng.sample(OUTLETS, reports):
            published = datetime.combine(
                ev.day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2))), datetime.min.time()
            )
            published += timedelta(minutes=rng.randrange(24 * 60))
            title, lead = _attack_lead(rng, ev, published.date())
            text = _paragraphs(rng, ATTACK_CONTEXT + GENERIC, _length(rng), lead)
            items.append((published, outlet, title, text, ev.key))
            kinds.append("attack")
    while len(items) < n:
        topic = rng.choice(TOPICS)
        published = datetime.combine(start + timedelta(days=rng.randrange(days)), datetime.min.time())
        published += timedelta(minutes=rng.randrange(24 * 60))
        title = _fill(rng, rng.choice(topic.titles))
        text = _paragraphs(rng, topic.body + GENERIC, _length(rng), [_fill(rng, rng.choice(topic.leads))])
        items.append((published, rng.choice(OUTLETS), title, text, None))
        kinds.append(topic.name)
    order = sorted(range(len(items)), key=lambda i: (items[i][0], i))
    return [
        _record(rank + 1, items[i][1], items[i][0], items[i][2], items[i][3], kinds[i], items[i][4])
        for rank, i in enumerate(order)
    ]


def write(n: int, out: Path, *, seed: int = 7) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for record in generate(n, seed=seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output .jsonl file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write(args.n, args.out, seed=args.seed)


if __name__ == "__main__":
    main()
