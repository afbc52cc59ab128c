"""Forms by concern: ``start`` (a new draft), ``proposal`` (the proposal form, the organizers'
filters), and one module per feature."""

from .people import CoAuthorForm, SpeakerBioForm
from .proposal import InviteSpeakerForm, SubmissionFilterForm, SubmissionForm
from .resources import ResourceForm
from .start import StartSubmissionForm

__all__ = [
    "CoAuthorForm",
    "InviteSpeakerForm",
    "ResourceForm",
    "SpeakerBioForm",
    "StartSubmissionForm",
    "SubmissionFilterForm",
    "SubmissionForm",
]
