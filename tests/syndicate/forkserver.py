"""Runs the real `syndicate` CLI in forked child processes, fast.

The fault-injection suite runs the CLI hundreds of times. Starting a fresh
interpreter and importing tweepy and googleapiclient each time would take most
of the suite's budget, so this process imports them once and forks a child per
run: the child is a separate process with its own argv, environment, working
directory and output file, runs ``syndicate.cli.main`` and exits with its code,
exactly like the console script. The parent can SIGKILL the child after a
delay (a crash at a random moment). One JSON request per stdin line; one JSON
answer per stdout line. This process starts no threads, so forking is safe.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import syndicate.adapters.facebook
import syndicate.adapters.instagram
import syndicate.adapters.x
import syndicate.adapters.youtube
import syndicate.followups  # noqa: F401
from syndicate import cli


def run_child(request: dict) -> None:
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    fd = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    code = 1
    try:
        code = cli.main(request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 (report like the interpreter would)
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(request)
        kill_after = request.get("kill_after")
        killed = False
        if kill_after is not None:
            deadline = time.monotonic() + kill_after
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() >= deadline:
                    os.kill(pid, signal.SIGKILL)
                    killed = True
                    _, status = os.waitpid(pid, 0)
                    break
                time.sleep(0.002)
        else:
            _, status = os.waitpid(pid, 0)
        answer = {"rc": os.waitstatus_to_exitcode(status), "killed": killed}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
