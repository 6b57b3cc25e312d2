"""Domain errors; the views turn each into an HTTP status and one JSON shape."""


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(DomainError):
    status = 422
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class NotSignedIn(DomainError):
    status = 401
    code = "unauthenticated"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"

    def __init__(self, message, fields=None, current=None):
        super().__init__(message, fields)
        self.current = current


class Locked(Conflict):
    code = "locked"


class TryLater(DomainError):
    """Refused for now: the same request may succeed after retry_after seconds (Retry-After)."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(TryLater):
    status = 429
    code = "rate_limited"


class Unavailable(TryLater):
    """This server cannot do it now (a capacity, not the request, is the cause)."""

    status = 503
    code = "unavailable"


class SetupNeeded(Conflict):
    code = "setup_needed"
