"""Forms by concern: ``start`` (a new draft), ``proposal`` (the proposal form, the organizers'
filters), and one module per feature."""

from .proposal import InviteSpeakerForm, SubmissionFilterForm, SubmissionForm
from .start import StartSubmissionForm

__all__ = ["InviteSpeakerForm", "StartSubmissionForm", "SubmissionFilterForm", "SubmissionForm"]
