# Sign-in, input checks and user deactivation.
login-email-invalid = The e-mail address contains characters that are not allowed.
error-bad-character = The field “{ $field }” contains a character that is not allowed (for example a null character).
admin-user-status = Status
admin-user-active = Active
admin-user-inactive = Deactivated
admin-user-deactivate = Deactivate
admin-user-reactivate = Reactivate
admin-user-in-history = This user appears in tickets, messages, time entries, quotes, history or saved replies and cannot be deleted. Deactivate them instead: they can no longer sign in and their name stays in the history.
admin-user-not-self = You cannot deactivate or delete yourself.
