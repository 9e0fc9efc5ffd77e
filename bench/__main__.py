"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

from bench import auth_me, ledger_reports

BENCHMARKS = [
    ("auth/me vs health (real uvicorn)", auth_me.run),
    ("ledger reports over 1,000,000 journal lines", ledger_reports.run),
]

if __name__ == "__main__":
    for title, run in BENCHMARKS:
        print(f"== {title}")
        run()
