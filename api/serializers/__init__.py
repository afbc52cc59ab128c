"""Serializers of the public endpoints (``public``) and of the token-only ones (``committee``)."""
