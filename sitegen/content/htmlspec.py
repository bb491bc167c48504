"""The HTML elements and the attributes each one has, from the HTML Living Standard
(https://html.spec.whatwg.org/multipage/indices.html): what raw HTML in a body may keep.

Only conforming names: obsolete elements (``center``, ``font``) and attributes (``align``,
``frameborder``) are not HTML any more, and the Nu HTML Checker rejects them. Inside ``svg``
and ``math`` other vocabularies apply: those subtrees are not checked.
"""

from __future__ import annotations

GLOBAL_ATTRIBUTES = frozenset(
    """accesskey autocapitalize autocorrect autofocus class contenteditable dir draggable
    enterkeyhint hidden id inert inputmode is itemid itemprop itemref itemscope itemtype lang
    nonce popover role slot spellcheck style tabindex title translate writingsuggestions""".split()
)
"""Attributes every HTML element has (``role`` from ARIA); ``data-*`` and ``aria-*`` too."""

_PHRASING = """abbr b bdi bdo br cite code dfn em i kbd mark rp rt ruby s samp small span strong
sub sup u var wbr"""
_FLOW = """address article aside body dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6
head header hgroup hr html main menu nav noscript p pre search section summary table tbody
tfoot thead tr ul caption picture"""
_FORM = "accept-charset action autocomplete enctype method name novalidate target rel"
_INPUT = """accept alt autocomplete checked dirname disabled form formaction formenctype
formmethod formnovalidate formtarget height list max maxlength min minlength multiple name
pattern placeholder popovertarget popovertargetaction readonly required size src step type
value width"""
_MEDIA = "src crossorigin preload autoplay loop muted controls"

ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in (_PHRASING + " " + _FLOW).split()},
    **{
        name: frozenset(attributes.split())
        for name, attributes in {
            "a": "href target download ping rel hreflang type referrerpolicy",
            "area": "alt coords shape href target download ping rel referrerpolicy",
            "audio": _MEDIA,
            "base": "href target",
            "blockquote": "cite",
            "q": "cite",
            "del": "cite datetime",
            "ins": "cite datetime",
            "button": """command commandfor disabled form formaction formenctype formmethod
                formnovalidate formtarget name popovertarget popovertargetaction type value""",
            "canvas": "width height",
            "col": "span",
            "colgroup": "span",
            "data": "value",
            "datalist": "",
            "details": "open name",
            "dialog": "open closedby",
            "embed": "src type width height",
            "fieldset": "disabled form name",
            "form": _FORM,
            "iframe": """src srcdoc name sandbox allow allowfullscreen width height
                referrerpolicy loading""",
            "img": """alt src srcset sizes crossorigin usemap ismap width height referrerpolicy
                decoding loading fetchpriority""",
            "input": _INPUT,
            "label": "for",
            "legend": "",
            "li": "value",
            "link": """href crossorigin rel as media hreflang type sizes imagesrcset imagesizes
                referrerpolicy integrity blocking color disabled fetchpriority""",
            "map": "name",
            "meta": "name http-equiv content charset media",
            "meter": "value min max low high optimum",
            "object": "data type name form width height",
            "ol": "reversed start type",
            "optgroup": "disabled label",
            "option": "disabled label selected value",
            "output": "for form name",
            "progress": "value max",
            "script": """src type nomodule async defer crossorigin integrity referrerpolicy
                blocking fetchpriority""",
            "select": "autocomplete disabled form multiple name required size",
            "slot": "name",
            "source": "type media src srcset sizes width height",
            "style": "media blocking",
            "td": "colspan rowspan headers",
            "th": "colspan rowspan headers scope abbr",
            "template": """shadowrootmode shadowrootdelegatesfocus shadowrootclonable
                shadowrootserializable""",
            "textarea": """autocomplete cols dirname disabled form maxlength minlength name
                placeholder readonly required rows wrap""",
            "time": "datetime",
            "title": "",
            "track": "default kind label src srclang",
            "video": _MEDIA + " poster playsinline width height",
        }.items()
    },
}
"""Each HTML element and its own attributes (besides the global ones)."""

FOREIGN_ROOTS = frozenset({"svg", "math"})
"""Elements whose subtree is SVG or MathML: not HTML, left as written."""

CLOSES_PARAGRAPH = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search
    section summary table ul li dd dt""".split()
)
"""Elements whose start tag closes an open ``<p>`` (HTML parsing, "in body"): they are never
inside a paragraph."""


def allowed_attribute(element: str, attribute: str) -> bool:
    """True if HTML defines ``attribute`` on ``element`` (a known element, lower-case names);
    event handlers (``on...``) are not kept: a body runs no script of its own."""
    if attribute.startswith(("data-", "aria-")):
        return len(attribute) > 5 and attribute.isascii()
    return attribute in GLOBAL_ATTRIBUTES or attribute in ELEMENT_ATTRIBUTES[element]


def known_element(name: str) -> bool:
    """True for an HTML element, a custom element (a name with a hyphen) or svg/math."""
    return name in ELEMENT_ATTRIBUTES or name in FOREIGN_ROOTS or "-" in name
