"""Exactly once under faults: ≥200 seeded schedules, the real CLI, the sandbox over HTTP.

Each schedule arms random sandbox faults (HTTP 500/503, rate limits, quota,
timeouts, connection resets, accepted-then-dropped) and may kill the publish
process: between the ``pending`` ledger write and the request, between the
request and the ``done`` write (SYNDICATE_TEST_CRASH, os._exit), or by SIGKILL
at a random moment. See tests/_support/fault_schedules.py for the assertions.
Set SYNDICATE_FAULT_SCHEDULES to run more (bench/syndicate_soak.py runs 1,000+).
"""

from __future__ import annotations

import os

import pytest

from tests._support import fault_schedules as schedules

COUNT = int(os.environ.get("SYNDICATE_FAULT_SCHEDULES", "200"))
BATCH = 25


@pytest.mark.parametrize("batch", range((COUNT + BATCH - 1) // BATCH))
def test_no_duplicates_and_everything_posted_once_faults_stop(
    batch, cli, shared_sandbox, live_site, tmp_path, make_env
):
    seeds = range(batch * BATCH, min(COUNT, (batch + 1) * BATCH))
    for seed in seeds:
        schedules.run_schedule(
            seed,
            cli=cli,
            sandbox=shared_sandbox,
            live_site=live_site,
            workdir=tmp_path / f"s{seed}",
            make_env=make_env,
        )


def test_schedules_cover_every_fault_mode_and_both_crash_points():
    modes, points, kills = set(), set(), 0
    for seed in range(COUNT):
        schedule = schedules.make_schedule(seed)
        modes |= {fault["mode"] for fault in schedule["faults"]}
        if schedule["crash"]:
            points.add(schedule["crash"].split(":")[0])
        kills += schedule["kill_after"] is not None
    assert modes == set(schedules.MODES)
    assert points == set(schedules.CRASH_POINTS)
    assert kills >= 10
