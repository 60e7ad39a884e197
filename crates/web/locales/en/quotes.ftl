# Quotes on tickets (ui::quotes, console and portal blocks). Field labels (quote-field-*) and
# reasons (quote-err-*) are looked up here before the shared tables of errors.ftl.

quote-title = Quotes
quote-none = This ticket has no quotes.
quote-new = Send a quote
quote-form-help = The ticket moves to "Waiting on client" (its resolution time is paused) and the client's administrators get the quote by e-mail, to approve or reject it in the portal.
quote-replaces-pending = The pending quote will be replaced (withdrawn).
quote-send = Send quote
quote-withdraw = Withdraw
quote-included-note = This ticket's work is included in the subscription: to quote it, change its scope to "Out of scope" (or "Administration hours").
quote-client-reason = Client's reason
quote-amount-help = Amount without thousands separators, with a decimal point or comma (e.g. 150000.00).
quote-valid-help = The last day the client may accept it; it expires when that day ends in the client's time zone.
quote-valid-until = Valid until { $date }
quote-valid-until-short = valid until { $date }
quote-sent-on = Sent { $at }
quote-decided-approved = Approved { $at }
quote-decided-rejected = Rejected { $at }
quote-decided-expired = Expired { $at }
quote-decided-withdrawn = Withdrawn { $at }
quote-replaced-by = replaced by #{ $id }
quote-replaces = replaces #{ $id }
quote-approved-banner = Quote #{ $id } approved by { $who } on { $at }: the work may start.

quote-state-pending = Pending
quote-state-approved = Approved
quote-state-rejected = Rejected
quote-state-expired = Expired
quote-state-withdrawn = Withdrawn

quote-field-description = Work
quote-field-hours = Estimated hours
quote-field-amount-minor = Amount
quote-field-currency = Currency
quote-field-valid-until = Valid until
quote-field-reason = Reason for rejecting

quote-err-positive = must be more than zero.
quote-err-currency = "{ $value }" is not an ISO 4217 currency code (e.g. ARS, USD, EUR).
quote-err-past = that day is already over in the client's time zone.
quote-err-too-far = may be at most { $max } days ahead.
quote-err-included = the work is included in the subscription: change the ticket's scope before quoting it.
quote-err-whole-minutes = must be an exact number of minutes (e.g. 1.5 or 0.25).
quote-err-number = must be a number (e.g. 12 or 2.5).
quote-err-amount = "{ $value }" is not a valid amount: no thousands separators (e.g. 150000.50).

state-quote-not-pending = The quote is no longer pending: it was decided, withdrawn or it expired.
state-quote-expired = The quote expired: ask support for a new one.
state-quote-staff-only = The ticket is kept for staff: publish it to the client before quoting.

event-quote-sent = Quote sent
event-quote-approved = Quote approved
event-quote-rejected = Quote rejected
event-quote-expired = Quote expired
event-quote-withdrawn = Quote withdrawn

quote-portal-title = Quote
quote-portal-pending = We sent you a quote: the work starts only after you approve it.
quote-portal-end-of-day = it expires when that day ends
quote-portal-note = While you decide, the ticket's resolution time is paused.
quote-approve = Approve quote
quote-reject = Reject quote
quote-reject-reason = Reason for rejecting
quote-optional = optional
quote-portal-past = Earlier quotes
