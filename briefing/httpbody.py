"""Response bodies read within a size cap that holds while decoding, layer by layer.

httpx unpacks each network chunk whole, through every ``Content-Encoding``
layer, before its caller sees a byte: a few hundred bytes of gzip inside gzip
inside deflate unpack to gigabytes before any cap on the body is checked.
Every HTTP client of the package (the web fetcher, the OpenAI-compatible
client) therefore reads the raw bytes and unpacks them here, each layer in
pieces of at most :data:`PIECE` bytes, counting what comes out: no more than
the cap, plus a piece per layer, is ever held, whatever the layers.

Only the encodings the clients ask for (:func:`accept_encoding`) are read:
gzip and deflate, and brotli (``br``) when the ``brotli`` package (1.2 or
later, whose decompressor takes an output bound: the ``br`` extra) is
installed. A body in another one (``zstd``, ``compress``, ``br`` without the
package), or in more than :data:`MAX_LAYERS` layers, is refused rather than
passed on undecoded; so is a layer cut short (its bytes end before its stream's end mark): part of a
body is no body.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx

PIECE = 64 * 1024  # bytes one layer hands on at a time
MAX_LAYERS = 3  # more is no server's honest answer to "gzip, deflate, br"

_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BodyError(Exception):
    """The body could not be read within its bounds; the message says why (the caller names the URL)."""


class TooLarge(BodyError):
    """The body, decoded, is larger than the cap."""


class Undecodable(BodyError):
    """The body is in an encoding not asked for, or its encoded bytes are broken."""


@functools.cache
def _brotli() -> Any:
    """The ``brotli`` module when it can bound its output (1.2 or later), else None."""
    try:
        import brotli
    except ImportError:
        return None
    return brotli if hasattr(brotli.Decompressor(), "can_accept_more_data") else None


def accept_encoding() -> str:
    """What the clients send in ``Accept-Encoding``: the encodings this module can read within a bound."""
    return "gzip, deflate, br" if _brotli() is not None else "gzip, deflate"


def codings(header: str) -> list[str]:
    """The layers of a ``Content-Encoding`` header, in the order they were applied (identity left out)."""
    found = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
    for coding in found:
        if coding == "br" and _brotli() is None:
            raise Undecodable("Content-Encoding 'br' was not asked for (reading it needs briefing[br]: brotli>=1.2)")
        if coding not in _WBITS and coding != "br":
            raise Undecodable(f"Content-Encoding {coding[:40]!r} was not asked for ({accept_encoding()} only)")
    if len(found) > MAX_LAYERS:
        raise Undecodable(f"{len(found)} Content-Encoding layers (at most {MAX_LAYERS} are read)")
    return found


_GZIP_MAGIC = b"\x1f\x8b"  # how a gzip member begins


def _inflate(chunks: Iterable[bytes], coding: str) -> Iterator[bytes]:
    """One layer unpacked, in pieces of at most PIECE bytes. A deflate layer is zlib data, or raw deflate as
    some servers send it: both are read, as browsers (and httpx) do, told apart on the first chunk. A gzip
    layer may be several members one after another (RFC 1952: gzip files concatenated); each is read, as
    Python's gzip does. Bytes after the end that begin no member (padding) are ignored."""
    unpack = zlib.decompressobj(_WBITS[coding])
    first, over, held = True, False, b""
    for chunk in chunks:
        data, held = held + chunk, b""
        while data and not over:
            if unpack.eof:  # bytes after the end of the stream: the next gzip member, or nothing to read
                if coding != "deflate" and len(data) < len(_GZIP_MAGIC):
                    held = data  # too short to tell: kept for the next chunk
                    break
                if coding == "deflate" or not data.startswith(_GZIP_MAGIC):
                    over = True
                    break
                unpack = zlib.decompressobj(_WBITS[coding])
            try:
                piece = unpack.decompress(data, PIECE)
            except zlib.error:
                if coding != "deflate" or not first:
                    raise
                unpack = zlib.decompressobj(-zlib.MAX_WBITS)
                piece = unpack.decompress(data, PIECE)
            first = False
            if piece:
                yield piece
            data = unpack.unused_data if unpack.eof else unpack.unconsumed_tail
            while len(piece) == PIECE and not data and not unpack.eof:  # output still held inside zlib
                piece = unpack.decompress(b"", PIECE)
                if piece:
                    yield piece
    if not first and not unpack.eof:
        raise _cut_short(coding)
    rest = unpack.flush()  # nothing is left unconsumed: at most what zlib still holds, under a piece
    if rest:
        yield rest


def _unbrotli(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A brotli layer unpacked, each call to the decompressor bounded to about PIECE bytes of output (it may
    pass the bound by part of a block); what one chunk holds comes out in such pieces before the next is
    handed in."""
    unpack = _brotli().Decompressor()
    seen = False
    for chunk in chunks:
        seen = seen or bool(chunk)
        piece = unpack.process(chunk, output_buffer_limit=PIECE)
        idle = 0
        while True:
            if piece:
                yield piece
            idle = 0 if piece else idle + 1
            if unpack.is_finished() or (idle and unpack.can_accept_more_data()):
                break
            if idle > 2:  # neither output nor room for input: the decoder is stuck
                raise Undecodable("broken br data (the decoder made no progress)")
            piece = unpack.process(b"", output_buffer_limit=PIECE)
    if seen and not unpack.is_finished():
        raise _cut_short("br")


def _cut_short(coding: str) -> Undecodable:
    """A layer whose bytes ended before its stream's end mark: a part of a body (a proxy or cache that kept
    part of it) is no body, and is never read as one. No bytes at all are an empty body, not a cut one."""
    return Undecodable(f"broken {coding} data (cut short: the bytes end before the stream does)")


def _checked(chunks: Iterable[bytes], coding: str) -> Iterator[bytes]:
    """:func:`_inflate` (or :func:`_unbrotli`), its errors said as a broken layer."""
    if coding == "br":
        try:
            yield from _unbrotli(chunks)
        except _brotli().error as exc:
            raise Undecodable(f"broken br data ({exc})") from exc
        return
    try:
        yield from _inflate(chunks, coding)
    except zlib.error as exc:
        raise Undecodable(f"broken {coding} data ({exc})") from exc


def decoded(chunks: Iterable[bytes], layers: list[str]) -> Iterator[bytes]:
    """The raw ``chunks`` unpacked through ``layers`` (as applied: the last is undone first), in pieces."""
    stream: Iterable[bytes] = chunks
    for coding in reversed(layers):
        stream = _checked(stream, coding)
    return iter(stream)


def read_body(resp: httpx.Response, limit: int, check: Callable[[], None] | None = None) -> bytes:
    """The decoded body of a streamed response, at most ``limit`` bytes raw and decoded, else TooLarge.

    ``check`` is called after every piece (a deadline raises from it). Nothing beyond ``limit`` and a piece
    per layer is ever held.
    """
    layers = codings(resp.headers.get("content-encoding", ""))
    raw = 0

    def counted() -> Iterator[bytes]:
        nonlocal raw
        for chunk in resp.iter_raw():
            raw += len(chunk)
            if raw > limit:
                raise TooLarge(f"more than {limit:,} bytes on the wire")
            if check is not None:
                check()
            yield chunk

    body = bytearray()
    for piece in decoded(counted(), layers):
        body += piece
        if len(body) > limit:
            raise TooLarge(f"more than {limit:,} bytes once decoded ({'+'.join(layers)})")
        if check is not None:
            check()
    return bytes(body)
