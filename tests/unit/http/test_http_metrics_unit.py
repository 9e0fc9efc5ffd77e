"""The latency histogram: Prometheus's cumulative ``le`` buckets, a bound itself counted in its bucket."""

from __future__ import annotations

from nexus_http.metrics import Metrics


def _buckets(text: str) -> dict[str, int]:
    found = {}
    for line in text.splitlines():
        if line.startswith("nexus_http_request_duration_seconds_bucket"):
            le = line.split('le="')[1].split('"')[0]
            found[le] = int(line.rsplit(" ", 1)[1])
    return found


def test_durations_land_in_cumulative_buckets_and_a_bound_counts_in_its_own():
    metrics = Metrics()
    for seconds in (0.005, 0.0051, 0.3, 20.0):
        metrics.observe("GET", "/pos/health", 200, seconds)
    text = metrics.render()
    buckets = _buckets(text)
    assert buckets["0.005"] == 1
    assert buckets["0.01"] == 2
    assert buckets["0.25"] == 2
    assert buckets["0.5"] == 3
    assert buckets["10.0"] == 3
    assert buckets["+Inf"] == 4
    assert 'nexus_http_requests_total{method="GET",route="/pos/health",status="200"} 4' in text
    assert 'nexus_http_request_duration_seconds_count{method="GET",route="/pos/health",status="200"} 4' in text
