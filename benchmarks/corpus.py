"""A deterministic synthetic newsroom corpus of N articles, shaped like a real archive.

Bodies of 200-1,500 words (median near 600) with subheads, quotes, lists and inline links to
other articles; 8 sections, 40 authors, 2-5 tags each from a pool of 300; lead images with
captions; dates over several years, with same-day (and same-minute) ties. The same seed and N
always give byte-identical files, so figures are comparable between runs and machines.
"""

from __future__ import annotations

import math
import random
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SECTIONS = ("politics", "economy", "health", "culture", "sport", "world", "science", "local")
IMAGES = 24
BUILD_TIME = "2030-01-01T00:00:00+00:00"
"""Fixed build time passed to every timed build (all articles are in the past)."""


@dataclass(frozen=True)
class CorpusArticle:
    """One generated article, in the neutral form both sitegen and Pelican files are made from."""

    slug: str
    title: str
    date: datetime
    author: str
    section: str
    tags: tuple[str, ...]
    image: str
    caption: str
    body: str


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "ro", "di", "sul", "er", "bil", "ma", "na", "zan", "ho", "la", "ti", "qu"]
    words = {"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(4000)}
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str], words: int) -> str:
    text = " ".join(rng.choices(vocab, k=words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, vocab: list[str], words: int) -> str:
    parts, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 24))
        parts.append(_sentence(rng, vocab, n))
        left -= n
    return " ".join(parts)


def _body(rng: random.Random, vocab: list[str], links: list[str]) -> str:
    """Markdown body; ``links`` are site paths of earlier articles to link to inline."""
    total = int(min(1500, max(200, rng.lognormvariate(math.log(600), 0.45))))
    blocks, used = [], 0
    while used < total:
        kind = rng.random()
        if used and kind < 0.12:
            blocks.append("## " + _sentence(rng, vocab, rng.randint(3, 7))[:-1])
        elif used and kind < 0.22:
            quote = _sentence(rng, vocab, rng.randint(10, 25))
            blocks.append(
                f'> "{quote}" said {rng.choice(vocab).title()} {rng.choice(vocab).title()}.'
            )
            used += 25
        elif used and kind < 0.30:
            items = [
                f"- {_sentence(rng, vocab, rng.randint(4, 10))}" for _ in range(rng.randint(3, 5))
            ]
            blocks.append("\n".join(items))
            used += 30
        else:
            n = rng.randint(40, 110)
            text = _paragraph(rng, vocab, n)
            if links and rng.random() < 0.35:
                word = rng.choice(vocab)
                text += f" Read more: [{word} report](/{rng.choice(links)})."
            blocks.append(text)
            used += n
    return "\n\n".join(blocks) + "\n"


def generate(count: int, seed: int = 20260101) -> list[CorpusArticle]:
    """``count`` articles, oldest first."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    authors = [f"{rng.choice(vocab).title()} {rng.choice(vocab).title()} {i}" for i in range(40)]
    tags = sorted({f"{rng.choice(vocab)}-{i}" for i in range(300)})
    years = max(3, min(12, count // 2500 + 3))
    start = datetime(2030 - years - 1, 1, 1, 8, 0, tzinfo=UTC)
    span_minutes = years * 365 * 24 * 60
    minutes = sorted(rng.randrange(span_minutes) // 60 * 60 for _ in range(count))
    articles: list[CorpusArticle] = []
    paths: list[str] = []
    for i, minute in enumerate(minutes):
        date = start + timedelta(minutes=minute)
        if i and rng.random() < 0.05:
            date = articles[-1].date  # an exact tie
        slug = f"{'-'.join(rng.choices(vocab, k=rng.randint(3, 6)))}-{i}"
        title = _sentence(rng, vocab, rng.randint(5, 11))[:-1]
        image = f"images/bench/lead-{rng.randrange(IMAGES)}.png"
        articles.append(
            CorpusArticle(
                slug=slug,
                title=title,
                date=date,
                author=rng.choice(authors),
                section=rng.choice(SECTIONS),
                tags=tuple(rng.sample(tags, rng.randint(2, 5))),
                image=image,
                caption=_sentence(rng, vocab, rng.randint(6, 14)),
                body=_body(rng, vocab, paths[-200:]),
            )
        )
        paths.append(f"{date:%Y}/{date:%m}/{slug}/")
    return articles


def png(width: int, height: int, shade: int) -> bytes:
    """A tiny valid grey PNG (lead images need real headers: their size is read from them)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\0" + bytes([shade]) * width for _ in range(height))
    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_sitegen_site(root: Path, articles: list[CorpusArticle]) -> None:
    """The corpus as a sitegen site: sitegen.yaml, content/articles/YYYY/*.md, static/images."""
    (root / "static" / "images" / "bench").mkdir(parents=True, exist_ok=True)
    for i in range(IMAGES):
        (root / "static" / "images" / "bench" / f"lead-{i}.png").write_bytes(
            png(64, 36, 40 + i * 8)
        )
    sections = "\n".join(f"  - {{slug: {s}, name: {s.title()}}}" for s in SECTIONS)
    (root / "sitegen.yaml").write_text(
        "title: Benchmark News\nbase_url: https://bench.example/\ntimezone: UTC\n"
        f"page_size: 10\nrelated_count: 4\nsections:\n{sections}\n",
        encoding="utf-8",
    )
    for article in articles:
        folder = root / "content" / "articles" / f"{article.date:%Y}"
        folder.mkdir(parents=True, exist_ok=True)
        tags = ", ".join(_yaml_string(t) for t in article.tags)
        (folder / f"{article.slug}.md").write_text(
            "---\n"
            f"title: {_yaml_string(article.title)}\n"
            f"date: {article.date.isoformat()}\n"
            f"author: {_yaml_string(article.author)}\n"
            f"section: {article.section}\n"
            f"tags: [{tags}]\n"
            "image:\n"
            f"  src: /{article.image}\n"
            f"  alt: {_yaml_string('Lead picture: ' + article.caption)}\n"
            f"  caption: {_yaml_string(article.caption)}\n"
            "---\n\n" + article.body,
            encoding="utf-8",
        )
