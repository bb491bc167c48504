"""View data of the newsroom's notes: corrections and updates on the article page, the
corrections page (every correction of the site, newest first) and their structured data."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from sitegen.content.models import Article
from sitegen.content.newsroom import ROLE_CREDITS, TYPE_LABELS, Notice
from sitegen.graph import urls
from sitegen.graph.languages import prefix_of
from sitegen.graph.site import SiteGraph
from sitegen.graph.urls import CORRECTIONS_PATH
from sitegen.i18n.locale import Lang

__all__ = ["CORRECTIONS_PATH"]
from sitegen.render import dates

View = dict[str, Any]


def notice_view(note: Notice, lang: Lang) -> View:
    """A correction or update as templates show it."""
    return {
        "date_iso": dates.iso(note.date),
        "date_text": lang.day_time(note.date),
        "day_text": lang.day(note.date),
        "text": note.text,
        "html": Markup(note.html),
    }


def notes_view(corrections: tuple[Notice, ...], updates: tuple[Notice, ...], lang: Lang) -> View:
    """An article's corrections (oldest first, as they happened), its updates (newest first, as
    a developing story is read) and the flag under the headline (the latest correction)."""
    latest = corrections[-1] if corrections else None
    return {
        "corrections": [notice_view(n, lang) for n in corrections],
        "updates": [
            {**notice_view(n, lang), "anchor": f"update-{i}"}
            for i, n in reversed(list(enumerate(updates, 1)))
        ],
        "corrected": notice_view(latest, lang) if latest else None,
    }


def has_corrections(graph: SiteGraph) -> bool:
    """Whether the site publishes a corrections page."""
    return graph.corrected


def corrections_list(graph: SiteGraph) -> list[tuple[str, int]]:
    """``(slug, index)`` of every correction of the site, newest first (then by URL)."""
    found = [
        (note.date, graph.paths[slug], slug, index)
        for slug, article in graph.articles.items()
        for index, note in enumerate(article.corrections)
    ]
    found.sort(key=lambda item: (-item[0].timestamp(), item[1], item[3]))
    return [(slug, index) for _, _, slug, index in found]


def corrections_view(graph: SiteGraph, lang: Lang) -> View:
    """The corrections page: each correction with its date and the article it corrects."""
    items = []
    for slug, index in corrections_list(graph):
        article = graph.articles[slug]
        items.append(
            {
                **notice_view(article.corrections[index], lang),
                "title": article.title,
                "path": graph.paths[slug],
            }
        )
    return {"items": items}


def corrections_key(graph: SiteGraph) -> list[object]:
    """What the corrections page shows, for its inputs digest."""
    return [
        (graph.paths[slug], graph.articles[slug].title, graph.articles[slug].corrections[index])
        for slug, index in corrections_list(graph)
    ]


def correction_ld(corrections: tuple[Notice, ...]) -> list[View]:
    """schema.org ``CorrectionComment`` of each correction, for the article's ``correction``."""
    return [
        {"@type": "CorrectionComment", "text": n.text, "datePublished": dates.iso(n.date)}
        for n in corrections
    ]


def byline_lines(graph: SiteGraph, article: Article, lang: Lang) -> list[View]:
    """The byline as lines of people credited alike (``By A and B``, ``Photos by C``), in the
    order of :data:`ROLE_CREDITS`; people with the same credit keep the front matter's order."""
    roles = article.roles or ("",) * len(article.authors)
    prefix = prefix_of(article, graph.config)  # the author page in the article's language
    lines: dict[str, list[View]] = {}
    for name, role in zip(article.authors, roles, strict=True):
        person = {"name": name, "path": prefix + urls.author_path(graph.author_slugs[name])}
        lines.setdefault(ROLE_CREDITS[role], []).append(person)
    order = list(dict.fromkeys(ROLE_CREDITS.values()))
    return [
        {"credit": lang.gettext(c), "lead": c == "By", "people": lines[c]}
        for c in order
        if c in lines
    ]


def names_text(names: list[str], lang: Lang) -> str:
    """``A``, ``A and B``, ``A, B and C`` (the joining words in the language)."""
    and_, comma = lang.gettext(" and "), lang.gettext(", ")
    if len(names) < 3:
        return and_.join(names)
    return comma.join(names[:-1]) + and_ + names[-1]


def byline_text(article: Article, lang: Lang) -> str:
    """The card's one-line byline: ``By A and B`` (the authors, not photographers or editors),
    else the wire credit; "" when neither."""
    roles = article.roles or ("",) * len(article.authors)
    names = [n for n, r in zip(article.authors, roles, strict=True) if ROLE_CREDITS[r] == "By"]
    if names:
        return lang.gettext("By") + " " + names_text(names, lang)
    return article.source or ""


def type_view(article: Article, lang: Lang) -> View:
    """The article's type, its visible label ("" for news) and its kicker."""
    return {
        "type": article.type,
        "type_label": lang.gettext(label) if (label := TYPE_LABELS[article.type]) else "",
        "kicker": article.kicker or "",
    }


def live_ld(article: Article, url: str) -> View:
    """A ``LiveBlogPosting``'s coverage start and its updates as ``liveBlogUpdate`` postings
    (newest first); coverage ends at the article's expiry when it has one."""
    found: View = {"coverageStartTime": dates.iso(article.date)}
    if article.expires is not None:
        found["coverageEndTime"] = dates.iso(article.expires)
    found["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": n.text[:110],
            "articleBody": n.text,
            "datePublished": dates.iso(n.date),
            "url": f"{url}#update-{i}",
        }
        for i, n in reversed(list(enumerate(article.updates, 1)))
    ]
    return found


def author_profile(graph: SiteGraph, name: str) -> View | None:
    """What an author page shows of ``sitegen.yaml``'s profile (None: no profile)."""
    profile = graph.config.authors.get(name)
    if profile is None:
        return None
    photo = profile.photo
    return {
        "title": profile.title,
        "bio": profile.bio,
        "photo": photo.lstrip("/") if photo and not photo.startswith("http") else None,
        "photo_url": photo if photo and photo.startswith("http") else None,
        "email": profile.email or "",
        "url": profile.url or "",
        "social": [{"name": k, "url": v} for k, v in profile.social.items()],
    }


def furniture(graph: SiteGraph, logo: View | None, feeds: list[View]) -> View:
    """What every page's masthead and footer show besides the navigation: the publisher's logo,
    the site's feeds, its social profiles and the copyright line."""
    config = graph.config
    newest = graph.newest_first[0] if graph.newest_first else None
    # the newest article's year, not the build's: the line then never changes by the clock
    year = f"{graph.articles[newest].date.year} " if newest else ""
    copyright_line = config.copyright or f"© {year}{config.publisher_name}"
    return {
        "logo": _logo(graph, logo),
        "feeds": [{**f, "label": f["title"].rsplit("(", 1)[-1].rstrip(")")} for f in feeds],
        "social": [{"name": k, "url": v} for k, v in config.social.items()],
        "copyright": copyright_line,
    }


def _logo(graph: SiteGraph, logo: View | None) -> View | None:
    """The logo for the masthead: its path under the site when it is the site's own (so the
    preview serves it), else its URL."""
    if logo is None:
        return None
    base = graph.config.base_url
    url = str(logo["url"])
    internal = url.startswith(base)
    return {**logo, "url": url[len(base) :] if internal else url, "internal": internal}


SHARE_SERVICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Email", "mailto:?", ("subject", "body")),
    ("X", "https://x.com/intent/post?", ("text", "url")),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?", ("", "u")),
    ("WhatsApp", "https://wa.me/?", ("", "text")),
    ("Telegram", "https://t.me/share/url?", ("text", "url")),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?", ("", "url")),
)
"""Each service's share address and its parameters for the title and the URL ("" for none);
WhatsApp's one parameter carries both."""


def share_links(url: str, title: str, lang: Lang) -> list[View]:
    """Plain links that share the article on other services: no script, no tracking pixel; the
    reader's browser goes there only if they follow one."""
    links = []
    for name, address, (title_key, url_key) in SHARE_SERVICES:
        both = name == "WhatsApp"
        params = {title_key: title} if title_key else {}
        params[url_key] = f"{title} {url}" if both else url
        shown = lang.gettext("Email") if name == "Email" else name  # the services' own names
        links.append({"name": shown, "url": address + urlencode(params, quote_via=quote)})
    return links
