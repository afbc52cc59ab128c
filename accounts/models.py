from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from .validators import normalize_orcid, validate_orcid


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        """An administrator (``createsuperuser``) whose address counts as verified: whoever runs
        the command vouches for it, and the admin's sign-in requires a verified address."""
        from allauth.account.models import EmailAddress

        extra_fields.update(is_staff=True, is_superuser=True)
        user = self._create_user(email, password, **extra_fields)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


class User(AbstractUser):
    """A person; the email address is the login name."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(
        max_length=200, blank=True, help_text="As it should appear in programs."
    )
    affiliation = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="For example 0000-0002-1825-0097.",
    )
    bio = models.TextField(blank=True, help_text="Markdown. Used as your default speaker bio.")

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["name", "email"]

    def __str__(self):
        return self.name or self.email

    def clean_fields(self, exclude=None):
        # Normalise first, so that a pasted https://orcid.org/… URL fits the 19 stored characters.
        if self.orcid:
            self.orcid = normalize_orcid(self.orcid)
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def public_name(self) -> str:
        """The name shown on public pages; never the email address."""
        return self.name or "Unnamed member"

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    @property
    def affiliation_line(self) -> str:
        return ", ".join(part for part in (self.affiliation, self.country) if part)
