"""The adapter interface is declared: every adapter satisfies it, and the
engine hands each one the manifest's root instead of probing for attributes."""

from __future__ import annotations

import pytest

from syndicate.adapters import Adapter, PlatformAdapter, adapter_for
from syndicate.composer import Post
from syndicate.contract import PLATFORMS
from syndicate.settings import Settings


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_adapter_declares_the_interface(platform, tmp_path):
    adapter = adapter_for(platform, Settings.load({}, env={}), env={}, base_dir=tmp_path)
    assert isinstance(adapter, Adapter) and isinstance(adapter, PlatformAdapter)
    assert adapter.platform == platform and adapter.base_dir == tmp_path


def test_an_adapter_without_its_network_steps_cannot_be_made():
    class Incomplete(Adapter):
        platform = "x"

        def recent_posts(self):
            return []

    with pytest.raises(TypeError, match="_run"):
        Incomplete(Settings.load({}, env={}), env={})


def test_handles_come_from_settings(tmp_path):
    settings = Settings.load({"SYNDICATE_X_HANDLE": "AkunUji"}, env={})
    adapter = adapter_for("x", settings, env={}, base_dir=tmp_path)
    assert adapter._handle() == "AkunUji"
    assert Settings.load({}, env={}).x_handle == "Bkdprovinsintt"
    post = Post("x", "a", "https://bkd.nttprov.go.id/a/", text="t")
    assert post.action == "post"  # a str-valued enum: the JSON stays the same
