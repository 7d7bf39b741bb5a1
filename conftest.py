import pytest

from buurtwerk.core.testing import Personas, make_personas


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()
