"""deploy/withdrawn.txt: only addresses that are no longer published become
410 locations; a mistake names the file, the line and the fix."""

from __future__ import annotations

ARTICLE = """Title: Jadwal Layanan Kepegawaian
Date: 2026-11-02 08:00
Category: Layanan
Summary: Jadwal layanan kepegawaian di kantor BKD Provinsi NTT selama bulan November.

Layanan dibuka setiap hari kerja.
"""


def test_withdrawn_list_is_checked(tmp_path, pelican_build):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "jadwal-layanan.md").write_text(ARTICLE, encoding="utf-8")
    withdrawn = tmp_path / "withdrawn.txt"
    withdrawn.write_text(
        "# catatan\n"
        "/2026/10/pengumuman-lama/  # ditarik 1 November\n"
        "/2026/11/jadwal-layanan/\n"
        "/x/; return 200 'disusupi';\n",
        encoding="utf-8",
    )
    out = tmp_path / "output"
    result = pelican_build(
        content, out, extra={"DEPLOY_WITHDRAWN_FILE": str(withdrawn), "SEARCH_PAGEFIND": False}
    )
    log = result.stdout + result.stderr
    assert "withdrawn.txt, baris 3: /2026/11/jadwal-layanan/ masih diterbitkan" in log
    assert "withdrawn.txt, baris 4: '/x/; return 200 'disusupi';' bukan alamat" in log
    gone = (tmp_path / "build" / "nginx" / "gone.conf").read_text(encoding="utf-8")
    locations = [line for line in gone.splitlines() if not line.startswith("#")]
    assert locations == [
        "location = /2026/10/pengumuman-lama/ { return 410; }",
        "location = /2026/10/pengumuman-lama/index.html { return 410; }",
        "location = /2026/10/pengumuman-lama { return 410; }",
    ]
    # With --fatal errors (make publish) the mistake stops the deploy.
    strict = pelican_build(
        content,
        tmp_path / "strict",
        extra={"DEPLOY_WITHDRAWN_FILE": str(withdrawn), "SEARCH_PAGEFIND": False},
        fatal=True,
    )
    assert strict.returncode != 0
