"""One adapter per platform behind ``adapters.base.Adapter``."""

from __future__ import annotations

from pathlib import Path

from syndicate.adapters.base import Adapter, AdapterFactory, PlatformAdapter, Published


def adapter_for(
    platform: str, settings, *, env=None, http=None, base_dir: Path | None = None
) -> Adapter:
    # Imported lazily: `syndicate plan` must not pay for tweepy or googleapiclient.
    if platform == "facebook":
        from syndicate.adapters.facebook import FacebookAdapter as cls
    elif platform == "instagram":
        from syndicate.adapters.instagram import InstagramAdapter as cls
    elif platform == "x":
        from syndicate.adapters.x import XAdapter as cls
    elif platform == "youtube":
        from syndicate.adapters.youtube import YouTubeAdapter as cls
    else:
        raise ValueError(f"unknown platform {platform!r}")
    return cls(settings, env=env, http=http, base_dir=base_dir)


__all__ = ["Adapter", "AdapterFactory", "PlatformAdapter", "Published", "adapter_for"]
