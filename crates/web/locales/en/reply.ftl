portal-send-reopen = Send and reopen
portal-send-only = Send
portal-reopen-reason = What still does not work?
