from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print how hard the API was attacked, so the figures appear in every test run."""
    from .test_schemathesis import REQUESTS_SENT

    if REQUESTS_SENT:
        terminalreporter.write_line(
            f"schemathesis: {len(REQUESTS_SENT)} API operations, "
            f"{sum(REQUESTS_SENT.values())} generated requests"
        )
