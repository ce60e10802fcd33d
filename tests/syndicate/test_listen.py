"""`syndicate listen` against the sandbox over HTTP, with the real clients:
paginated comments fetched once across runs, deleted comments, a rate-limited
platform that catches up on the next run, the digest's flags, and no
commenter's name or words in a tracked file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def ledger_posts(ledger: Path) -> dict[tuple[str, str], str]:
    out = {}
    for path in ledger.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for platform, entry in data["platforms"].items():
            if entry.get("state") == "done":
                out[(data["article"], platform)] = entry["post_id"]
    return out


def published(cli, sandbox, live_site, workdir, make_env, **extra):
    video = live_site.article("sosialisasi-manajemen-talenta", video=True)
    plain = live_site.article("jadwal-kenaikan-pangkat")
    manifest = live_site.manifest(workdir, [video, plain])
    env = make_env(
        sandbox,
        manifest,
        workdir / "ledger",
        SYNDICATE_LISTEN_DIR=str(workdir / "listen"),
        SYNDICATE_LISTEN_PLATFORMS="facebook,instagram,youtube,x",
        SYNDICATE_LISTEN_PAGE_SIZE="5",
        **extra,
    )
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    return env, video, plain, ledger_posts(workdir / "ledger")


def listen_requests(sandbox, platform: str, suffix: str) -> list[dict]:
    return [
        r for r in sandbox.requests(platform) if r["method"] == "GET" and r["path"].endswith(suffix)
    ]


def state(workdir: Path) -> dict:
    return json.loads((workdir / "listen" / "listen-state.json").read_text(encoding="utf-8"))


def test_comments_are_fetched_once_across_runs_through_every_page(
    cli, sandbox, live_site, workdir, make_env
):
    env, video, plain, posts = published(cli, sandbox, live_site, workdir, make_env)
    fb_post = posts[(plain["id"], "facebook")]
    ig_media = posts[(plain["id"], "instagram")]
    yt_video = posts[(video["id"], "youtube")]
    x_post = posts[(plain["id"], "x")]
    fb = [sandbox.comment("facebook", fb_post, f"Terima kasih infonya {i}") for i in range(12)]
    ig = [sandbox.comment("instagram", ig_media, f"Mantap {i}") for i in range(7)]
    yt = [sandbox.comment("youtube", yt_video, f"Videonya jelas {i}") for i in range(6)]
    xs = [sandbox.comment("x", x_post, f"Siap {i}", author=f"Warga {i}") for i in range(3)]
    sandbox.delete_comment(fb[4])

    rc, out = cli("listen", env=env)
    assert rc == 0, out
    items = state(workdir)["items"]
    assert {k for k in items if k.startswith("facebook:")} == {
        f"facebook:{i}" for i in fb if i != fb[4]
    }
    assert {k for k in items if k.startswith("instagram:")} == {f"instagram:{i}" for i in ig}
    assert {k for k in items if k.startswith("youtube:")} == {f"youtube:{i}" for i in yt}
    assert {k for k in items if k.startswith("x:")} == {f"x:{i}" for i in xs}
    # 12 comments at 5 a page: three pages, each asked once.
    assert len(listen_requests(sandbox, "facebook", f"/{fb_post}/comments")) == 3
    # Billed reads: the 3 mentions, and the account's 2 posts in its own timeline.
    assert "x: 5 post dibaca" in out

    # Nothing new: one page each, nothing recorded twice.
    sandbox.comment("facebook", fb_post, "Baru setelah jalan pertama")
    newer_ig = sandbox.comment("instagram", ig_media, "Yang ini baru")
    before = len(listen_requests(sandbox, "facebook", f"/{fb_post}/comments"))
    rc, out = cli("listen", env=env)
    assert rc == 0, out
    assert "facebook: 1 komentar baru" in out and "instagram: 1 komentar baru" in out
    assert "youtube: 0 komentar baru" in out and "x: 0 komentar baru" in out
    assert len(listen_requests(sandbox, "facebook", f"/{fb_post}/comments")) == before + 1
    ig_calls = listen_requests(sandbox, "instagram", f"/{ig_media}/comments")
    assert ig_calls[-1]["query"].get("after"), "Instagram resumes from its stored cursor"
    assert f"instagram:{newer_ig}" in state(workdir)["items"]
    since = [r["query"].get("since_id") for r in listen_requests(sandbox, "x", "/mentions")]
    assert since[0] is None and since[-1] == max(xs, key=int)


def test_a_rate_limited_platform_is_skipped_then_catches_up(
    cli, sandbox, live_site, workdir, make_env
):
    env, _video, plain, posts = published(cli, sandbox, live_site, workdir, make_env)
    fb_post = posts[(plain["id"], "facebook")]
    ids = [sandbox.comment("facebook", fb_post, f"Komentar {i}") for i in range(8)]
    sandbox.arm("facebook", "rate_limit", f"/{fb_post}/comments", code=32, after=1)

    rc, out = cli("listen", env=env)
    assert rc == 0, out
    assert "facebook: dilewati kali ini" in out
    assert fb_post not in state(workdir)["cursors"].get("facebook", {})

    rc, out = cli("listen", env=env)
    assert rc == 0, out
    items = state(workdir)["items"]
    assert {k for k in items if k.startswith("facebook:")} == {f"facebook:{i}" for i in ids}


def test_the_digest_flags_questions_insults_and_overdue_items(
    cli, sandbox, live_site, workdir, make_env
):
    env, video, plain, posts = published(cli, sandbox, live_site, workdir, make_env)
    fb_post = posts[(plain["id"], "facebook")]
    yt_video = posts[(video["id"], "youtube")]
    old_question = sandbox.comment(
        "facebook", fb_post, "Kapan berkas kenaikan pangkat ditutup", age_hours=24 * 8
    )
    answered = sandbox.comment("facebook", fb_post, "Bagaimana cara daftar?", age_hours=24 * 9)
    sandbox.comment(
        "facebook",
        fb_post,
        "Ditutup 30 November.",
        own=True,
        parent_id=answered,
        age_hours=24 * 8,
    )
    sandbox.comment("facebook", fb_post, "Dasar goblok semua pegawainya", age_hours=2)
    sandbox.comment("youtube", yt_video, "Terima kasih, sangat membantu", age_hours=1)
    yt_question = sandbox.comment("youtube", yt_video, "Di mana link formulirnya", age_hours=30)
    sandbox.comment("youtube", yt_video, "Ada di deskripsi.", own=True, parent_id=yt_question)
    x_post = posts[(plain["id"], "x")]
    x_question = sandbox.comment("x", x_post, "Berapa kuota formasinya?", age_hours=5)
    x_open = sandbox.comment("x", x_post, "Kapan diumumkan?", age_hours=4)
    sandbox.comment("x", x_post, "Kuotanya 120 formasi.", own=True, parent_id=x_question)

    rc, out = cli("listen", env=env)
    assert rc == 0, out
    items = state(workdir)["items"]
    assert items[f"facebook:{old_question}"]["question"] is True
    assert not items[f"facebook:{old_question}"].get("answered_at")
    assert items[f"facebook:{answered}"]["answered_at"]
    assert items[f"youtube:{yt_question}"]["answered_at"]
    assert items[f"x:{x_question}"]["answered_at"]
    assert not items[f"x:{x_open}"].get("answered_at")
    assert items[f"x:{x_question}"]["article"] == plain["id"]
    personal = json.loads((workdir / "listen" / "personal.json").read_text(encoding="utf-8"))
    assert [p["flags"] for p in personal.values() if p["flags"]] == [["FBS-5.insult"]]
    assert not any("flags" in i or "permalink" in i for i in items.values())
    assert not any(i.get("question") for i in items.values() if i.get("own"))

    digest = next((workdir / "listen").glob("ringkasan-*.md")).read_text(encoding="utf-8")
    assert f"## {plain['title']}" in digest and f"## {video['title']}" in digest
    overdue = [line for line in digest.splitlines() if "BELUM DIJAWAB > 3 hari kerja" in line]
    assert len(overdue) == 1
    assert digest.index("BELUM DIJAWAB") < digest.index("Kapan berkas kenaikan pangkat")
    assert "ditandai FBS: FBS-5.insult" in digest
    assert "pertanyaan, sudah dijawab" in digest
    html = next((workdir / "listen").glob("ringkasan-*.html")).read_text(encoding="utf-8")
    assert html.count('class="overdue"') == 1


def test_no_commenter_data_lands_in_a_tracked_file(cli, sandbox, live_site, workdir, make_env):
    """The state that may go to git (cursors, ids, times) holds no name and no word
    of a comment; the names and words stay in the ignored listening folder."""
    repo = workdir / "repo"
    repo.mkdir()
    shutil.copy(REPO / ".gitignore", repo / ".gitignore")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    ledger = repo / "syndicate" / "ledger-data"
    ledger.mkdir(parents=True)
    env, _video, plain, posts = published(
        cli,
        sandbox,
        live_site,
        workdir,
        make_env,
        SYNDICATE_ROOT=str(repo),
    )
    for path in (workdir / "ledger").glob("*.json"):
        shutil.copy(path, ledger / path.name)
    env = {
        **env,
        "SYNDICATE_LEDGER_DIR": str(ledger),
        "SYNDICATE_LISTEN_STATE_DIR": str(ledger / "listen"),
    }
    del env["SYNDICATE_LISTEN_DIR"]  # the default, .cache/listen under the root
    secrets = {
        "facebook": ("Yohana Bria Seran", "Nomor HP saya 081234500099, tolong hubungi"),
        "instagram": ("maria.kolo.kupang", "Apakah honorer Alor bisa ikut?"),
        "x": ("Petrus Lamanepa", "Kapan pengumuman PPPK Sikka?"),
    }
    for platform, (author, text) in secrets.items():
        sandbox.comment(platform, posts[(plain["id"], platform)], text, author=author)

    rc, out = cli("listen", env=env, cwd=repo)
    assert rc == 0, out
    personal = (repo / ".cache" / "listen" / "personal.json").read_text(encoding="utf-8")
    assert all(a in personal and t in personal for a, t in secrets.values())
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    tracked = subprocess.run(
        ["git", "-C", str(repo), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "syndicate/ledger-data/listen/listen-state.json" in tracked
    assert not any(name.startswith(".cache/") for name in tracked)
    for name in tracked:
        text = (repo / name).read_text(encoding="utf-8")
        for author, words in secrets.values():
            assert author not in text and words not in text, name
            assert author.split()[0] not in text, name


def test_personal_data_is_forgotten_after_the_retention_period(tmp_path):
    from syndicate.listen_store import Heard, ListenStore

    store = ListenStore.open(tmp_path / "state", tmp_path / "personal")
    for item_id, created in (
        ("1", "2026-09-01T00:00:00+00:00"),
        ("2", "2026-11-20T00:00:00+00:00"),
    ):
        store.add(Heard("facebook", item_id, "1_1", created, "Ana", f"teks {item_id}"), {})
    assert store.forget_older_than("2026-10-30T00:00:00+00:00") == 1
    store.save()
    again = ListenStore.open(tmp_path / "state", tmp_path / "personal")
    assert set(again.personal) == {"facebook:2"}
    assert set(again.items) == {"facebook:1", "facebook:2"}  # ids and times stay for the report
    assert oct((tmp_path / "personal" / "personal.json").stat().st_mode)[-3:] == "600"


def test_the_sealed_artifact_hides_the_words_and_opens_only_with_the_key(tmp_path):
    from cryptography.fernet import Fernet

    from syndicate.listen_seal import SealError, seal, unseal

    folder = tmp_path / "listen"
    folder.mkdir()
    (folder / "personal.json").write_text('{"x:1": {"author": "Yohana Seran"}}', encoding="utf-8")
    (folder / "ringkasan-2026-11-28.md").write_text("Yohana Seran: kapan?", encoding="utf-8")
    key = Fernet.generate_key().decode()
    sealed = tmp_path / "listening.sealed"
    seal(folder, sealed, key)
    assert b"Yohana" not in sealed.read_bytes()
    names = unseal(sealed, tmp_path / "opened", key)
    assert sorted(names) == ["personal.json", "ringkasan-2026-11-28.md"]
    assert "Yohana Seran" in (tmp_path / "opened" / "personal.json").read_text(encoding="utf-8")
    for wrong in (Fernet.generate_key().decode(), "", "not-a-key"):
        try:
            unseal(sealed, tmp_path / "nope", wrong)
        except SealError:
            continue
        raise AssertionError(f"opened with {wrong!r}")
