"""Print the Tajik coverage of each catalogue at the end of a run."""

import pytest

from tests.i18n.catalogues import COVERAGE_COUNTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not COVERAGE_COUNTS:
        return
    terminalreporter.section("Tajik catalogue coverage")
    width = max(len(label) for label in COVERAGE_COUNTS)
    translated_sum = total_sum = 0
    for label, (translated, total) in sorted(COVERAGE_COUNTS.items()):
        translated_sum += translated
        total_sum += total
        share = translated / total if total else 1.0
        terminalreporter.write_line(
            f"{label:<{width}}  {translated:>5} / {total:<5} {share:7.1%}"
        )
    share = translated_sum / total_sum if total_sum else 1.0
    terminalreporter.write_line(
        f"{'all':<{width}}  {translated_sum:>5} / {total_sum:<5} {share:7.1%}"
    )
