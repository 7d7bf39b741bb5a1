"""The one place charts are drawn: pure SVG and number formatting, without Django.

Charts are SVG strings built from presentation attributes only (no style attributes, no
script), so a strict Content-Security-Policy allows them and they print as they show.
"""
