"""Pure drawing and statistics for the dashboards: no Django, tested without a database.

Charts are SVG strings built from presentation attributes only (no style attributes, no
script), so a strict Content-Security-Policy allows them and they print as they show.
"""
