"""Community pages, one module per part of the work; urls.py maps them."""
