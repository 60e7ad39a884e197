# The monthly service report (issue 20): the same words for the HTML and the PDF.
report-title = Monthly service report
report-month-year = { $month } { $year }
report-period = From { $from } to { $to } ({ $zone } time)
report-generated = Generated on { $at }
report-partial = The month is not over yet (or confirmation windows are still open): figures may change.
report-plans = Plan: { $plans }
report-footer = { $client } · { $month } · page

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

priority-low = Low
priority-medium = Medium
priority-high = High
priority-urgent = Urgent

category-functional = Functional
category-technical = Technical
category-administrative = Administrative
category-commercial = Commercial
category-complaint = Complaint

maintenance-backup = Backup
maintenance-os_update = Operating system update
maintenance-db_update = Database update
maintenance-security_patch = Security patch
maintenance-platform_upgrade = Platform version upgrade
maintenance-maintenance_window = Maintenance window

compliance-title = SLA compliance per priority
compliance-total = Overall compliance: { $percent } ({ $met } in time out of { $counted })
compliance-total-none = No SLA outcomes this month.
compliance-rule = Compliance = met ÷ (met + breached). Tickets resolved in time that the client can still reopen are shown as pending and do not count yet.
col-priority = Priority
col-target = Resolution target
col-met = Met
col-breached = Breached
col-pending = Pending
col-compliance = Compliance
chart-compliance-title = Compliance per priority
chart-compliance-reference = 100%
chart-n = n = { $n }
no-data = No data

breaches-title = Breached tickets
col-ticket = Ticket
col-campus = Campus
col-subject = Subject
col-due = Due
col-breached-at = Breached
col-resolved = Resolved
col-late-by = Late by
still-open = Still open

pending-title = Resolved in time, awaiting confirmation
pending-intro = Resolved within target; they count as met once closed without being reopened.
col-resolved-at = Resolved
col-closes-at = Closes

tickets-title = Tickets this month
tickets-opened = Opened
tickets-resolved = Resolved
tickets-closed = Closed
tickets-open-at-end = Not closed at month end
col-category = Category
col-opened = Opened
col-resolved-count = Resolved
col-closed = Closed
chart-categories-title = Tickets opened per category

resolution-title = Resolution time against target
resolution-intro = Time measured on each ticket's own clock (pauses excluded).
col-resolved-n = Resolved
col-median = Median
col-p90 = 90th percentile
col-within = Within target

paused-title = Time waiting on the client
paused-minutes = Total time waiting
paused-tickets = Tickets that waited on the client

campuses-title = Campuses
campus-hosted = On our servers
campus-not-hosted = On the client's servers
uptime-title = Uptime
uptime-percent = Uptime this month
uptime-probes = Checks
uptime-down = Downtime
uptime-none = —
chart-uptime-title = Daily uptime of { $campus }
chart-uptime-legend-good = ≥ 99.9%
chart-uptime-legend-fair = ≥ 99%
chart-uptime-legend-bad = < 99%
chart-uptime-legend-none = no data
chart-uptime-day = Day { $day }: { $value }
outages-title = Outages
col-outage-start = Start
col-outage-end = End
col-outage-minutes = Duration
col-outage-ticket = Ticket
outage-ongoing = Ongoing
backups-title = Backups
backups-done = Days with a backup: { $done } of { $expected }
backups-missed = Days without one: { $days }
updates-title = Updates
upgrades-title = Version upgrades
col-when = Date
col-kind = Kind
col-summary = Details
upgrade-title = Version upgrade
upgrade-version = Platform version: { $version }
upgrade-eligible = May ask for the version upgrade (since { $since }).
upgrade-not-yet = May ask for the version upgrade from { $since }.

hours-title = Administration hours
hours-available = Available
hours-used = Used
hours-left = Left
hours-overage = Overage
hours-percent = Used this month
chart-hours-title = Hours used against available
chart-hours-mark = 80%

quotes-title = Quotes
quotes-sent = Sent
quotes-approved = Approved
quotes-rejected = Rejected
quotes-expired = Expired
quotes-pending = Awaiting an answer
