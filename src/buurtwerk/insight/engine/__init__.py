"""Pure statistics and parsing for the dashboards: no Django, tested without a database."""
