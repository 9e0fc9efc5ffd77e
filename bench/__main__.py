"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

from bench import auth_me

BENCHMARKS = [("auth/me vs health (real uvicorn)", auth_me.run)]

if __name__ == "__main__":
    for title, run in BENCHMARKS:
        print(f"== {title}")
        run()
