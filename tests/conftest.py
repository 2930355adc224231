"""Test configuration: the Hypothesis profile."""

from hypothesis import HealthCheck, settings

# Building a calendar takes tens of milliseconds the first time; on a loaded 2-core CI
# machine a wall-clock deadline per example would only make the suite flaky.
settings.register_profile(
    "qualepref",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("qualepref")
