"""Reports in other languages yield mentions through the same registry, gazetteer and weapon words."""

from dataclasses import replace
from datetime import UTC, date, datetime

from proxywatch.models import Article, Weapon, stable_id


def _article(text: str, language: str) -> Article:
    return Article(
        id=stable_id(text), url=None, outlet="Test", title="", text=text,
        published_at=datetime(2024, 1, 5, 12), language=language, fetched_at=datetime(2024, 1, 5, tzinfo=UTC),
        content_hash=stable_id(text),
    )  # fmt: skip


def _extract(components, article: Article):
    return [components.resolver.resolve(m, article) for m in components.extractor.extract(article)]


def test_a_french_claim(components) -> None:
    article = _article(
        "Un groupe se faisant appeler Résistance islamique en Irak a "
        "revendiqué vendredi une attaque de drone "
        "contre Ain al-Asad.",
        "fr",
    )
    (m,) = _extract(components, article)
    assert m.actor_umbrella == "islamic-resistance-in-iraq"
    assert m.place_id == "site:ain-al-asad" and m.weapon == Weapon.DRONE
    assert m.event_date == date(2024, 1, 5)


def test_an_arabic_report(components) -> None:
    article = _article("أعلنت المقاومة الإسلامية في العراق استهداف قاعدة عين الأسد بطائرة مسيرة.", "ar")
    (m,) = _extract(components, article)
    assert m.actor_umbrella == "islamic-resistance-in-iraq"
    assert m.place_id == "site:ain-al-asad" and m.weapon == Weapon.DRONE
    assert m.claim_status == "claimed"


def test_english_grammar_rules_do_not_run_on_other_languages(components) -> None:
    text = "Two drones targeted Ain al-Asad air base on Tuesday."
    english = _extract(components, _article(text, "en"))
    other = _extract(components, replace(_article(text, "en"), language="de"))
    assert [m.place_id for m in english] == [m.place_id for m in other] == ["site:ain-al-asad"]


def test_an_arabic_toll(components) -> None:
    article = _article(
        "استهدفت طائرة مسيرة قاعدة عين الأسد أمس، فقُتل أربعة جنود وأصيب نحو 15 آخرين.",
        "ar",
    )
    (m,) = _extract(components, article)
    assert m.place_id == "site:ain-al-asad"
    assert (m.killed, m.injured) == (4, 15)
    assert m.event_date == date(2024, 1, 4)


def test_a_french_toll(components) -> None:
    article = _article(
        "Mercredi, une attaque de drone contre Ain al-Asad a coûté la "
        "vie à deux soldats et fait 8 autres blessés.",
        "fr",
    )
    (m,) = _extract(components, article)
    assert (m.killed, m.injured) == (2, 8)
    assert m.event_date == date(2024, 1, 3)


def test_the_cause_retold_is_not_the_attack(components) -> None:
    article = _article(
        "Jeudi, l'Iran a lancé des missiles vers Israël, ripostant à "
        "une frappe contre son ambassade à Damas.",
        "fr",
    )
    # The strike answered is told again: a mention of its own, dated only by being retold.
    mentions = _extract(components, article)
    (m,) = [m for m in mentions if m.date_precision != "retold"]
    assert m.place_id == "country:IL" and m.actor_id == "iran"
    (retold,) = [m for m in mentions if m.date_precision == "retold"]
    assert retold.place_text == "Damas" and retold.actor_id is None


def test_an_arabic_cause_clause_ends_at_the_comma(components) -> None:
    article = _article(
        "قالت المقاومة الإسلامية في العراق إنه، ردا على العدوان على غزة، "
        "استهدف مجاهدوها قاعدة عين الأسد بطائرة مسيرة.",
        "ar",
    )
    (m,) = _extract(components, article)
    assert m.place_id == "site:ain-al-asad"


def test_where_the_wounded_were_taken_is_not_a_target(components) -> None:
    struck = _extract(components, _article("أصيب جنديان بقصف صاروخي في بغداد.", "ar"))
    taken = _extract(components, _article("أصيب جنديان بقصف صاروخي نقلا إلى مستشفى في بغداد.", "ar"))
    assert len(struck) == 1 and struck[0].place_id is not None
    assert taken == []


def test_a_denier_s_own_version_of_the_place_is_not_a_target(components) -> None:
    article = _article(
        "نفى المتحدث أن يكون الهجوم بطائرة مسيرة قد وقع في العراق، مؤكدا أن المستهدف كان قاعدة التنف.",
        "ar",
    )
    assert all(m.place_id != "site:al-tanf" for m in _extract(components, article))
    saying = _article(article.text.replace("مؤكدا أن", "قائلا إن"), "ar")
    assert [m.place_id for m in _extract(components, saying)] == ["site:al-tanf"]


def test_a_spanish_passive_names_the_place_hit(components) -> None:
    article = _article(
        "El martes, Haifa fue alcanzada por un dron lanzado por los "
        "hutíes, que causó la muerte de dos personas.",
        "es",
    )
    (m,) = _extract(components, article)
    assert m.place_text == "Haifa" and m.weapon == Weapon.DRONE
    assert m.killed == 2 and m.event_date == date(2024, 1, 2)


def test_a_portuguese_toll(components) -> None:
    article = _article(
        "Duas pessoas morreram e cinco ficaram levemente feridas após uma explosão em Haifa.",
        "pt",
    )
    (m,) = _extract(components, article)
    assert m.place_text == "Haifa" and (m.killed, m.injured) == (2, 5)


def test_a_place_that_opens_the_sentence_is_where_the_attack_landed(components) -> None:
    article = _article("En Jordanie, une attaque au drone a tué deux soldats.", "fr")
    (m,) = _extract(components, article)
    assert m.place_id == "country:JO" and m.killed == 2


def test_a_german_report(components) -> None:
    article = _article(
        "Im Dorf Majdal Shams wurde ein Fußballplatz getroffen. Als am Donnerstag eine Rakete einschlug, "
        "wurden mindestens drei Menschen getötet und 12 weitere verletzt.",
        "de",
    )
    (m,) = _extract(components, article)
    assert m.place_id == "site:majdal-shams" and m.weapon == Weapon.ROCKET
    assert (m.killed, m.injured) == (3, 12)


def test_a_croatian_toll(components) -> None:
    article = _article(
        "Raketa je pala na Majdal Shams, a petero ljudi, među njima i djeca, izgubilo je život.", "hr"
    )
    (m,) = _extract(components, article)
    assert m.place_id == "site:majdal-shams" and m.killed == 5


def test_a_state_next_to_the_attack_word_is_its_author(components) -> None:
    article = _article(
        "Em Beirute, um ataque israelense com drones atingiu um prédio e matou o comandante militar "
        "do Hezbollah.",
        "pt",
    )
    (m,) = _extract(components, article)
    assert m.place_text == "Beirute" and m.actor_id == "israel"


def test_a_group_named_as_someone_s_unit_is_not_the_attacker(components) -> None:
    article = _article("O comandante militar do Hezbollah morreu num bombardeio em Beirute.", "pt")
    assert all(m.actor_id != "hezbollah" for m in _extract(components, article))


def test_a_polish_cause_clause_is_not_the_attack(components) -> None:
    article = _article(
        "Izrael uderzył na Bejrut, by zabić dowódcę odpowiedzialnego za uderzenie na Majdal Shams.", "pl"
    )
    (m,) = _extract(components, article)
    assert m.place_text == "Bejrut" and m.actor_id == "israel"


def test_a_french_state_that_sets_off_an_attack_is_its_author(components) -> None:
    article = _article(
        "Mardi, l'Iran a déclenché « depuis son territoire » une offensive de drones visant Israël.", "fr"
    )
    (m,) = _extract(components, article)
    assert m.place_id == "country:IL" and m.actor_id == "iran"


def test_a_town_right_after_the_author_s_by_phrase_is_the_target(components) -> None:
    article = _article(
        "Komandan itu, yang memimpin milisi Kataib Hezbollah, tewas akibat serangan udara yang dilakukan "
        "Amerika Serikat (AS) di ibu kota Irak, Baghdad.",
        "id",
    )
    (m,) = _extract(components, article)
    assert m.place_text == "Baghdad" and m.actor_id == "united-states"


def test_where_the_attack_came_from_is_not_its_target(components) -> None:
    article = _article(
        "Mardi, des roquettes ont été tirées par le Hamas à partir de Gaza sans faire de victimes.", "fr"
    )
    assert all(m.place_text != "Gaza" for m in _extract(components, article))


def test_an_italian_report_names_the_ship_attacked(components) -> None:
    article = _article(
        "La Tutor, nave presa di mira dai ribelli Houthi il 2 gennaio, è affondata nel Mar Rosso.", "it"
    )
    (m,) = _extract(components, article)
    assert m.target_text == "Tutor" and m.actor_id == "houthis"
    assert m.event_date == date(2024, 1, 2)
