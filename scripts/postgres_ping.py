"""Exit 0 when the PostgreSQL server of the given DATABASE_URL accepts connections."""

import sys

import dj_database_url
import psycopg


def main(url: str) -> int:
    config = dj_database_url.parse(url)
    try:
        # Connect to the maintenance database: the test run creates its own test database.
        with psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return 0
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: {error}".strip(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
