"""News on the web: sources (feeds, sitemaps, pages), a polite fetcher, the archive.

Stages, one module each: ``urls`` (which addresses may be fetched, canonical
URLs), ``fetcher`` (HTTP with robots.txt, per-host pacing, caps, retries and
conditional requests), ``discover`` (feed and sitemap entries), ``store``
(every fetched page stored as it came, and read back for an offline rebuild),
``extract`` (pages to articles) and ``collect`` (runs the configured sources).
"""
