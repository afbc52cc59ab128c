"""An organizer adds custom questions to the proposal form, reorders, edits and deletes them."""

import pytest
from playwright.sync_api import expect

from submissions.models import Answer, Question
from tests.e2e.browser import sign_in
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEVEL = "Which Python level?"
CONFIRMATION = (
    "The author(s) agree(s) to take responsibility and be accountable for the contents of the "
    "submission and is/are authorized to present it."
)


def _add_question(page, text, kind, options=""):
    page.get_by_role("textbox", name="Question", exact=True).fill(text)
    page.get_by_label("Kind").select_option(label=kind)
    if options:
        page.get_by_label("Options").fill(options)
    page.get_by_label("Required to submit").check()


def test_organizer_configures_the_proposal_questions(live_server, page, artifacts_dir):
    event = EventFactory(name="SciPy 2027", slug="scipy-2027")
    tutorials = TrackFactory(event=event, name="Tutorials")
    TrackFactory(event=event, name="Talks")
    SessionTypeFactory(event=event, name="Tutorial")
    organizer = MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER, user=UserFactory(name="Olivia Organizer")
    ).user
    sign_in(page, live_server, organizer.email)
    page.goto(live_server.url + "/scipy-2027/manage/questions/")
    expect(page.get_by_text("No questions yet")).to_be_visible()
    expect(page.get_by_label("Options")).to_be_hidden()

    _add_question(page, LEVEL, "Choice of options", "Beginner")
    page.get_by_role("group", name="Tracks").get_by_label("Tutorials").check()
    page.get_by_role("button", name="Add question").click()
    expect(page.locator("#id_options-errors")).to_have_text(
        "A choice question needs at least two options."
    )
    expect(page.get_by_role("textbox", name="Question", exact=True)).to_have_value(LEVEL)
    page.screenshot(path=artifacts_dir / "questions-add-error.png", full_page=True)
    page.get_by_label("Options").fill("Beginner\nIntermediate\nAdvanced")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text(f"“{LEVEL}” is added.")).to_be_visible()

    _add_question(page, CONFIRMATION, "Yes/no checkbox")
    expect(page.get_by_label("Options")).to_be_hidden()
    page.get_by_role("button", name="Add question").click()
    questions = page.locator("li.question")
    expect(questions).to_have_count(2)
    expect(questions.nth(0)).to_contain_text("Tutorials · All session types")
    expect(questions.nth(1)).to_contain_text("All tracks · All session types")

    page.get_by_role("button", name=f"Move “{CONFIRMATION}” up").click()
    expect(questions.nth(0)).to_contain_text(CONFIRMATION)
    expect(questions.nth(1)).to_contain_text(LEVEL)
    expect(page.get_by_role("button", name=f"Move “{LEVEL}” down")).to_be_disabled()
    page.screenshot(path=artifacts_dir / "questions-list.png", full_page=True)

    level = Question.objects.get(text=LEVEL)
    Answer.objects.create(
        submission=SubmissionFactory(event=event, track=tutorials), question=level, value="Beginner"
    )
    page.get_by_role("link", name=f"Edit “{LEVEL}”").click()
    expect(page.get_by_text("Chosen so far, so they stay: Beginner (1 answer).")).to_be_visible()
    page.get_by_label("Options").fill("Intermediate\nAdvanced\nExpert")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator("#id_options-errors")).to_contain_text("Proposals chose “Beginner”")
    page.screenshot(path=artifacts_dir / "questions-edit-error.png", full_page=True)
    page.get_by_label("Options").fill("Beginner\nIntermediate\nAdvanced\nExpert")
    page.get_by_label("Help text").fill("We group tutorials by level in the program.")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text(f"“{LEVEL}” is saved.")).to_be_visible()
    expect(questions.nth(1)).to_contain_text("Beginner · Intermediate · Advanced · Expert")
    expect(questions.nth(1)).to_contain_text("1 answer")

    page.get_by_role("link", name=f"Edit “{LEVEL}”").click()
    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_text("1 answer will be lost.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "questions-delete.png", full_page=True)
    page.get_by_role("button", name="Delete the question and 1 answer").click()

    expect(page.get_by_text(f"“{LEVEL}” is deleted.")).to_be_visible()
    expect(questions).to_have_count(1)
    assert list(Question.objects.values_list("text", "kind", "required")) == [
        (CONFIRMATION, "boolean", True)
    ]
    assert not Answer.objects.exists()
