"""``syndicate doctor``: check each platform's account without posting.

Each check is the cheapest documented read that proves one thing the first
real post needs (docs/admin-doctor.md cites the reference of each):

- Facebook and Instagram: ``GET /debug_token`` (the token is valid, is a Page
  token for the configured Page, and carries the permissions posting needs),
  ``GET /{page-id}?fields=instagram_business_account`` (the Instagram account
  is linked to the Page) and ``GET /{ig-user-id}/content_publishing_limit``.
- X: ``GET /2/users/me`` signed with the four keys (they work, and belong to
  the configured account); its ``x-access-level`` header says whether the app
  may write.
- YouTube: the refresh-token grant at the token endpoint (``invalid_grant``
  and friends; the ``scope`` it answers lists what the token may do), then
  ``channels.list(mine=true)`` compared with ``SYNDICATE_YOUTUBE_CHANNEL_ID``.

Every message is for the admin, in Indonesian, and says how to fix it. No
check writes anything; secrets are sent in headers or form bodies only, except
``input_token``, which ``debug_token`` takes only in the query string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

from syndicate.adapters.base import USER_AGENT
from syndicate.redact import redact, register
from syndicate.settings import PLATFORM_LABELS, SECRETS, Settings, missing_secrets, secret

FACEBOOK_SCOPES = ("pages_manage_posts", "pages_read_engagement")
INSTAGRAM_SCOPES = ("instagram_basic", "instagram_content_publish")
YOUTUBE_SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube",
)
X_WRITE_LEVELS = ("read-write", "read-write-directmessages")


@dataclass
class Check:
    platform: str
    name: str
    ok: bool
    detail: str
    fix: str = ""


class Doctor:
    def __init__(self, settings: Settings, env: Mapping[str, str], http=None) -> None:
        self.settings = settings
        self.env = env
        self.http = http or requests.Session()
        self.http.headers.setdefault("User-Agent", USER_AGENT)
        self.timeout = settings.http_timeout
        self.rows: list[Check] = []

    # --- plumbing ------------------------------------------------------------

    def add(self, platform: str, name: str, ok: bool, detail: str, fix: str = "") -> bool:
        self.rows.append(Check(platform, name, ok, redact(detail), redact(fix)))
        return ok

    def _get(self, url: str, **kwargs) -> tuple[requests.Response | None, str]:
        try:
            return self.http.get(url, timeout=self.timeout, **kwargs), ""
        except requests.RequestException as exc:
            return None, f"tidak bisa menghubungi {url.split('?')[0]}: {type(exc).__name__}"

    def run(self, platforms=None) -> list[Check]:
        steps: dict[str, Callable[[], None]] = {
            "facebook": self.facebook,
            "instagram": self.instagram,
            "x": self.x,
            "youtube": self.youtube,
        }
        for platform in platforms or self.settings.platforms:
            missing = missing_secrets(platform, self.env)
            if missing:
                self.add(
                    platform,
                    "kredensial terisi",
                    False,
                    f"belum diisi: {', '.join(missing)}",
                    "Simpan nilainya sebagai secret di GitHub Environment media-sosial "
                    "(README, 'Syndication (admin)').",
                )
                continue
            steps[platform]()
        return self.rows

    # --- Facebook and Instagram ----------------------------------------------

    def _graph_error(self, response) -> tuple[int | None, str]:
        try:
            error = response.json().get("error") or {}
        except ValueError:
            return None, f"HTTP {response.status_code}"
        return error.get("code"), f"{error.get('message', '')} (code {error.get('code')})"

    def _debug_token(self, platform: str, env_name: str, scopes) -> dict | None:
        """GET /debug_token: validity and permissions of a Page token."""
        token = secret(env_name, self.env)
        response, problem = self._get(
            f"{self.settings.graph_url}/debug_token",
            params={"input_token": token},
            headers={"Authorization": f"Bearer {token}"},
        )
        renew = (
            f"Buat Page access token baru yang tidak kedaluwarsa (README, langkah token Page) "
            f"dan simpan sebagai {env_name}."
        )
        if response is None:
            self.add(platform, "token berfungsi", False, problem, "Periksa jaringan lalu ulangi.")
            return None
        data = response.json().get("data") if response.status_code == 200 else None
        if not data or not data.get("is_valid"):
            if data:
                detail = (data.get("error") or {}).get("message", "token tidak valid")
            else:
                detail = self._graph_error(response)[1]
            self.add(platform, "token berfungsi", False, detail, renew)
            return None
        page_id = self.settings.facebook_page_id
        if data.get("type") != "PAGE" or (page_id and data.get("profile_id") != page_id):
            self.add(
                platform,
                "token berfungsi",
                False,
                f"token jenis {data.get('type')} untuk {data.get('profile_id')}, "
                f"bukan token Page {page_id}",
                renew,
            )
            return None
        self.add(platform, "token berfungsi", True, f"token Page {page_id} berlaku")
        granted = set(data.get("scopes") or [])
        lacking = [scope for scope in scopes if scope not in granted]
        self.add(
            platform,
            "izin posting",
            not lacking,
            f"kurang izin: {', '.join(lacking)}" if lacking else ", ".join(scopes),
            f"Buat ulang token dengan izin {', '.join(scopes)} (aplikasi Meta harus sudah "
            f"disetujui untuk izin itu), lalu simpan sebagai {env_name}."
            if lacking
            else "",
        )
        return data

    def facebook(self) -> None:
        self._debug_token("facebook", "SYNDICATE_FACEBOOK_PAGE_TOKEN", FACEBOOK_SCOPES)

    def instagram(self) -> None:
        env_name = "SYNDICATE_INSTAGRAM_TOKEN"
        if self._debug_token("instagram", env_name, INSTAGRAM_SCOPES) is None:
            return
        token = secret(env_name, self.env)
        auth = {"Authorization": f"Bearer {token}"}
        page_id, ig_id = self.settings.facebook_page_id, self.settings.instagram_user_id
        response, problem = self._get(
            f"{self.settings.graph_url}/{page_id}",
            params={"fields": "instagram_business_account"},
            headers=auth,
        )
        linked = None
        if response is not None and response.status_code == 200:
            linked = (response.json().get("instagram_business_account") or {}).get("id")
        elif response is not None:
            problem = self._graph_error(response)[1]
        self.add(
            "instagram",
            "akun tertaut ke Page",
            bool(linked) and linked == ig_id,
            f"akun Instagram {linked} tertaut ke Page {page_id}"
            if linked == ig_id and linked
            else (
                problem
                or f"Page {page_id} tertaut ke {linked or 'tidak ada akun Instagram'}, "
                f"bukan {ig_id}"
            ),
            ""
            if linked == ig_id and linked
            else "Di Meta Business Suite > Pengaturan > Akun Instagram, hubungkan akun "
            f"profesional @{self.settings.instagram_handle} ke Page, lalu isi "
            "SYNDICATE_INSTAGRAM_USER_ID dengan id akunnya "
            f"({linked or 'lihat Graph API Explorer'}).",
        )
        response, problem = self._get(
            f"{self.settings.graph_url}/{ig_id}/content_publishing_limit",
            params={"fields": "config,quota_usage"},
            headers=auth,
        )
        if response is None or response.status_code != 200:
            detail = problem or self._graph_error(response)[1]
            self.add(
                "instagram",
                "batas publikasi",
                False,
                detail,
                f"Periksa token ({env_name}) dan SYNDICATE_INSTAGRAM_USER_ID.",
            )
            return
        entry = (response.json().get("data") or [{}])[0]
        used = int(entry.get("quota_usage", 0))
        total = int((entry.get("config") or {}).get("quota_total", 0))
        self.add(
            "instagram",
            "batas publikasi",
            used < total,
            f"{used} dari {total} post dalam 24 jam terakhir",
            "" if used < total else "Tunggu sampai kuota 24 jam pulih; posting akan ditunda.",
        )

    # --- X -------------------------------------------------------------------

    def x(self) -> None:
        import tweepy

        keys = [secret(name, self.env) for name in SECRETS["x"]]
        auth = tweepy.OAuth1UserHandler(*keys).apply_auth()
        response, problem = self._get(
            f"{self.settings.x_base_url.rstrip('/')}/2/users/me", auth=auth
        )
        if response is None or response.status_code != 200:
            status = response.status_code if response is not None else None
            fix = {
                401: "Periksa keempat kunci X di portal developer; jika aplikasi baru diubah, "
                "buat ulang Access Token dan Secret.",
                402: "Kredit akun X habis: isi ulang di portal developer (Billing).",
                403: "Pastikan aplikasi terpasang pada Project dengan paket aktif.",
            }.get(status, "Periksa jaringan lalu ulangi.")
            self.add("x", "kunci berfungsi", False, problem or f"HTTP {status}", fix)
            return
        me = response.json().get("data") or {}
        expected = self.settings.x_user_id
        ok = not expected or str(me.get("id")) == expected
        self.add(
            "x",
            "kunci berfungsi",
            ok,
            f"masuk sebagai @{me.get('username')} ({me.get('id')})",
            ""
            if ok
            else f"Kunci milik akun lain: SYNDICATE_X_USER_ID={expected}. Buat Access "
            f"Token dari akun @{self.settings.x_handle}.",
        )
        level = response.headers.get("x-access-level", "")
        self.add(
            "x",
            "izin tulis aplikasi",
            level in X_WRITE_LEVELS,
            f"x-access-level: {level or '(tidak ada)'}",
            ""
            if level in X_WRITE_LEVELS
            else "Di portal developer X buka aplikasi > User authentication settings, pilih "
            "'Read and write', lalu buat ulang Access Token dan Secret (token lama tetap "
            "baca saja) dan simpan sebagai SYNDICATE_X_ACCESS_TOKEN/_SECRET.",
        )

    # --- YouTube -------------------------------------------------------------

    def youtube(self) -> None:
        form = {
            "grant_type": "refresh_token",
            "refresh_token": secret("SYNDICATE_YOUTUBE_REFRESH_TOKEN", self.env),
            "client_id": secret("SYNDICATE_YOUTUBE_CLIENT_ID", self.env),
            "client_secret": secret("SYNDICATE_YOUTUBE_CLIENT_SECRET", self.env),
        }
        try:
            response = self.http.post(
                self.settings.google_token_url, data=form, timeout=self.timeout
            )
        except requests.RequestException as exc:
            self.add("youtube", "refresh token berlaku", False, type(exc).__name__, "Ulangi.")
            return
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200 or "access_token" not in body:
            from syndicate.adapters.youtube import GRANT_ERRORS

            kind = body.get("error", f"HTTP {response.status_code}")
            self.add(
                "youtube",
                "refresh token berlaku",
                False,
                f"{kind}: {body.get('error_description', '')}".strip(": "),
                GRANT_ERRORS.get(kind, "Ulangi; jika tetap gagal, buat ulang refresh token."),
            )
            return
        token = body["access_token"]
        register(token)
        self.add("youtube", "refresh token berlaku", True, "token akses berhasil dibuat")
        granted = set(str(body.get("scope", "")).split())
        lacking = [scope for scope in YOUTUBE_SCOPES if scope not in granted]
        self.add(
            "youtube",
            "scope",
            not lacking,
            f"kurang scope: {', '.join(lacking)}" if lacking else "youtube.upload, youtube",
            "Buat ulang refresh token dengan scope youtube.upload dan youtube "
            "(README, langkah OAuth YouTube)."
            if lacking
            else "",
        )
        response, problem = self._get(
            f"{self.settings.youtube_base_url.rstrip('/')}/youtube/v3/channels",
            params={"part": "id,snippet", "mine": "true"},
            headers={"Authorization": f"Bearer {token}"},
        )
        items = []
        if response is not None and response.status_code == 200:
            items = response.json().get("items") or []
        elif response is not None:
            problem = f"HTTP {response.status_code}"
        expected = self.settings.youtube_channel_id
        found = items[0] if items else {}
        title = (found.get("snippet") or {}).get("title", "")
        ok = bool(found) and bool(expected) and found.get("id") == expected
        if ok:
            detail = f"kanal {expected} ({title})"
            fix = ""
        elif not found:
            detail = problem or "token tidak punya kanal YouTube"
            fix = "Buat refresh token dengan akun Google pemilik kanal BKD NTT."
        elif not expected:
            detail = f"token milik kanal {found.get('id')} ({title}); kanal yang benar belum diatur"
            fix = f"Jika kanal itu benar, isi SYNDICATE_YOUTUBE_CHANNEL_ID={found.get('id')}."
        else:
            detail = f"token milik kanal {found.get('id')} ({title}), bukan {expected}"
            fix = "Buat ulang refresh token dengan akun Google pemilik kanal BKD NTT."
        self.add("youtube", "kanal milik BKD", ok, detail, fix)


def render(rows: list[Check]) -> str:
    """The table the admin reads: one line per check, the fix below a ✗."""
    lines = [f"{'platform':<10} {'':1} {'pemeriksaan':<22} keterangan", "-" * 72]
    for row in rows:
        mark = "✓" if row.ok else "✗"
        label = PLATFORM_LABELS.get(row.platform, row.platform)
        lines.append(f"{label:<10} {mark} {row.name:<22} {row.detail}")
        if not row.ok and row.fix:
            lines.append(f"{'':<10}   {'':<22} → {row.fix}")
    bad = sum(1 for row in rows if not row.ok)
    lines.append("")
    lines.append(
        "Semua pemeriksaan lulus: siap untuk posting pertama."
        if not bad
        else f"{bad} pemeriksaan gagal: perbaiki yang bertanda ✗ lalu jalankan lagi "
        "`syndicate doctor`."
    )
    return redact("\n".join(lines))
