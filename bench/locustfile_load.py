"""Locust users for bench/bench_load.py (not a benchmark on its own; bench_load starts locust).

Configured through the environment by bench_load.py:
- BENCH_TARGETS: JSON list of {"name": ..., "paths": [...], "anonymous": bool}; each user picks
  a target at random and one of its paths (a resident id, a page number, a search word), and
  sends the session cookie unless the target is anonymous.
- BENCH_SESSION_COOKIE: "name=value" of a logged-in session created by bench_load.py.
- BENCH_THINK: "0" for back-to-back requests, or "low,high" seconds between requests.
- BENCH_SAMPLES: file to write every request (target, start, duration, error) to as JSON.
"""

from __future__ import annotations

import json
import os
import random
import time

from locust import FastHttpUser, between, constant, events, task

TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "[]"))
COOKIE_NAME, _, COOKIE_VALUE = os.environ.get("BENCH_SESSION_COOKIE", "").partition("=")
THINK = os.environ.get("BENCH_THINK", "0")
SAMPLES: list[tuple[str, float, float, bool]] = []


@events.request.add_listener
def remember_request(
    request_type, name, response_time, response_length, exception, **kwargs
) -> None:
    SAMPLES.append((name, time.time() - response_time / 1000.0, response_time, exception is None))


@events.quitting.add_listener
def write_samples(environment, **kwargs) -> None:
    with open(os.environ["BENCH_SAMPLES"], "w", encoding="utf-8") as handle:
        json.dump(SAMPLES, handle)


def _wait_time():  # type: ignore[no-untyped-def]
    if THINK == "0":
        return constant(0)
    low, high = (float(part) for part in THINK.split(","))
    return between(low, high)


class Professional(FastHttpUser):
    """A logged-in professional clicking through the pages under test."""

    wait_time = _wait_time()

    @task
    def open_a_page(self) -> None:
        target = random.choice(TARGETS)
        path = random.choice(target["paths"])
        signed_in = COOKIE_NAME and not target.get("anonymous")
        headers = {"Cookie": f"{COOKIE_NAME}={COOKIE_VALUE}"} if signed_in else {}
        with self.client.get(
            path, name=target["name"], headers=headers, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif response.url and "/inloggen/" in response.url:
                response.failure("redirected to the login page")
