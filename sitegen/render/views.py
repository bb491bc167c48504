"""View data: the plain dicts templates see (never internal objects; picklable for workers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup

from sitegen.config import ImagesConfig, direction_of
from sitegen.content.models import Article, Image, Page
from sitegen.graph import urls
from sitegen.graph.languages import front_of, prefix_of, section_link, text_direction
from sitegen.graph.pagination import Pager, page_path
from sitegen.graph.picks import pick_slugs
from sitegen.graph.site import SiteGraph
from sitegen.graph.structure import Listing
from sitegen.i18n.locale import Lang, autonym
from sitegen.render import dates
from sitegen.render.bodypictures import body_picture_key
from sitegen.render.newsroom import (
    CORRECTIONS_PATH,
    author_profile,
    byline_lines,
    byline_text,
    has_corrections,
    notes_view,
    share_links,
    type_view,
)
from sitegen.render.pictures import picture_view, pictures_of

View = dict[str, Any]


def site_view(graph: SiteGraph, assets: dict[str, str]) -> View:
    """What every page shows of the site: masthead, navigation, footer."""
    config = graph.config
    banner = config.breaking
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "direction": config.text_direction,
        "base_url": config.base_url,
        "publisher": config.publisher_name,
        "home": graph.home.path,
        "sections": [
            {"name": s.title, "path": s.path, "key": s.key}
            for s in graph.sections
            if s.language == graph.home.language
        ],
        "pages": [{"title": p.title, "path": urls.page_path(p.slug)} for p in graph.pages],
        "assets": assets,
        "extra": config.extra,
        "search": urls.SEARCH_PATH if config.search else None,
        "corrections": CORRECTIONS_PATH if has_corrections(graph) else None,
        # in the site view, so every page's inputs change when the banner starts or ends
        "breaking": banner.view() if banner and banner.holds(graph.build_time) else None,
    }


def in_language(site: View, language: str) -> View:
    """The site view for a page written in ``language`` (``<html lang dir>``, interface words)."""
    if language == site["language"]:
        return site
    return {**site, "language": language, "direction": direction_of(language)}


def language_site(graph: SiteGraph, site: View, code: str) -> View:
    """The site view of a multilingual site's pages in ``code``: its title, front page and
    sections (standalone pages are in the default language and linked from its pages only)."""
    if code == graph.home.language:
        return site
    front = front_of(graph, code)
    return {
        **site,
        "title": front.title,
        "description": front.description,
        "language": code,
        "direction": text_direction(graph.config, code),
        "home": front.path,
        "sections": [
            {"name": s.title, "path": s.path, "key": s.key}
            for s in graph.sections
            if s.language == code
        ],
        "pages": [],
        "copyright": graph.config.copyright or _copyright(graph, front),
    }


def _copyright(graph: SiteGraph, front: Listing) -> str:
    """The footer's line on a language's pages: its own name for the publisher, and the year of
    its newest article (never the clock's)."""
    newest = front.slugs[0] if front.slugs else None
    year = f"{graph.articles[newest].date.year} " if newest else ""
    return f"© {year}{front.title}"


def dateline(article: Article) -> str:
    """``SULAIMANI (ESTA) —``; the parts present, or empty."""
    place = article.location or ""
    source = f"({article.source})" if article.source and place else article.source or ""
    text = " ".join(part for part in (place, source) if part)
    return f"{text} —" if text else ""


def image_view(image: Image | None, settings: ImagesConfig) -> View | None:
    """A lead image as templates show it; ``picture`` lists its resized copies (None for an
    external or vector picture, shown as it is)."""
    if image is None:
        return None
    pictures = pictures_of(image, settings)
    return {
        "picture": picture_view(pictures) if pictures else None,
        "url": image.url,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
    }


def card(graph: SiteGraph, slug: str, lang: Lang) -> View:
    """An article as shown in listings and Related Posts."""
    article = graph.articles[slug]
    section = section_link(graph.config, article)
    return {
        "title": article.title,
        "path": graph.paths[slug],
        "summary": article.summary,
        "summary_html": Markup(article.summary_html),
        "location": article.location or "",
        "date_iso": dates.iso(article.date),
        "date_text": lang.day(article.date),
        "date_time_text": lang.day_time(article.date),
        "section": {"name": section[0], "path": section[1]} if section else None,
        "image": image_view(article.image, graph.config.images),
        "draft": article.draft,
        "future": article.date > graph.build_time,
        "byline": byline_text(article, lang),
        "time_iso": dates.iso(article.date),
        "time_text": lang.time(article.date),
        **type_view(article, lang),
    }


class Cards:
    """Card views by slug, each built once per build and shared by every page that shows it.

    An article appears on its listings, the front page and other articles' Related Posts; one
    shared dict per article keeps planning linear and the plan's memory small. ``read(slug)``
    is called for every card handed out, built or reused: a page that shows a card reads its
    article, which the incremental build must know (see :mod:`sitegen.engine.contexts`).
    """

    def __init__(
        self, graph: SiteGraph, lang: Lang, read: Callable[[str], object] | None = None
    ) -> None:
        self._graph = graph
        self.lang = lang
        """The language of the pages the cards are shown on (dates, digits, words)."""
        self._memo: dict[str, View] = {}
        self._read = read

    def __call__(self, slug: str) -> View:
        view = self._memo.get(slug)
        if view is None:
            view = self._memo[slug] = card(self._graph, slug, self.lang)
        elif self._read is not None:
            self._read(slug)
        return view


def _link(graph: SiteGraph, slug: str | None) -> View | None:
    if slug is None:
        return None
    return {"title": graph.articles[slug].title, "path": graph.paths[slug]}


def article_view(graph: SiteGraph, slug: str, cards: Cards) -> View:
    """Everything the article page shows, including its neighbours and related posts."""
    a = graph.articles[slug]
    lang = cards.lang
    previous, next_ = graph.nav[slug]
    section = section_link(graph.config, a)
    prefix = prefix_of(a, graph.config)
    crumbs = [{"name": lang.gettext("Home"), "path": prefix}]
    if section:
        crumbs.append({"name": section[0], "path": section[1]})
    return {
        "title": a.title,
        "path": graph.paths[slug],
        "id": a.id,
        "summary": a.summary,
        "standfirst": a.standfirst,
        "standfirst_html": Markup(a.summary_html) if a.standfirst else Markup(),
        "date_iso": dates.iso(a.date),
        "date_text": lang.day_time(a.date),
        "updated_iso": dates.iso(a.last_update) if a.last_update else None,
        "updated_text": lang.day_time(a.last_update) if a.last_update else None,
        "authors": [
            {"name": n, "path": prefix + urls.author_path(graph.author_slugs[n])} for n in a.authors
        ],
        "source": a.source or "",
        "location": a.location or "",
        "dateline": dateline(a),
        "section": {"name": section[0], "path": section[1]} if section else None,
        "tags": [{"name": t, "path": prefix + urls.tag_path(graph.tag_slugs[t])} for t in a.tags],
        "image": image_view(a.image, graph.config.images),
        "gallery": [image_view(i, graph.config.images) for i in a.gallery],
        "body_pictures": {
            body_picture_key(i.file or "", a.file): image_view(i, graph.config.images)
            for i in a.body_images
        },
        "previous": _link(graph, previous),
        "next": _link(graph, next_),
        "related": [cards(s) for s in graph.related[slug]],
        "breadcrumbs": crumbs,
        **language_view(graph, slug),
        "draft": a.draft,
        "future": a.date > graph.build_time,
        "extra": a.extra,
        "byline": byline_lines(graph, a, lang),
        "share": share_links(
            a.canonical or graph.config.base_url + graph.paths[slug], a.title, lang
        ),
        **notes_view(a.corrections, a.updates, lang),
        **type_view(a, lang),
    }


def language_view(graph: SiteGraph, slug: str) -> View:
    """The article's language, and its versions in other languages (the language switcher)."""
    a = graph.articles[slug]
    language = a.language or graph.config.language
    versions = []
    for other in graph.translations.get(slug, ()):
        code = graph.articles[other].language or graph.config.language
        versions.append(
            {
                "language": code,
                "name": autonym(code),
                "direction": direction_of(code),
                "title": graph.articles[other].title,
                "path": graph.paths[other],
            }
        )
    return {
        "language": language,
        "direction": direction_of(language),
        "translations": versions,
    }


def listing_view(graph: SiteGraph, listing: Listing, pager: Pager, cards: Cards) -> View:
    """One page of a section, tag, author or archive listing."""
    title = listing_title(listing, cards.lang)
    return {
        "kind": listing.kind,
        "title": title,
        "description": listing.description,
        "cards": [cards(s) for s in listing.slugs[pager.start : pager.end]],
        "pagination": pagination_view(pager, cards.lang),
        "profile": author_profile(graph, listing.title) if listing.kind == "author" else None,
    }


def listing_title(listing: Listing, lang: Lang) -> str:
    """A listing's heading: archives in the language's month names and digits."""
    if listing.kind == "month":
        return lang.month_title(listing.key)
    if listing.kind == "year":
        return lang.number(listing.title)
    return listing.title


PAGE_LINKS_AROUND = 2
"""Numbered page links shown on each side of the current page (besides the first and last).

A fixed window keeps every listing page small and its view data O(1): listing all 1,000 pages
of a 10,000-article archive on each of them would make pagination quadratic."""


def pagination_view(pager: Pager, lang: Lang) -> View:
    """Prev/next and a window of numbered links: first, last and the pages around the current.

    A listing of a thousand pages must not link all of them from each page (that would make the
    archive quadratic); ``gap_before`` marks where numbers were left out, for an ellipsis.
    """
    near = range(
        max(1, pager.number - PAGE_LINKS_AROUND),
        min(pager.count, pager.number + PAGE_LINKS_AROUND) + 1,
    )
    numbers = sorted({1, *near, pager.count})
    return {
        "number": pager.number,
        "count": pager.count,
        "number_text": lang.number(pager.number),
        "count_text": lang.number(pager.count),
        "path": pager.path,
        "prev_path": pager.prev_path,
        "next_path": pager.next_path,
        "pages": [
            {
                "number": n,
                "text": lang.number(n),
                "path": page_path(pager.base, n),
                "gap_before": n - before > 1,
            }
            for before, n in zip([0, *numbers], numbers, strict=False)
        ],
    }


def home_view(
    graph: SiteGraph, pager: Pager, cards: Cards, front: Listing | None = None, per_section: int = 4
) -> View:
    """The front page: lead story, latest articles and a block per section (page 1 only);
    ``front``: a multilingual site's front page of another language than the default."""
    front = front or graph.home
    lead = _lead_of(graph, front)[0] if pager.number == 1 else None
    page_slugs = _latest(graph, pager, front)
    blocks = []
    if pager.number == 1:
        for section in graph.sections:
            if section.slugs and section.language == front.language:
                blocks.append(
                    {
                        "name": section.title,
                        "path": section.path,
                        "cards": [cards(s) for s in section.slugs[:per_section]],
                    }
                )
    picks, chosen = pick_slugs(graph, front, lead) if pager.number == 1 else ((), False)
    return {
        "lead": cards(lead) if lead else None,
        "cards": [cards(s) for s in page_slugs],
        "sections": blocks,
        "pagination": pagination_view(pager, cards.lang),
        "picks": [cards(s) for s in picks],
        "picks_heading": (
            cards.lang.gettext("Editor's picks")
            if chosen
            else cards.lang.gettext("From the sections")
        ),
        "today": front_page_date(graph, cards.lang) if pager.number == 1 else None,
    }


def picks_heading(lang: Lang, chosen: bool) -> str:
    """The second column's heading: the editor's picks, or the newest of each section."""
    return lang.gettext("Editor's picks") if chosen else lang.gettext("From the sections")


def config_url(graph: SiteGraph, slug: str) -> str:
    """An article's absolute URL on the published site."""
    return graph.config.base_url + graph.paths[slug]


def front_page_day(graph: SiteGraph) -> date | None:
    """The build's day in the site timezone, when the front page shows it (None: it does not)."""
    if not graph.config.front_page.date:
        return None
    return graph.build_time.astimezone(graph.config.tz).date()


def front_page_date(graph: SiteGraph, lang: Lang) -> View | None:
    """The build's date in the site timezone (``Sunday, 29 November 2026``), when shown."""
    day = front_page_day(graph)
    if day is None:
        return None
    local = graph.build_time.astimezone(graph.config.tz)
    return {"iso": day.isoformat(), "text": lang.weekday_day(local)}


def home_slugs(
    graph: SiteGraph, pager: Pager, front: Listing | None = None, per_section: int = 4
) -> list[tuple[str, ...]]:
    """The articles a front page shows, per block: the lead, the latest, each section's block."""
    front = front or graph.home
    first = _lead_of(graph, front)[0]
    lead = (first,) if first and pager.number == 1 else ()
    groups = [lead, _latest(graph, pager, front)]
    if pager.number == 1:
        groups += [
            tuple(section.slugs[:per_section])
            for section in graph.sections
            if section.slugs and section.language == front.language
        ]
        groups.append(pick_slugs(graph, front, first)[0])
    return groups


def _lead_of(graph: SiteGraph, front: Listing) -> tuple[str | None, int]:
    """The lead story of a front page and its position in the front page's list."""
    if front.path == graph.home.path:
        return graph.lead, graph.lead_index
    return graph.front_leads[front.language]


def _latest(graph: SiteGraph, pager: Pager, front: Listing) -> tuple[str, ...]:
    """This page's slice of the newest-first list without the lead story (no copy of the list)."""
    newest, start, end = front.slugs, pager.start, pager.end
    lead, lead_index = _lead_of(graph, front)
    skip = lead_index if lead else len(newest)
    if end <= skip:
        return tuple(newest[start:end])
    if start >= skip:
        return tuple(newest[start + 1 : end + 1])
    return (*newest[start:skip], *newest[skip + 1 : end + 1])


def home_pager(graph: SiteGraph, number: int = 1, front: Listing | None = None) -> Pager:
    """Pages of the front page's latest list (the lead story is shown apart on page 1)."""
    front = front or graph.home
    lead = 1 if _lead_of(graph, front)[0] else 0
    return Pager(front.path, len(front.slugs) - lead, graph.config.page_size, number)


def page_view(page: Page) -> View:
    return {"title": page.title, "summary": page.summary, "path": urls.page_path(page.slug)}
