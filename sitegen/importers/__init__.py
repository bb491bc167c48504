"""``sitegen import``: bring a newsroom's archive over from WordPress, Hugo and Jekyll.

Each source module (:mod:`.wordpress`, :mod:`.hugo`, :mod:`.jekyll`) reads its input into plain
:class:`~sitegen.importers.model.SourceItem` records; the shared pieces then give every item a
unique slug, a URL, its old URLs as aliases and a permanent id (:mod:`.plan`), convert its body
(:mod:`.wphtml`, :mod:`.templates`), and write canonical sitegen files into the site folder
(:mod:`.writer`), with a Markdown report of everything not carried over (:mod:`.report`).
"""
