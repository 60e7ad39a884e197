# Client portal (campus administrators)
portal-list-title = My tickets
portal-list-caption = Your organisation's tickets, most urgent first
portal-list-empty = No open tickets. Whenever you need help, open a new one.
portal-new-ticket = Open a ticket
portal-next-page = More tickets
portal-col-number = Number
portal-col-subject = Subject
portal-col-status = Status
portal-col-priority = Priority
portal-col-category = Request type
portal-col-sla = Time left
portal-col-due = Due
portal-col-created = Created
portal-new-title = New ticket
portal-form-has-errors = Please check these and send again:
portal-field-campus-id = Campus
portal-field-priority = Priority
portal-field-category = Request type
portal-field-subject = Subject
portal-field-body = Description
portal-field-files = Attachments
portal-field-file = File
portal-field-filename = File name
portal-no-campus = No particular campus (whole contract)
portal-priority-hint = Choose the level that best describes the problem; each has its resolution time.
portal-resolution-time = Resolution time
portal-body-hint = Tell us what happens, since when, and how to reproduce it if you can.
portal-files-hint = You may attach several files of up to { $mib } MiB each.
portal-submit-ticket = Send ticket
portal-target-weeks = { $n ->
    [one] 1 week
   *[other] { $n } weeks
}
portal-target-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
portal-target-minutes = { $n } minutes
portal-target-business-hours = { $n ->
    [one] 1 business hour
   *[other] { $n } business hours
}
portal-target-business-minutes = { $n } business minutes
portal-err-required = is required.
portal-err-too-long = is too long
portal-err-too-large = is too large.
portal-err-invalid = is not valid
portal-err-not-multipart = The form did not arrive complete. Reload the page and try again.
portal-err-file-too-large = The file “{ $name }” exceeds the maximum size and was not attached; please choose the files again
portal-err-file-empty = The file “{ $name }” is empty and was not attached; please choose the files again.
portal-err-empty-reply = Write a reply or attach a file.
portal-back-to-list = My tickets
portal-thread = Conversation
portal-author-support = Help desk
portal-reply-title = Reply
portal-reply-body = Your reply
portal-send-reply = Send reply
portal-closed-note = This ticket is closed. If you need anything else, open a new ticket.
portal-decide-title = Is it solved?
portal-decide-until = You can confirm the solution or reopen the ticket until { $until }; after that it closes by itself.
portal-confirm = Confirm solution
portal-reopen = Reopen ticket
portal-details = Ticket details
portal-requested = requested: { $priority }
portal-attachments = Attachments
portal-no-attachments = No attachments.
