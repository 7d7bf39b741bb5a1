"""`make bench`: runs every bench/bench_*.py in turn and stops at the first that fails."""

import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False)  # noqa: S603
        if result.returncode != 0:
            print(f"{script.name} failed with exit code {result.returncode}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
