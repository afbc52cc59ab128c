"""``Authorization: Token <secret>``: unknown, malformed or revoked tokens answer 401."""

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .tokens import active_token, mark_used

KEYWORD = "Token"


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the header as “Authorization: Token <secret>”.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed("Unknown or revoked token.") from error
        token = active_token(secret)
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Unknown or revoked token.")
        mark_used(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return KEYWORD
