"""#17: a response body is capped while it is decoded, every Content-Encoding layer, in every HTTP client.

Both sides of each limit: a body of exactly the cap (decoded) is read whole and byte for byte through any
stack of the layers asked for; one byte more is refused; a bomb is refused holding no more than a few
pieces; an encoding not asked for, or one layer too many, is refused rather than passed on undecoded.
"""

from __future__ import annotations

import gzip
import os
import tracemalloc
import zlib

import httpx
import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.endpoint import MAX_RESPONSE, Endpoint, EndpointError, EndpointOptions
from briefing.httpbody import MAX_LAYERS, PIECE, TooLarge, Undecodable, accept_encoding, decoded, read_body
from tests.hostile_site import HostileSite, bomb, sources_config
from tests.openai_server import Reply, Scripted, chat_body


def _deflate(data: bytes, raw: bool = False) -> bytes:
    pack = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return pack.compress(data) + pack.flush()


def encode(data: bytes, layers: list[str], raw_deflate: bool = False) -> bytes:
    for layer in layers:
        if layer == "br":
            import brotli

            data = brotli.compress(data, quality=5)
        else:
            data = gzip.compress(data) if layer == "gzip" else _deflate(data, raw_deflate)
    return data


class Chunks(httpx.SyncByteStream):
    """A body that arrives in chunks of ``size`` bytes, as a network hands it over."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def __iter__(self):
        for at in range(0, len(self.data), self.size):
            yield self.data[at : at + self.size]


def response(body: bytes, layers: list[str], chunk: int = 1500) -> httpx.Response:
    headers = {"Content-Encoding": ", ".join(layers)} if layers else {}
    return httpx.Response(200, headers=headers, stream=Chunks(body, chunk))


def content(n: int) -> bytes:
    """``n`` bytes, partly random (so no layer makes them tiny), partly runs."""
    part = os.urandom(min(n, 20_000))
    return (part + b"x" * n)[:n]


STACKS = [[], ["gzip"], ["deflate"], ["deflate", "gzip"], ["gzip", "deflate", "gzip"]]


@pytest.mark.parametrize("layers", STACKS, ids=lambda s: "+".join(s) or "identity")
@pytest.mark.parametrize("chunk", [1, 1500, 1 << 20])
def test_a_body_of_exactly_the_cap_is_read_whole_one_byte_more_is_not(layers, chunk):
    limit = 300_000
    data = content(limit)
    assert read_body(response(encode(data, layers), layers, chunk), limit) == data
    more = content(limit + 1)
    with pytest.raises(TooLarge, match="300,000 bytes"):
        read_body(response(encode(more, layers), layers, chunk), limit)


def test_raw_deflate_is_read_as_zlib_deflate_is():
    data = content(100_000)
    assert read_body(response(encode(data, ["deflate"], raw_deflate=True), ["deflate"]), len(data)) == data


def test_no_layer_hands_on_more_than_a_piece_at_a_time():
    data = b" " * (PIECE * 40)
    pieces = list(decoded([encode(data, ["deflate", "gzip", "gzip"])], ["deflate", "gzip", "gzip"]))
    assert b"".join(pieces) == data
    assert max(len(p) for p in pieces) == PIECE


@pytest.mark.parametrize("layers", [("gzip",), ("gzip", "gzip"), ("deflate", "gzip", "gzip")])
def test_a_bomb_is_refused_holding_a_few_pieces(layers):
    """A gigabyte behind a few KB: refused at a 1 MB cap with at most the cap and a few pieces held."""
    body = bomb(1_000_000_000, layers)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            read_body(response(body, list(layers), 64 * 1024), 1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000 * 3 + PIECE * 8, peak


@pytest.mark.parametrize("header", ["zstd", "compress", "gzip, zstd", "x-unknown"])
def test_an_encoding_not_asked_for_is_refused(header):
    with pytest.raises(Undecodable, match="not asked for"):
        read_body(httpx.Response(200, headers={"Content-Encoding": header}, stream=Chunks(b"whatever", 4)), 1000)


def test_layers_up_to_the_bound_are_read_one_more_is_refused():
    data = b"x" * 10_000
    layers = ["gzip"] * MAX_LAYERS
    assert read_body(response(encode(data, layers), layers), len(data)) == data
    more = ["gzip"] * (MAX_LAYERS + 1)
    with pytest.raises(Undecodable, match=f"{MAX_LAYERS + 1} Content-Encoding layers"):
        read_body(response(encode(data, more), more), len(data))


def test_identity_is_no_layer_and_broken_data_is_said():
    data = content(5_000)
    assert read_body(response(data, ["identity"]), len(data)) == data
    broken = bytearray(gzip.compress(content(5_000)))
    broken[12:40] = b"\xff" * 28
    with pytest.raises(Undecodable, match="broken gzip data"):
        read_body(response(bytes(broken), ["gzip"]), 100_000)


TRUNCATED = [["gzip"], ["deflate"], ["br"], ["deflate", "gzip"], ["br", "gzip", "br"]]


@pytest.mark.parametrize("layers", TRUNCATED, ids="+".join)
@pytest.mark.parametrize("cut", [1, 20, "half"])
def test_a_body_cut_short_in_any_layer_is_refused_never_read_as_a_page(layers, cut):
    """The encoded bytes end before the stream's own end mark (a proxy or cache that kept part of them): the
    part is no page; every layer is read up to its end mark, or refused saying it was cut short."""
    if "br" in layers:
        pytest.importorskip("brotli")
    data = content(200_000)
    whole = encode(data, layers)
    assert read_body(response(whole, layers), len(data)) == data
    short = whole[: len(whole) // 2] if cut == "half" else whole[:-cut]
    with pytest.raises(Undecodable, match=rf"^broken {layers[-1]} data \(cut short"):
        read_body(response(short, layers), len(data))


@pytest.mark.parametrize("layers", TRUNCATED, ids="+".join)
def test_an_empty_body_in_an_encoding_is_empty_not_cut_short(layers):
    """No bytes at all (a HEAD-like answer, a 204 that still names its encoding) hold no stream to end."""
    assert read_body(response(b"", layers), 1000) == b""



@pytest.mark.parametrize("chunk", [1, 7, 1500, 1 << 20])
def test_a_gzip_body_of_several_members_is_read_whole(chunk):
    """Gzip files one after another are one gzip body (RFC 1952, what `cat a.gz b.gz` makes; Python's gzip
    reads them all): every member is read, whatever the chunks they arrive in. Only the first was, the rest
    dropped without a word (half the page, exit 0). Zeros after the last member are padding, ignored as before."""
    parts = [content(30_000), content(50_000), b"tail" * 10]
    body = b"".join(gzip.compress(p) for p in parts)
    assert read_body(response(body, ["gzip"], chunk), 200_000) == b"".join(parts)
    padded = gzip.compress(parts[0]) + b"\0" * 9
    assert read_body(response(padded, ["gzip"], chunk), 200_000) == parts[0]
    with pytest.raises(Undecodable, match=r"^broken gzip data \(cut short"):
        read_body(response(body[:-20], ["gzip"], chunk), 200_000)


# -- the OpenAI-compatible client ----------------------------------------------------------------


def _answer_of(size: int) -> tuple[str, bytes]:
    """A chat answer whose JSON body is exactly ``size`` bytes, and that body."""
    empty = len(chat_body(""))
    text = "a" * (size - empty)
    body = chat_body(text)
    assert len(body) == size
    return text, body


@pytest.mark.parametrize("layers", [["gzip"], ["deflate", "gzip", "gzip"]])
def test_the_openai_client_reads_an_answer_of_the_cap_and_refuses_one_byte_more(layers):
    text, body = _answer_of(MAX_RESPONSE)
    _, over = _answer_of(MAX_RESPONSE + 1)
    headers = {"Content-Encoding": ", ".join(layers)}
    with Scripted() as server:
        server.script = [
            Reply(body=encode(body, layers), headers=headers),
            Reply(body=encode(over, layers), headers=headers),
        ]
        point = Endpoint(EndpointOptions(url=server.url, model="m", retries=0))
        assert point.chat([{"role": "user", "content": "x"}]) == text
        with pytest.raises(EndpointError, match="answer larger than 4 MB"):
            point.chat([{"role": "user", "content": "x"}])
        sent = [r["headers"].get("Accept-Encoding") for r in server.chats]
    assert sent == [accept_encoding()] * 2


# -- the web fetcher ---------------------------------------------------------------------------------------


def test_the_fetcher_archives_a_page_of_the_cap_and_refuses_one_byte_more(tmp_path):
    """``max_mb = 0.2``: a page of exactly 200,000 bytes once decoded, sent in three layers, is archived
    byte for byte; one of 200,001 is one line naming the URL and the cap (exit 1)."""
    layers = ["deflate", "gzip", "gzip"]
    headers = [("Content-Encoding", ", ".join(layers))]
    head = b'<html><head><meta charset="utf-8"><title>t</title></head><body><p>'
    exact = head + b"x" * (200_000 - len(head))
    with HostileSite() as site:
        fits = site.add("/fits.html", encode(exact, layers), headers=headers)
        over = site.add("/over.html", encode(exact + b"y", layers), headers=headers)
        config = sources_config(tmp_path, [], max_mb=0.2)
        res = CliRunner().invoke(main, ["fetch", "--config", str(config), "--archive", str(tmp_path / "a"), fits, over])
        sent = {s.path: s.headers.get("Accept-Encoding") for s in site.requests}
    assert res.exit_code == 1, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.startswith("briefing: error: ")]
    assert len(lines) == 1 and over in lines[0] and "0.2 MB limit" in lines[0], lines
    [day] = [p for p in (tmp_path / "a").iterdir() if p.is_dir()]
    assert [p for p in day.iterdir() if p.read_bytes() == exact]
    assert sent["/fits.html"] == sent["/over.html"] == accept_encoding()


def test_output_zlib_still_holds_after_a_chunk_is_all_read_is_not_lost():
    """Small chunks of a body that unpacks a lot: a chunk can be read whole while zlib still holds a piece's
    worth of output for it; that output comes out in pieces too, byte for byte."""
    data = b"\0" * (PIECE * 3 + 100)
    packed = gzip.compress(data)
    assert read_body(response(packed, ["gzip"], chunk=64), len(data)) == data
    pieces = list(decoded([packed[i : i + 64] for i in range(0, len(packed), 64)], ["gzip"]))
    assert b"".join(pieces) == data and max(len(p) for p in pieces) == PIECE


# -- brotli (Content-Encoding: br, the br extra) ----------------------------------------------------------


def br_bomb(decoded_bytes: int) -> bytes:
    """``decoded_bytes`` of zeros as brotli, packed a MB at a time (never holding them)."""
    brotli = pytest.importorskip("brotli")
    pack = brotli.Compressor(quality=5)
    zeros = bytes(1 << 20)
    body = b"".join(pack.process(zeros) for _ in range(decoded_bytes >> 20)) + pack.finish()
    assert len(body) < 10_000, len(body)
    return body


@pytest.mark.parametrize("layers", [["br"], ["br", "gzip"], ["gzip", "br"]], ids="+".join)
@pytest.mark.parametrize("chunk", [1, 1500, 1 << 20])
def test_a_brotli_body_of_exactly_the_cap_is_read_whole_one_byte_more_is_not(layers, chunk):
    pytest.importorskip("brotli")
    limit = 300_000
    data = content(limit)
    assert read_body(response(encode(data, layers), layers, chunk), limit) == data
    with pytest.raises(TooLarge, match="300,000 bytes"):
        read_body(response(encode(content(limit + 1), layers), layers, chunk), limit)


def test_brotli_hands_on_about_a_piece_at_a_time_whatever_the_chunk():
    data = b"\0" * (PIECE * 40 + 7)
    packed = encode(data, ["br"])
    for size in (1, 64, len(packed)):
        pieces = list(decoded([packed[i : i + size] for i in range(0, len(packed), size)], ["br"]))
        assert b"".join(pieces) == data
        assert max(len(p) for p in pieces) < 2 * PIECE, (size, max(len(p) for p in pieces))


def test_a_brotli_bomb_is_refused_at_the_cap_while_it_streams():
    """200 MiB of zeros behind a few hundred bytes, in one chunk: refused at a 1 MB cap, holding about the cap."""
    body = br_bomb(200 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="1,000,000 bytes once decoded"):
            read_body(response(body, ["br"], len(body)), 1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000 * 3 + PIECE * 8, peak


def test_broken_brotli_is_said():
    pytest.importorskip("brotli")
    with pytest.raises(Undecodable, match="broken br data"):
        read_body(response(b"\xff" * 100, ["br"]), 100_000)


def test_the_fetcher_reads_a_brotli_page_and_stops_a_brotli_bomb_at_max_mb(tmp_path):
    """Through `briefing fetch` against a local server: a br page is archived byte for byte; a br bomb is one
    line naming its URL and the cap (exit 1); the request said it reads br."""
    head = b'<html><head><meta charset="utf-8"><title>t</title></head><body><p>'
    page = head + "新闻正文。".encode() * 20_000 + b"</p></body></html>"
    headers = [("Content-Encoding", "br")]
    with HostileSite() as site:
        fits = site.add("/fits.html", encode(page, ["br"]), headers=headers)
        over = site.add("/bomb.html", br_bomb(200 << 20), headers=headers)
        config = sources_config(tmp_path, [], max_mb=1)
        res = CliRunner().invoke(main, ["fetch", "--config", str(config), "--archive", str(tmp_path / "a"), fits, over])
        sent = {s.path: s.headers.get("Accept-Encoding") for s in site.requests}
    assert res.exit_code == 1, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.startswith("briefing: error: ")]
    assert len(lines) == 1 and over in lines[0] and "1 MB limit" in lines[0], lines
    [day] = [p for p in (tmp_path / "a").iterdir() if p.is_dir()]
    assert [p for p in day.iterdir() if p.read_bytes() == page]
    assert sent["/fits.html"] == sent["/bomb.html"] == "gzip, deflate, br"
    assert "Traceback" not in res.output


def test_the_fetcher_refuses_a_page_whose_encoded_body_is_cut_short_in_one_line(tmp_path):
    """Through `briefing fetch`: a br and a gzip page each cut to half their encoded bytes (the HTTP framing
    whole) are one line each naming the URL (exit 1), never archived; a whole page beside them is."""
    pytest.importorskip("brotli")
    head = b'<html><head><meta charset="utf-8"><title>t</title></head><body><p>'
    page = head + "新闻正文。".encode() * 20_000 + b"</p></body></html>"
    with HostileSite() as site:
        whole = site.add("/whole.html", encode(page, ["br"]), headers=[("Content-Encoding", "br")])
        cut = {
            coding: site.add(
                f"/cut-{coding}.html", encode(page, [coding])[:-30], headers=[("Content-Encoding", coding)]
            )
            for coding in ("br", "gzip")
        }
        config = sources_config(tmp_path, [], max_mb=1)
        res = CliRunner().invoke(
            main, ["fetch", "--config", str(config), "--archive", str(tmp_path / "a"), whole, *cut.values()]
        )
    assert res.exit_code == 1, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.startswith("briefing: error: ")]
    assert len(lines) == 2, lines
    for coding, url in cut.items():
        assert [line for line in lines if url in line and f"broken {coding} data (cut short" in line], (coding, lines)
    [day] = [p for p in (tmp_path / "a").iterdir() if p.is_dir()]
    bodies = [p.read_bytes() for p in day.rglob("*") if p.is_file()]
    assert page in bodies and not [b for b in bodies if b and b != page and page.startswith(b)]
    assert "Traceback" not in res.output


def test_without_the_brotli_package_a_br_page_is_one_line_naming_url_and_encoding(tmp_path, monkeypatch):
    import briefing.httpbody

    monkeypatch.setattr(briefing.httpbody, "_brotli", lambda: None)
    assert accept_encoding() == "gzip, deflate"
    with HostileSite() as site:
        url = site.add("/page.html", b"\x1b\x00\x00", headers=[("Content-Encoding", "br")])
        config = sources_config(tmp_path, [])
        res = CliRunner().invoke(main, ["fetch", "--config", str(config), "--archive", str(tmp_path / "a"), url])
        sent = [s.headers.get("Accept-Encoding") for s in site.requests if s.path == "/page.html"]
    assert res.exit_code == 3, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.startswith("briefing: error: ")]
    assert lines == [
        f"briefing: error: {url}: response not readable (Content-Encoding 'br' was not asked for "
        "(reading it needs briefing[br]: brotli>=1.2))",
        "briefing: error: nothing could be fetched (1 problems)",
    ], res.stderr
    assert sent == ["gzip, deflate"]
