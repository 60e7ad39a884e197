portal-send-reopen = Send and reopen
portal-send-only = Send
portal-reopen-reason = What still does not work?
field-status-reason = Reason
err-reason-required = a reason is needed.
err-control-characters = must not contain control characters.
state-reopen-not-resolved = Only a resolved ticket can be reopened.
