# Admin screens: holidays, target units, warnings, delete confirmation and what still uses an object.
admin2-holiday-yearly = { $date }, every year
admin2-required-note = Fields marked with * are required.
admin2-field-target = target
admin2-field-unit = unit
admin2-unit-hours = hours
admin2-unit-days = days
admin2-unit-weeks = weeks
admin2-amount-hours = { $n } h
admin2-amount-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
admin2-amount-weeks = { $n ->
    [one] 1 week
   *[other] { $n } weeks
}
admin2-hint-targets = Resolution target: a number (decimals allowed) and its unit, and the clock it counts on: 24×7 or the calendar's business hours. A day is 24 h and a week 168 h of that clock; business-hours targets read best in hours (e.g. 5 business days of 9 h = 45 hours).
admin2-err-amount = Enter an amount above zero (at most 366 days).
admin2-warn-order = Note: { $lower } priority ({ $lower_target }) is due sooner than { $higher } ({ $higher_target }). It was saved anyway; check that this is what you meant.
admin2-delete-question = Delete { $what } “{ $name }”?
admin2-delete-warning = This cannot be undone.
admin2-delete-confirm = Yes, delete
admin2-delete-cancel = Cancel
admin2-kind-client = the client
admin2-kind-campus = the campus
admin2-kind-user = the user
admin2-kind-calendar = the calendar
admin2-kind-policy = the policy
admin2-kind-plan = the plan
admin2-kind-subscription = the subscription
admin2-in-use = It cannot be deleted because it is still in use: { $list }. Remove or change those first.
admin2-and = and
admin2-use-tickets = { $count ->
    [one] 1 ticket
   *[other] { $count } tickets
}
admin2-use-campuses = { $count ->
    [one] campus { $names }
   *[other] { $count } campuses ({ $names })
}
admin2-use-users = { $count ->
    [one] user { $names }
   *[other] { $count } users ({ $names })
}
admin2-use-subscriptions = { $count ->
    [one] subscription { $names }
   *[other] subscriptions { $names }
}
admin2-use-plans = { $count ->
    [one] plan “{ $names }”
   *[other] { $count } plans ({ $names })
}
admin2-use-policies = { $count ->
    [one] policy “{ $names }”
   *[other] { $count } policies ({ $names })
}
admin2-subs-pick-client = Choose the client first: the list shows only its campuses.
admin2-use-hours_addons = { $count ->
    [one] 1 package of added hours (kept in the billing history)
   *[other] { $count } packages of added hours (kept in the billing history)
}
