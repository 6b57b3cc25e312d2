"""What the "Checked before" tests share: a claim checked last month, the same claim this week in
other words, an unrelated one, and a matching index that starts cold for every test."""
import pytest

from annotator import worker
from annotator.services import matching_index

EARLIER = "Wind and solar now produce more electricity than coal."
PARAPHRASE = "Renewables such as wind and solar have overtaken coal in power generation, the minister said."
UNRELATED = "The new stadium will be paid for without any public money."


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test builds the index from its own database (the cache is per process)."""
    matching_index.forget_cache()
    yield
    matching_index.forget_cache()


@pytest.fixture
def worker_in_step(app):
    """The app's real huey in immediate mode: a task enqueued after a commit runs there and then,
    through huey's own execute path, the way a consumer runs it."""
    huey = worker.get_huey(app)
    huey.immediate = True
    yield huey
    huey.immediate = False
