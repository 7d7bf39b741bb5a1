"""Property tests for reading import files: whatever comes in, the reader answers in Dutch."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buurtwerk.matching.engine import CATEGORIES, SLOTS
from buurtwerk.matching.importer import Document, ImportProblem, validate
from buurtwerk.matching.importer.reading import convert_cell, read_csv_files, read_upload
from buurtwerk.matching.tests.import_samples import sample_document, to_csv_files, to_xlsx

refs = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12)
words = (
    st.text(string.ascii_letters + "éëï '-", min_size=1, max_size=30).map(str.strip).filter(bool)
)
slots = st.lists(st.sampled_from(SLOTS), min_size=1, max_size=6, unique=True)
coordinates = st.floats(min_value=50.0, max_value=54.0, allow_nan=False).map(lambda x: round(x, 6))


@st.composite
def documents(draw) -> dict:
    resident_refs = draw(st.lists(refs, min_size=1, max_size=5, unique=True))
    residents = []
    for ref in resident_refs:
        resident = {"ref": ref, "name": draw(words), "neighbourhood": "espelerhof"}
        if draw(st.booleans()):
            resident["lat"] = draw(coordinates)
            resident["lon"] = draw(coordinates)
        languages = draw(
            st.lists(st.sampled_from(["nl", "tr", "ar", "pl"]), max_size=3, unique=True)
        )
        if languages:  # an empty cell means "not given", not "no languages"
            resident["languages"] = languages
        resident["consent"] = draw(st.booleans())
        resident["certificate_of_conduct"] = draw(
            st.one_of(st.booleans(), st.dates().map(lambda d: d.isoformat()))
        )
        residents.append(resident)
    offers = [
        {
            "ref": f"o-{index}",
            "resident": draw(st.sampled_from(resident_refs)),
            "category": draw(st.sampled_from(CATEGORIES)),
            "description": draw(words),
            "availability": draw(slots),
            "per_week": draw(st.integers(0, 7)),
            "max_distance_km": draw(st.floats(0, 25, allow_nan=False).map(lambda x: round(x, 3))),
        }
        for index in range(draw(st.integers(0, 4)))
    ]
    needs = [
        {
            "ref": f"n-{index}",
            "resident": draw(st.sampled_from(resident_refs)),
            "category": draw(st.sampled_from(CATEGORIES)),
            "description": draw(words),
            "availability": draw(slots),
            "urgency": draw(st.integers(1, 3)),
            "recurring": draw(st.booleans()),
        }
        for index in range(draw(st.integers(0, 4)))
    ]
    return {
        "format": "buurtwerk-import/1",
        "neighbourhoods": [{"code": "espelerhof", "name": "Espelerhof", "district": "Emmerveld"}],
        "residents": residents,
        "offers": offers,
        "needs": needs,
    }


@given(documents())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_csv_files_read_back_as_the_document_they_were_written_from(document):
    read = read_csv_files(to_csv_files(document))
    assert read.data == document
    assert validate(read) == []


@given(documents())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_xlsx_workbooks_read_back_as_the_document_they_were_written_from(document):
    assert read_upload("import.xlsx", to_xlsx(document)).data == document


cells = st.one_of(st.text(max_size=20), st.sampled_from(["", " ", "ja", "3,5", "1e400", "nan"]))
rows = st.lists(
    st.dictionaries(
        st.sampled_from(["ref", "name", "neighbourhood", "lat", "lon", "consent", "languages"]),
        cells,
    ),
    max_size=5,
)


@given(rows)
@settings(max_examples=200, deadline=None)
def test_any_spreadsheet_content_gives_a_document_or_dutch_problems(table_rows):
    document = to_csv_files({"residents": table_rows or [{"ref": ""}]})
    try:
        read = read_csv_files(document)
    except ImportProblem as problem:
        assert str(problem)
        return
    for problem in validate(read):
        assert isinstance(problem, ImportProblem)
        assert problem.table in (None, "residents")
        assert str(problem)


@given(st.binary(max_size=200), st.sampled_from(["a.json", "a.zip", "a.xlsx", "a.csv", "a.txt"]))
@settings(max_examples=200, deadline=None)
def test_any_uploaded_bytes_give_a_document_or_a_dutch_problem(content, name):
    try:
        read = read_upload(name, content)
    except ImportProblem as problem:
        assert str(problem)
    else:
        assert isinstance(read, Document)
        assert all(isinstance(problem, ImportProblem) for problem in validate(read))


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_numbers_written_with_a_dutch_comma_are_read_as_numbers(number):
    text = repr(float(number)).replace(".", ",")
    if "e" not in text:
        assert convert_cell("number", text) == float(number)


@given(st.sampled_from(["ja", "JA", "true", "1", "x", "nee", "False", "0"]))
def test_yes_and_no_words_become_booleans(word):
    assert isinstance(convert_cell("boolean", word), bool)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.floats(-200, 200) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=4,
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["residents", "offers", "needs", "relations", "neighbourhoods"]),
    st.sampled_from(
        [
            "ref",
            "name",
            "lat",
            "lon",
            "consent",
            "availability",
            "per_week",
            "urgency",
            "category",
            "kind",
            "code",
            "languages",
            "certificate_of_conduct",
            "birth_year",
            "extra",
        ]
    ),
    json_values,
)
def test_the_quick_schema_check_agrees_with_the_one_that_explains(table, field, value):
    from buurtwerk.matching.importer.validation import _quick_validator, _validator

    document = sample_document()
    document[table][0][field] = value
    explained = list(_validator().iter_errors(document))
    assert _quick_validator().is_valid(document) == (not explained)
