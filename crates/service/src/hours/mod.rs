//! Time worked on tickets and the administration-hours bank (issue 19, items 4 and 5).
//!
//! - `entries`: staff log, change and remove time on any ticket; each change is a ticket event
//!   (`time_logged`, `time_changed`, `time_removed`), so nothing changes silently. A client
//!   admin reads only entries marked visible to them.
//! - `bank`: per client and month (the client's time zone), the hours of the plans in force,
//!   plus add-ons, plus (with rollover) the month before's unused plan hours, minus the minutes
//!   of entries on `admin_hours` tickets worked that month. Going past the balance is recorded,
//!   never refused: the minutes beyond it are overage, reported per client and month for billing.
//! - `addons`: the hours an administrator adds to a client's month.
//! - `export`: lists, totals per client and month, and the CSV export.
//!
//! How several subscriptions add up: each *slot* — the whole client, and each campus with a
//! subscription of its own — has at most one subscription in force in a month: the one with
//! the latest start on or before the month's last day (then the most recently created), as
//! "Which policy" picks for tickets; an older one of the same slot is superseded. The bank of
//! the month is the sum of the hours of the plans in force in every slot; with no whole-client
//! subscription, the built-in plan fills that slot (tickets fall back to it too). A plan that
//! starts mid-month gives that month its full hours (no pro-rating).

mod addons;
mod bank;
mod entries;
mod export;

pub use addons::{AddonChangeView, AddonInput, AddonPatch, AddonView};
pub use bank::{BankPlanView, HoursBalanceView, HoursReportLine};
pub use entries::{
    TicketTime, TimeEntryInput, TimeEntryPatch, TimeEntryView, TimeSnapshot, TimeTotals,
};
pub use export::{ClientMonthTotals, TimeEntryQuery, TimeExport};

use jiff::civil::Date;
use store::clients::ClientRow;

use crate::{Service, ServiceError, ServiceResult};

impl Service {
    /// A client row by id (callers have checked the tenant rule).
    pub(crate) async fn hours_client(&self, client_id: i64) -> ServiceResult<ClientRow> {
        store::clients::get_client(&self.db, client_id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Today in the client's time zone: the work date a new entry defaults to, and the month
    /// the bank shows by default.
    pub(crate) fn client_today(&self, client: &ClientRow) -> ServiceResult<Date> {
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        Ok(self.now().to_zoned_datetime(tz).date())
    }
}
