"""One adapter per platform behind ``adapters.base.Adapter``."""

from __future__ import annotations

from pathlib import Path

from syndicate.adapters.base import Adapter, AdapterFactory, PlatformAdapter, Published


def adapter_for(
    platform: str, settings, *, env=None, http=None, base_dir: Path | None = None
) -> Adapter:
    # Imported lazily: `syndicate plan` must not pay for tweepy or googleapiclient.
    cls: type[Adapter]
    if platform == "facebook":
        from syndicate.adapters.facebook import FacebookAdapter

        cls = FacebookAdapter
    elif platform == "instagram":
        from syndicate.adapters.instagram import InstagramAdapter

        cls = InstagramAdapter
    elif platform == "x":
        from syndicate.adapters.x import XAdapter

        cls = XAdapter
    elif platform == "youtube":
        from syndicate.adapters.youtube import YouTubeAdapter

        cls = YouTubeAdapter
    else:
        raise ValueError(f"unknown platform {platform!r}")
    return cls(settings, env=env, http=http, base_dir=base_dir)


__all__ = ["Adapter", "AdapterFactory", "PlatformAdapter", "Published", "adapter_for"]
