# Notifications (in the app and by e-mail). Variables: $number (T-0000123), $subject, $priority,
# $due (date and time in the reader's zone), $link, $body (a message's text), $close_at,
# $level (75 or 90), $client, $who.
priority-low = Low
priority-medium = Medium
priority-high = High
priority-urgent = Urgent

notice-ticket-received-title = We received your ticket: {$subject}
notice-ticket-received-body =
    We received your request and it is in our support queue.

    Number: {$number}
    Priority: {$priority}
    Resolution time under your plan: {$due}

    Follow it and reply at {$link}
notice-public-reply-title = Reply: {$subject}
notice-public-reply-body =
    {$who} replied:

    {$body}

    You can answer this e-mail or reply at {$link}
notice-waiting-on-you-title = We are waiting for your reply: {$subject}
notice-waiting-on-you-body =
    We need your reply to go on. Meanwhile the resolution clock is paused.

    {$body}

    You can answer this e-mail or reply at {$link}
notice-resolved-title = Resolved: {$subject}
notice-resolved-body =
    We have resolved your ticket. If the problem persists you can reopen it; if you are satisfied you can confirm it.
    Without an answer it closes by itself on {$close_at}.

    Confirm or reopen: {$link}
notice-closed-title = Closed: {$subject}
notice-closed-body =
    Your ticket is closed. If you need anything else, open a new ticket at {$link}
notice-assigned-title = Assigned to you: {$subject}
notice-assigned-body =
    Client: {$client}. Priority: {$priority}. Due: {$due}.

    {$link}
notice-client-replied-title = The client replied: {$subject}
notice-client-replied-body =
    {$who} wrote:

    {$body}

    {$link}
notice-sla-warning-title = Reached {$level} % of its target: {$subject}
notice-sla-warning-body =
    {$subject} ({$client}, {$priority} priority) is due on {$due}.

    {$link}
notice-sla-breach-title = Target missed: {$subject}
notice-sla-breach-body =
    Ticket {$number} of {$client} ({$priority} priority) missed its resolution target on {$due} and is escalated.

    {$link}
notice-quote-approved-title = The client approved the quote: {$subject}
notice-quote-approved-body =
    {$who} ({$client}) approved the quote on ticket {$number}. The work may start.

    {$body}

    {$link}
notice-quote-rejected-title = The client declined the quote: {$subject}
notice-quote-rejected-body =
    {$who} ({$client}) declined the quote on ticket {$number}. The ticket is back with you: offer another quote, the hours bank, or close it.

    {$body}

    {$link}
report-mail-title = Service report for {$month}: {$client}
report-mail-body =
    Attached is the monthly service report of {$client} for {$month}.

    Resolution times met: {$percent} ({$met} in time, {$breached} late).
    Tickets opened in the month: {$opened}; resolved: {$resolved}.

    The full report, with the detail per priority, each campus's availability, the backups and the hours, is in the PDF and in the portal:
mail-footer =
    --
    Atiende help desk. Choose which notices you get by e-mail on the Preferences page.
auto-reply-admins-only =
    Thank you for writing. This help desk serves the campus administrators of each institution: your message does not open a ticket. If you are a student or a teacher, please ask your campus administration, who can write to us on your behalf. An agent will still look at your message.
auto-reply-too-large =
    Your message is over the largest size we accept and was not processed. Please send it again without the largest attachments, or upload them through the portal. An agent will see the notice anyway.
