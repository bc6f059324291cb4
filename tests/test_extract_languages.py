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
        "Un groupe se faisant appeler Résistance islamique en Irak a revendiqué vendredi une attaque de drone "
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
