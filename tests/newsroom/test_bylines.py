"""Article types and kickers, bylines with roles, and author profiles (author page, JSON-LD)."""

from __future__ import annotations

from typing import Any

AT = "2026-03-10T00:00:00+03:00"
PROFILES = {
    "Ava Karim": {
        "bio": "Covers parliament.",
        "title": "Political correspondent",
        "photo": "images/logo.png",
        "email": "ava@news.example.org",
        "url": "https://ava.example.org/",
        "social": {
            "Mastodon": "https://mastodon.social/@ava",
            "Bluesky": "https://bsky.app/profile/ava",
        },
    }
}
TYPES = {
    "news": ("NewsArticle", ""),
    "opinion": ("OpinionNewsArticle", "Opinion"),
    "analysis": ("AnalysisNewsArticle", "Analysis"),
    "review": ("ReviewNewsArticle", "Review"),
    "live": ("LiveBlogPosting", "Live"),
}


def _article(site: Any, slug: str) -> Any:
    return site.page(f"2026/03/{slug}")


def test_types_labels_and_schema(newsroom: Any, ld: Any) -> None:
    for hour, kind in enumerate(TYPES):
        newsroom.write(
            f"a-{kind}", date=f"2026-03-01T0{hour + 1}:00:00+03:00", type=kind, section="politics"
        )
    newsroom.write("no-type", date="2026-03-01T08:00:00+03:00")
    newsroom.build(AT)
    front = newsroom.page("")
    for kind, (schema, label) in TYPES.items():
        page = _article(newsroom, f"a-{kind}")
        article = next(x for x in ld(page) if x.get("headline") == f"A {kind.title()}")
        assert article["@type"] == schema
        shown = page.select_one(".article-header .type-label")
        assert (shown.get_text() if shown else "") == label
        card = front.find("a", href=f"/2026/03/a-{kind}/").find_parent("article")
        card_label = card.select_one(".type-label")
        assert (card_label.get_text() if card_label else "") == label
    plain = next(x for x in ld(_article(newsroom, "no-type")) if "headline" in x)
    assert plain["@type"] == "NewsArticle"


def test_live_blog_updates_in_json_ld(newsroom: Any, ld: Any) -> None:
    newsroom.write(
        "election-live",
        date="2026-03-05T08:00:00+03:00",
        type="live",
        updates=[
            {"date": "2026-03-05T09:00:00+03:00", "text": "Polls open."},
            {"date": "2026-03-05T18:00:00+03:00", "text": "Polls close."},
        ],
    )
    newsroom.build(AT)
    page = _article(newsroom, "election-live")
    live = next(x for x in ld(page) if x["@type"] == "LiveBlogPosting")
    assert live["coverageStartTime"] == "2026-03-05T08:00:00+03:00"
    posts = live["liveBlogUpdate"]
    assert [p["articleBody"] for p in posts] == ["Polls close.", "Polls open."]
    for post in posts:
        anchor = post["url"].split("#", 1)[1]
        assert page.find(id=anchor).time["datetime"] == post["datePublished"]


def test_kicker_above_the_headline(newsroom: Any) -> None:
    newsroom.write(
        "k", date="2026-03-01T09:00:00+03:00", section="politics", kicker="Election 2026"
    )
    newsroom.build(AT)
    page = _article(newsroom, "k")
    kicker = page.select_one(".article-header .kicker")
    assert kicker.get_text() == "Politics · Election 2026"
    assert kicker.find_next("h1").get_text() == "K"
    card = newsroom.page("").select_one(".article-kicker")
    assert card.get_text() == "Election 2026"


def test_byline_roles(newsroom: Any, ld: Any) -> None:
    newsroom.config(authors=PROFILES)
    newsroom.write(
        "budget",
        date="2026-03-01T09:00:00+03:00",
        authors=[
            "Ava Karim",
            {"name": "Daroon Aziz", "role": "reporting"},
            {"name": "Lana Hassan", "role": "photos"},
            {"name": "Karwan Ali", "role": "editing"},
            {"name": "Shno Omar", "role": "additional-reporting"},
        ],
    )
    newsroom.build(AT)
    page = _article(newsroom, "budget")
    lines = [p.get_text(" ", strip=True) for p in page.select(".byline .authors")]
    assert lines == [
        "By Ava Karim and Daroon Aziz",
        "Photos by Lana Hassan",
        "Additional reporting by Shno Omar",
        "Edited by Karwan Ali",
    ]
    assert [a.get_text() for a in page.select('.byline a[rel="author"]')] == [
        "Ava Karim",
        "Daroon Aziz",
    ]
    news = next(x for x in ld(page) if x["@type"] == "NewsArticle")
    assert [p["name"] for p in news["author"]] == ["Ava Karim", "Daroon Aziz"]
    assert [p["name"] for p in news["editor"]] == ["Karwan Ali"]
    assert [p["name"] for p in news["contributor"]] == ["Lana Hassan", "Shno Omar"]
    ava = news["author"][0]
    assert ava["url"] == "https://news.example.org/author/ava-karim/"
    assert ava["sameAs"] == [
        "https://ava.example.org/",
        "https://mastodon.social/@ava",
        "https://bsky.app/profile/ava",
    ]
    assert ava["jobTitle"] == "Political correspondent"
    assert "sameAs" not in news["author"][1]
    # every person credited has an author page; the card's byline names the writers only
    assert newsroom.exists("author/lana-hassan") and newsroom.exists("author/karwan-ali")
    card = newsroom.page("").select_one(".card-byline")
    assert card.get_text() == "By Ava Karim and Daroon Aziz"


def test_author_profile_page(newsroom: Any, ld: Any) -> None:
    newsroom.config(authors=PROFILES)
    newsroom.write("a", date="2026-03-01T09:00:00+03:00", author="Ava Karim")
    newsroom.build(AT)
    page = newsroom.page("author/ava-karim")
    header = page.select_one(".listing-header")
    assert header.select_one(".profile-title").get_text() == "Political correspondent"
    assert header.select_one(".listing-description").get_text() == "Covers parliament."
    photo = header.select_one("img.profile-photo")
    assert photo["src"] == "/images/logo.png" and photo["alt"] == "Portrait of Ava Karim"
    links = {a.get_text(): a["href"] for a in header.select(".profile-links a")}
    assert links == {
        "ava@news.example.org": "mailto:ava@news.example.org",
        "Website": "https://ava.example.org/",
        "Mastodon": "https://mastodon.social/@ava",
        "Bluesky": "https://bsky.app/profile/ava",
    }
    (profile,) = ld(page)
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["name"] == "Ava Karim"
    assert profile["mainEntity"]["image"] == "https://news.example.org/images/logo.png"
    assert profile["mainEntity"]["sameAs"][1] == "https://mastodon.social/@ava"
