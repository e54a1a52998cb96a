"""Refusals a user reads: a service raises one with a Vietnamese `message`; the view shows it
(PermissionDenied as a 403) and nothing is saved. Shared by the import engine and the registers."""


class UserError(Exception):
    """A refusal the user reads (Vietnamese `message`): the page shows it, nothing is saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionDenied(UserError):
    pass


class InvalidFile(UserError):
    """The file cannot be read as the chosen kind (not .xlsx, missing columns, empty, too big)."""


class InvalidState(UserError):
    pass
