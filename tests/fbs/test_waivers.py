"""The waiver mechanism: `Waive: FBS-8.nip 1971***********008: reason` in the
front matter covers that value only (or `baris N`, that line only)."""

from __future__ import annotations

import pytest

from plugins.fbs.report import format_github, format_text

NIP_BODY = "Ditetapkan oleh Kepala BKD, NIP 19710707 199703 2 008.\n"
NIP_MASKED = "1971***********008"
REASON = "NIP pejabat penandatangan SK, dokumen publik"


def test_waiver_naming_the_value_silences_it_and_is_listed_first(site):
    path = site.article(fields={"Waive": f"FBS-8.nip {NIP_MASKED}: {REASON}"}, body=NIP_BODY)
    result = site.check(path)
    assert result.exit_code == 0
    assert [f.rule for f in result.findings if f.waived_by] == ["FBS-8.nip"]
    (w,) = result.waivers
    assert (w.rule, w.findings, w.target) == ("FBS-8.nip", 1, NIP_MASKED)
    text = format_text(result)
    assert text.startswith("Pengecualian yang berlaku")
    assert f"FBS-8.nip {NIP_MASKED} (1 temuan dikecualikan)" in text and REASON in text
    assert format_github(result).startswith("::notice")


def test_waiver_by_line_number(site):
    body = "Paragraf pembuka yang cukup panjang untuk artikel ini.\n\n" + NIP_BODY
    path = site.article(fields={"Waive": f"FBS-8.nip baris 13: {REASON}"}, body=body)
    result = site.check(path)
    (f,) = [f for f in result.findings if f.rule == "FBS-8.nip"]
    assert f.line == 13 and f.waived_by
    assert result.exit_code == 0


def test_a_new_number_is_a_fresh_error_despite_the_waiver(site):
    body = NIP_BODY + "Ditambahkan kemudian: NIP 198503152010011004.\n"
    path = site.article(fields={"Waive": f"FBS-8.nip {NIP_MASKED}: {REASON}"}, body=body)
    result = site.check(path)
    (fresh,) = result.active
    assert (fresh.rule, fresh.line, fresh.subject) == ("FBS-8.nip", 12, "1985***********004")
    assert result.exit_code == 1


def test_old_blanket_waiver_is_refused_with_the_lines_to_write(site):
    path = site.article(fields={"Waive": f"FBS-8.nip: {REASON}"}, body=NIP_BODY)
    result = site.check(path)
    rules = {f.rule: f for f in result.active}
    assert "FBS-8.nip" in rules  # not waived
    refusal = rules["FBS-8.waiver"]
    assert "harus menyebut nilai" in refusal.message
    assert f"Waive: FBS-8.nip {NIP_MASKED}: <alasan>" in refusal.hint
    assert result.exit_code == 1


def test_blanket_waiver_still_covers_a_rule_without_values(site):
    result = site.check(
        site.article(
            fields={"Waive": "FBS-3.summary: ringkasan sengaja kosong untuk halaman ini"},
            drop=["Summary"],
        )
    )
    assert [f.rule for f in result.findings if f.waived_by] == ["FBS-3.summary"]


def test_waiver_for_another_value_names_the_values_found(site):
    path = site.article(fields={"Waive": f"FBS-8.nip 1985***********004: {REASON}"}, body=NIP_BODY)
    result = site.check(path)
    unused = next(f for f in result.active if f.rule == "FBS-8.waiver")
    assert unused.severity == "warning"
    assert NIP_MASKED in unused.hint
    assert "FBS-8.nip" in {f.rule for f in result.active}
    assert result.exit_code == 1


def test_two_numbers_that_mask_alike_make_a_value_waiver_ambiguous(site):
    body = "NIP 19710707 199703 2 008.\nDan NIP 19710101 199001 1 008.\n"
    path = site.article(fields={"Waive": f"FBS-8.nip {NIP_MASKED}: {REASON}"}, body=body)
    result = site.check(path)
    ambiguous = next(f for f in result.active if f.rule == "FBS-8.waiver")
    assert "2 nilai yang berbeda" in ambiguous.message
    assert "baris 11" in ambiguous.hint
    assert sum(f.rule == "FBS-8.nip" for f in result.active) == 2


def test_full_number_in_a_waiver_is_refused(site):
    path = site.article(
        fields={"Waive": f"FBS-8.nip 19710707 199703 2 008: {REASON}"}, body=NIP_BODY
    )
    result = site.check(path)
    assert any("nomor lengkap" in f.message for f in result.active)
    assert "199703" not in format_text(result)


def test_several_waivers_on_continuation_lines(site):
    waive = (
        f"FBS-8.nip {NIP_MASKED}: {REASON}\n"
        "    FBS-8.phone 0812******90: nomor layanan resmi yang tercantum di surat edaran"
    )
    body = NIP_BODY + "Layanan: 081234567890.\n"
    result = site.check(site.article(fields={"Waive": waive}, body=body))
    assert result.exit_code == 0
    assert sorted(w.rule for w in result.waivers) == ["FBS-8.nip", "FBS-8.phone"]


@pytest.mark.parametrize(
    "waive,rule",
    [
        (f"FBS-8.nip {NIP_MASKED}", "FBS-8.waiver"),  # no reason
        (f"FBS-8.nip {NIP_MASKED}: ok", "FBS-8.waiver"),  # reason too short
        (f"FBS-8.nipp {NIP_MASKED}: NIP pejabat penandatangan SK", "FBS-7.frontmatter"),
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
