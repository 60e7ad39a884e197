# The quote e-mail (service::quotes::mail). Variables: $number (T-0000123), $subject, $quote
# (#12), $description, $hours, $amount (with its currency), $valid_until (the client's calendar
# date), $client_zone, $expires (that instant in the reader's zone), $link (the portal ticket).
quote-mail-title = Quote for your approval: {$subject}
quote-mail-body =
    We are sending you a quote ({$quote}) for work your subscription does not include.

    Work: {$description}
    Estimated hours: {$hours}
    Amount: {$amount}
    Valid until: {$valid_until} inclusive ({$client_zone}; it expires {$expires})

    The work starts only after you approve it. While you decide, the ticket's resolution time is paused.

    Approve or reject: {$link}
