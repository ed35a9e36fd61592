"""``briefing backfill``: one briefing per day for a range of dated inputs, locally or on Ray.

The plan (:mod:`.plan`) finds each day's inputs and what decides its output;
the per-article work (:mod:`.stages`: read and split, summarize, translate)
runs in batches of days, in this process (:mod:`.local`) or spread over a Ray
cluster (:mod:`.ray_engine`); the results come back as cache entries, and each
day is then built and published here, in date order, by the same code as
``briefing build`` (:mod:`.run`), so a day's files are the bytes a build of
that day writes.  Finished days are recorded in the output folder
(:mod:`.ledger`) and skipped by content on the next run.

Nothing here imports Ray unless the ray engine is asked for.
"""

from __future__ import annotations
