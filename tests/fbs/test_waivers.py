"""The waiver mechanism: `Waive: FBS-8.nip: reason` in the front matter."""

from __future__ import annotations

import pytest

from plugins.fbs.report import format_github, format_text

NIP_BODY = "Ditetapkan oleh Kepala BKD, NIP 19710707 199703 2 008.\n"


def test_waiver_silences_the_rule_and_is_listed(site):
    path = site.article(
        fields={"Waive": "FBS-8.nip: NIP pejabat penandatangan SK, dokumen publik"}, body=NIP_BODY
    )
    result = site.check(path)
    assert result.exit_code == 0
    assert [f.rule for f in result.findings if f.waived_by] == ["FBS-8.nip"]
    (w,) = result.waivers
    assert (w.rule, w.findings) == ("FBS-8.nip", 1)
    assert "NIP pejabat penandatangan SK" in format_text(result)
    assert "::notice" in format_github(result)


def test_several_waivers_on_continuation_lines(site):
    waive = (
        "FBS-8.nip: NIP pejabat penandatangan SK, dokumen publik\n"
        "    FBS-8.phone: nomor layanan resmi yang tercantum di surat edaran"
    )
    body = NIP_BODY + "Layanan: 081234567890.\n"
    result = site.check(site.article(fields={"Waive": waive}, body=body))
    assert result.exit_code == 0
    assert sorted(w.rule for w in result.waivers) == ["FBS-8.nip", "FBS-8.phone"]


@pytest.mark.parametrize(
    "waive,rule",
    [
        ("FBS-8.nip", "FBS-8.waiver"),  # no reason
        ("FBS-8.nip: ok", "FBS-8.waiver"),  # reason too short
        ("FBS-8.nipp: NIP pejabat penandatangan SK", "FBS-7.frontmatter"),  # unknown rule
        ("NIP pejabat boleh", "FBS-7.frontmatter"),  # unreadable
        ("FBS-9.token: token uji coba saja, aman", "FBS-9.waiver"),  # not waivable
    ],
)
def test_bad_waivers_are_errors_and_do_not_waive(site, waive, rule):
    result = site.check(site.article(fields={"Waive": waive}, body=NIP_BODY))
    rules = {f.rule for f in result.active}
    assert rule in rules
    assert "FBS-8.nip" in rules
    assert result.exit_code == 1


def test_unused_waiver_is_a_warning(site):
    result = site.check(site.article(fields={"Waive": "FBS-8.nik: daftar peserta resmi dari BKN"}))
    (f,) = result.active
    assert (f.rule, f.severity) == ("FBS-8.waiver", "warning")
    assert result.exit_code == 0
