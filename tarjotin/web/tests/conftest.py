import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def finnish_by_default():
    """Each test starts in Finnish: a request in another language must not leak into the next."""
    translation.activate("fi")
    yield
    translation.activate("fi")
