"""Forms of the chairs' assignment pages: filters, assign/unassign, pins and forbids."""

from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin
from tracks.models import Track

from ..enums import ConstraintKind
from ..selectors import reviewable_submissions, reviewer_users
from ..services.assignments import assign_reviewers, set_constraint, unassign_reviewers
from ..services.runs import MAX_LOAD, MAX_REVIEWS_PER_SUBMISSION, start_assignment_run

COVERAGE_CHOICES = [("", "Any coverage"), ("under", "Needs reviewers"), ("full", "Fully covered")]


def scope_tracks(event, scope):
    tracks = event.tracks.all()
    return tracks if scope is None else tracks.filter(pk__in=scope)


class AssignmentFilterForm(TextRulesMixin, forms.Form):
    """Filters of the assignment list; every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Title or reviewer"}),
    )
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(), required=False, empty_label="All my tracks"
    )
    coverage = forms.ChoiceField(choices=COVERAGE_CHOICES, required=False)

    def __init__(self, *args, event, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = scope_tracks(event, scope)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"query": "", "track": None, "coverage": ""}
        data = self.cleaned_data
        return {"query": data["q"].strip(), "track": data["track"], "coverage": data["coverage"]}


class AssignForm(TextRulesMixin, forms.Form):
    """Assign or unassign some reviewers to or from some proposals, all at once."""

    action = forms.ChoiceField(choices=[("assign", "Assign"), ("unassign", "Unassign")])
    submissions = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Proposals",
        error_messages={"required": "Tick at least one proposal."},
    )
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Reviewers",
        error_messages={"required": "Choose at least one reviewer."},
    )

    def __init__(self, *args, event, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = reviewable_submissions(event, scope)
        self.fields["reviewers"].queryset = reviewer_users(event)

    def save(self, *, by) -> str:
        """Run the change and describe it; a refused change becomes a form error."""
        data = self.cleaned_data
        submissions, reviewers = list(data["submissions"]), list(data["reviewers"])
        try:
            if data["action"] == "assign":
                count = len(assign_reviewers(submissions=submissions, reviewers=reviewers, by=by))
                return f"{count} assignment{'s' if count != 1 else ''} added."
            count = unassign_reviewers(submissions=submissions, reviewers=reviewers, by=by)
            return f"{count} assignment{'s' if count != 1 else ''} removed."
        except ValidationError as error:
            self.add_error(None, error)
            raise


class ConstraintForm(TextRulesMixin, forms.Form):
    """Pin or forbid one pair for the next automatic runs, or clear what was set."""

    submission = forms.ModelChoiceField(queryset=None, label="Proposal")
    user = forms.ModelChoiceField(
        queryset=None, label="Reviewer", error_messages={"required": "Choose a reviewer."}
    )
    kind = forms.ChoiceField(choices=[*ConstraintKind.choices, ("clear", "Clear")])

    def __init__(self, *args, event, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = reviewable_submissions(event, scope)
        self.fields["user"].queryset = reviewer_users(event)

    def save(self, *, by) -> str:
        data = self.cleaned_data
        kind = None if data["kind"] == "clear" else data["kind"]
        try:
            set_constraint(submission=data["submission"], user=data["user"], kind=kind, by=by)
        except ValidationError as error:
            self.add_error("user", error)
            raise
        name, title = data["user"].get_full_name(), data["submission"].title
        if kind == ConstraintKind.PIN:
            return f"{name} is pinned to “{title}”: every new run assigns them."
        if kind == ConstraintKind.FORBID:
            return f"{name} is forbidden for “{title}”: no new run assigns them."
        return f"The pin or forbid of {name} on “{title}” is removed."


WEIGHT_HELP = {
    "bid": "How much reviewers' bids count: an eager bid pulls a reviewer in, “not willing” "
    "pushes them away.",
    "affinity": "How much the match between a reviewer's expertise and keywords and the "
    "proposal's text counts.",
    "load": "How strongly reviews are spread evenly: higher values give every reviewer a "
    "similar number of proposals, at the cost of weaker matches.",
}
PARAM_FIELDS = {"weights": "weight_bid", "track_ids": "tracks", "tracks": "tracks"}


class RunParamsForm(TextRulesMixin, forms.Form):
    """What an automatic assignment run should achieve, and where."""

    tracks = forms.ModelMultipleChoiceField(
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every track you manage.",
    )
    reviews_per_submission = forms.IntegerField(
        label="Reviews per proposal", min_value=1, max_value=MAX_REVIEWS_PER_SUBMISSION, initial=3
    )
    min_load = forms.IntegerField(
        label="Minimum load",
        min_value=0,
        max_value=MAX_LOAD,
        initial=0,
        help_text="Each reviewer gets at least this many proposals when possible.",
    )
    max_load = forms.IntegerField(label="Maximum load", min_value=1, max_value=MAX_LOAD)
    weight_bid = forms.FloatField(
        label="Bid weight", min_value=0, max_value=10, initial=1.0, help_text=WEIGHT_HELP["bid"]
    )
    weight_affinity = forms.FloatField(
        label="Expertise weight",
        min_value=0,
        max_value=10,
        initial=1.0,
        help_text=WEIGHT_HELP["affinity"],
    )
    weight_load = forms.FloatField(
        label="Balance weight",
        min_value=0,
        max_value=10,
        initial=1.0,
        help_text=WEIGHT_HELP["load"],
    )
    keep_current = forms.BooleanField(
        label="Keep the current assignments",
        required=False,
        initial=True,
        help_text="Reviewers already assigned stay and count towards each proposal's reviews; "
        "untick to let the run propose removing them.",
    )

    def __init__(self, *args, event, scope, suggestion: tuple[int, int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.scope = event, scope
        self.fields["tracks"].queryset = scope_tracks(event, scope)
        suggested, demand, reviewers = suggestion
        self.fields["max_load"].initial = suggested
        self.fields["max_load"].help_text = (
            f"Suggested: {suggested} ({demand} reviews wanted over {reviewers} reviewers, "
            "rounded up). A reviewer's own limit, if lower, wins."
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_load"), data.get("max_load")
        if low is not None and high is not None and low > high:
            self.add_error("min_load", "The minimum load can't exceed the maximum load.")
        return data

    def track_ids(self) -> list[int] | None:
        chosen = [track.pk for track in self.cleaned_data["tracks"]]
        if chosen:
            return chosen
        return None if self.scope is None else sorted(self.scope)

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "reviews_per_submission": data["reviews_per_submission"],
            "min_load": data["min_load"],
            "max_load": data["max_load"],
            "weights": {
                "bid": data["weight_bid"],
                "affinity": data["weight_affinity"],
                "load": data["weight_load"],
            },
            "keep_current": data["keep_current"],
        }

    def start(self, *, by):
        """Queue the run; the solver's refusals land on the field they are about."""
        try:
            return start_assignment_run(
                event=self.event, by=by, track_ids=self.track_ids(), params=self.params()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, errors in error.error_dict.items():
                    name = PARAM_FIELDS.get(key, key)
                    self.add_error(name if name in self.fields else None, errors)
            else:
                self.add_error(None, error)
            raise
