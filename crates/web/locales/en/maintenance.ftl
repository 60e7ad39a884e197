# Campus maintenance: records, backups, version upgrade, Moodle.

maint-title = Maintenance
maint-backups = Backups
maint-not-hosted = This campus is not on our servers: the contract does not include its backups, system updates or security patches.
maint-alert = Backup missing
maint-alert-since = No good backup since { $since }.
maint-alert-ticket = See the ticket
maint-last-ok = Last good backup
maint-last-failed = Last failed backup
maint-none = none
maint-when = When
maint-status = Status
maint-what = Details
maint-who = Recorded by
maint-updates = System updates and patches
maint-upgrades = Version upgrade
maint-platform = Platform: { $platform }.
maint-eligible = Eligible
maint-eligible-since = since { $date }.
maint-not-eligible = Not yet
maint-eligible-from = eligible from { $date }.
maint-counted-from = 6 months counted from { $date }
maint-windows = Maintenance windows
maint-moodle = Moodle information
maint-moodle-no-token = No web-service token: not checked.
maint-moodle-release = Release
maint-moodle-checked = Checked
maint-moodle-error = Last error
maint-until = until
maint-status-ok = Good
maint-status-failed = Failed

maint-kind-backup = Backup
maint-kind-os-update = Operating system update
maint-kind-db-update = Database update
maint-kind-security-patch = Security patch
maint-kind-platform-upgrade = Version upgrade
maint-kind-maintenance-window = Maintenance window

maint-manage = Record maintenance
maint-back-to-campus = ← Back to the campus
maint-record = Record
maint-record-not-hosted = This campus is not on our servers: only the version upgrade is recorded.
maint-record-hint = Choose the kind and fill in its fields; fields of other kinds are ignored.
maint-now-hint = Empty: now.
maint-updates-and-upgrades = Updates and version
maint-record-save = Record
maint-moodle-intro = With a web-service token of the campus (function core_webservice_get_site_info), Atiende reads its Moodle release every day and records version upgrades by itself.
maint-token-set = A token is saved (never shown); leave this empty to keep it.
maint-token-unset = No token saved.
maint-token-clear = Forget the saved token
maint-moodle-check = Check now
maint-nav-upgrades = Upgrades

maint-upgrades-title = Campuses eligible for a version upgrade
maint-upgrades-intro = The version upgrade is included in the subscription once the campus has 6 months of service, counted from the service start or from its last upgrade.
maint-upgrades-desc = The campuses that may now ask for the version upgrade the subscription includes, and their open requests.
maint-upgrades-none = No campus is eligible today.
maint-last-upgrade = Last upgrade
maint-eligible-col = Eligible since
maint-request = Request
maint-request-open = See the open request

maint-request-upgrade = Request a version upgrade
maint-request-open-help = An upgrade request is already in progress.
maint-not-eligible-until = The version upgrade will be available from { $date } (6 months of service).

maint-staff-only = Staff only
maint-staff-only-help = The client does not see this ticket until it is published.
maint-publish = Publish to the client
maint-event-hidden = staff only
maint-event-published = published to the client
event-visibility-changed = Visibility

field-kind = Kind
field-performed-at = Done at
field-size-bytes = Size
field-duration-seconds = Duration (seconds)
field-location = Location
field-package = Package
field-from-version = Previous version
field-to-version = New version
field-starts-at = Starts
field-ends-at = Ends
field-note = Note
field-token = Web-service token
field-staff-only = Visibility
field-campus = Campus

err-not-hosted = { $value ->
    [backup] the contract covers backups only for campuses on our servers.
    [os_update] the contract covers operating system updates only for campuses on our servers.
    [db_update] the contract covers database updates only for campuses on our servers.
    [security_patch] the contract covers system security only for campuses on our servers.
   *[other] the contract covers this work only for campuses on our servers.
}
err-negative = must not be negative.
err-size = "{ $value }" is not a size: use e.g. 1.2GB, 340MB or 512KB.
err-size-bare = is not a size: use e.g. 1.2GB, 340MB or 512KB.
err-same-version = must differ from the previous version.
err-datetime = "{ $value }" is not a valid date and time.
err-datetime-bare = is not a valid date and time.
err-not-for-kind = does not apply to this kind of record.
err-future = must not be in the future.
err-end-before-start = must be after the start.
err-not-system = only a ticket Atiende opened by itself can be kept from the client.
err-ambiguous = several campuses have that address: give its number.

state-upgrade-not-eligible = The campus does not have 6 months of service yet since its start or its last upgrade.
state-moodle-no-token = Save the campus's web-service token first.

admin2-use-maintenance_records = { $count ->
    [one] a maintenance record
   *[other] { $count } maintenance records
}
