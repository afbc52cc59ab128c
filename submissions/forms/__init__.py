"""Forms by concern; ``proposal`` holds the author's proposal forms and the organizers' filters."""

from .proposal import InviteSpeakerForm, StartSubmissionForm, SubmissionFilterForm, SubmissionForm

__all__ = ["InviteSpeakerForm", "StartSubmissionForm", "SubmissionFilterForm", "SubmissionForm"]
