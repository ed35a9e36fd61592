"""The address policy's check when connecting (a name that resolved public when checked, private when
connecting): one line naming the host, the address and why, from both sides."""

from __future__ import annotations

import pytest

from briefing.errors import InputError
from briefing.web.urls import AddressPolicy


def test_a_name_resolving_private_when_connecting_is_refused_for_a_public_source_only():
    answers = {"news.test": ["93.184.216.34"], "late.test": ["10.0.0.8"]}
    public = AddressPolicy("https://news.test/feed.xml", False, lambda host: answers[host])
    with pytest.raises(InputError) as refused:
        public.addresses("late.test")
    assert refused.value.message == (
        "refused, late.test resolves to a private or local address (10.0.0.8) when connecting "
        "and the source is on the public internet"
    )
    assert public.addresses("news.test") == ["93.184.216.34"]
    allowed = AddressPolicy("https://news.test/feed.xml", True, lambda host: answers[host])
    assert allowed.addresses("late.test") == ["10.0.0.8"]
