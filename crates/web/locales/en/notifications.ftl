bell-label = { $count ->
    [0] Notifications: none unread
    [one] Notifications: 1 unread
   *[other] Notifications: { $count } unread
}
notifications-title = Notifications
notifications-read-all = Mark all as read
notifications-unread = unread
notifications-empty = You have no notifications.
console-escalated = Escalated
console-escalated-help = It missed its target and the supervisors were told.
