"""Import files (JSON, CSV, XLSX) in the `buurtwerk-import/1` format: reading and validation.

Pure Python: the database side is `buurtwerk.matching.importing`.
"""

from .reading import FORMAT, TABLES, Document, ImportFailed, ImportProblem, read_path, read_upload
from .validation import validate

__all__ = [
    "FORMAT",
    "TABLES",
    "Document",
    "ImportFailed",
    "ImportProblem",
    "read_path",
    "read_upload",
    "validate",
]
