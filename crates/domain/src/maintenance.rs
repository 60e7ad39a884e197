//! Maintenance of a campus as the seed's service sheet words it: which kinds of work are
//! recorded, which of them the contract covers only on the provider's own servers (the items
//! marked * — hosting, server maintenance, security, OS/DB updates, daily backups), and when
//! a campus may ask for a platform version upgrade (after at least 6 months of service).

use jiff::{ToSpan, civil::Date};

use crate::{FieldError, contract::ContractService};

/// What was done on a campus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MaintenanceKind {
    Backup,
    OsUpdate,
    DbUpdate,
    SecurityPatch,
    PlatformUpgrade,
    MaintenanceWindow,
}

impl MaintenanceKind {
    pub const ALL: [MaintenanceKind; 6] = [
        MaintenanceKind::Backup,
        MaintenanceKind::OsUpdate,
        MaintenanceKind::DbUpdate,
        MaintenanceKind::SecurityPatch,
        MaintenanceKind::PlatformUpgrade,
        MaintenanceKind::MaintenanceWindow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MaintenanceKind::Backup => "backup",
            MaintenanceKind::OsUpdate => "os_update",
            MaintenanceKind::DbUpdate => "db_update",
            MaintenanceKind::SecurityPatch => "security_patch",
            MaintenanceKind::PlatformUpgrade => "platform_upgrade",
            MaintenanceKind::MaintenanceWindow => "maintenance_window",
        }
    }

    pub fn parse(s: &str) -> Option<MaintenanceKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The contract's service this work delivers.
    pub fn service(self) -> ContractService {
        match self {
            MaintenanceKind::Backup => ContractService::DailyBackups,
            MaintenanceKind::OsUpdate | MaintenanceKind::DbUpdate => ContractService::OsDbUpdates,
            MaintenanceKind::SecurityPatch => ContractService::Security,
            MaintenanceKind::PlatformUpgrade => ContractService::VersionUpgrade,
            MaintenanceKind::MaintenanceWindow => ContractService::ServerMaintenance,
        }
    }

    /// The seed's asterisk on the service it delivers: only for campuses served from the
    /// provider's servers (`hosted_by_us`). The version upgrade (like monitoring and bug
    /// fixes) is for every campus.
    pub fn hosted_only(self) -> bool {
        self.service().seed_hosted_only()
    }

    /// An update of one package from one version to another (OS, database, security).
    pub fn is_package_update(self) -> bool {
        matches!(
            self,
            MaintenanceKind::OsUpdate | MaintenanceKind::DbUpdate | MaintenanceKind::SecurityPatch
        )
    }

    /// Why a campus that is not on our servers cannot have this recorded, in the contract's
    /// words (the API's 422 says it).
    pub fn not_covered_reason(self) -> &'static str {
        match self {
            MaintenanceKind::Backup => {
                "the contract covers backups only for campuses on our servers"
            }
            MaintenanceKind::OsUpdate | MaintenanceKind::DbUpdate => {
                "the contract covers operating system and database updates only for campuses on our servers"
            }
            MaintenanceKind::SecurityPatch => {
                "the contract covers system security only for campuses on our servers"
            }
            MaintenanceKind::MaintenanceWindow => {
                "the contract covers server maintenance only for campuses on our servers"
            }
            MaintenanceKind::PlatformUpgrade => "",
        }
    }
}

/// A backup's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupStatus {
    Ok,
    Failed,
}

impl BackupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupStatus::Ok => "ok",
            BackupStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<BackupStatus> {
        match s {
            "ok" => Some(BackupStatus::Ok),
            "failed" => Some(BackupStatus::Failed),
            _ => None,
        }
    }
}

/// The largest size accepted (1 PB): anything above is a typo, not a backup.
pub const SIZE_MAX: i64 = 1_000_000_000_000_000;

/// A size as people write it: `1.2GB`, `340 MB`, `512` (bytes), `1.5GiB`. `KB`, `MB`, `GB`,
/// `TB` are decimal (1 KB = 1000 B, as backup tools and disks print them); `KiB`, `MiB`,
/// `GiB`, `TiB` are binary. Case does not matter; the result is rounded to whole bytes.
pub fn parse_size(field: &str, s: &str) -> Result<i64, FieldError> {
    let bad = || {
        FieldError::new(
            field,
            "size",
            "a size in bytes or with a unit: 1.2GB, 340MB, 512KB, 1.5GiB",
        )
        .with("value", s)
    };
    let t = s.trim();
    if t.starts_with('-') {
        return Err(FieldError::new(field, "negative", "must not be negative"));
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "tb" | "t" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return Err(bad()),
    };
    if number.is_empty() || number.matches('.').count() > 1 {
        return Err(bad());
    }
    let n: f64 = number.parse().map_err(|_| bad())?;
    let bytes = (n * factor).round();
    if !bytes.is_finite() || bytes > SIZE_MAX as f64 {
        return Err(FieldError::new(field, "range", "at most 1 PB")
            .with("min", 0)
            .with("max", SIZE_MAX));
    }
    Ok(bytes as i64)
}

/// `1.2 GB`, `340 MB`, `512 B`: a size for people (decimal units, one decimal).
pub fn format_size(bytes: i64) -> String {
    let b = bytes as f64;
    for (unit, f) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)] {
        if b >= f {
            let v = b / f;
            return if v >= 100.0 {
                format!("{v:.0} {unit}")
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    format!("{bytes} B")
}

/// The major version of a Moodle-style release: its first two numbers (`4.5.1 (Build:
/// 20250609)` → `(4, 5)`; `4.5` → `(4, 5)`; `5.0.2+` → `(5, 0)`). Moodle's point releases
/// (4.5.1, 4.5.2) are fixes of one major version; 4.5 → 5.0 is an upgrade.
pub fn major_version(release: &str) -> Option<(u32, u32)> {
    let start = release.find(|c: char| c.is_ascii_digit())?;
    let head = &release[start..];
    let end = head
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(head.len());
    let mut numbers = head[..end].split('.');
    let major = numbers.next()?.parse().ok()?;
    let minor = numbers.next()?.parse().ok()?;
    Some((major, minor))
}

/// The months of service after which a campus may ask for a version upgrade.
pub const UPGRADE_AFTER_MONTHS: i8 = 6;

/// The first day a campus may ask for a version upgrade: 6 calendar months after `from` (the
/// later of its service start and its last upgrade, as dates in the client's time zone). A
/// start on a day the sixth month does not have lands on that month's last day: 2026-08-31 →
/// 2027-02-28, 2026-03-31 → 2026-09-30 (jiff's calendar arithmetic).
pub fn upgrade_eligible_from(from: Date) -> Date {
    from.checked_add(UPGRADE_AFTER_MONTHS.months())
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("size", "1.2GB"), Ok(1_200_000_000));
        assert_eq!(parse_size("size", "340 mb"), Ok(340_000_000));
        assert_eq!(parse_size("size", "512"), Ok(512));
        assert_eq!(parse_size("size", "512B"), Ok(512));
        assert_eq!(parse_size("size", "2KB"), Ok(2000));
        assert_eq!(parse_size("size", "1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("size", "-1GB").unwrap_err().code, "negative");
        assert_eq!(parse_size("size", "1.2.3GB").unwrap_err().code, "size");
        assert_eq!(parse_size("size", "GB").unwrap_err().code, "size");
        assert_eq!(parse_size("size", "12 parsecs").unwrap_err().code, "size");
        assert_eq!(parse_size("size", "2000TB").unwrap_err().code, "range");
        assert_eq!(format_size(1_200_000_000), "1.2 GB");
        assert_eq!(format_size(340_000_000), "340 MB");
        assert_eq!(format_size(12), "12 B");
    }

    #[test]
    fn major_versions() {
        assert_eq!(major_version("4.5.1 (Build: 20250609)"), Some((4, 5)));
        assert_eq!(major_version("4.5"), Some((4, 5)));
        assert_eq!(major_version("5.0.2+ (Build: 20250801)"), Some((5, 0)));
        assert_eq!(major_version("Moodle 4.1"), Some((4, 1)));
        assert_eq!(major_version("4"), None);
        assert_eq!(major_version("latest"), None);
    }

    #[test]
    fn six_calendar_months_clamp_to_the_months_last_day() {
        assert_eq!(upgrade_eligible_from(date(2026, 1, 15)), date(2026, 7, 15));
        assert_eq!(upgrade_eligible_from(date(2026, 8, 31)), date(2027, 2, 28));
        assert_eq!(upgrade_eligible_from(date(2027, 8, 31)), date(2028, 2, 29));
        assert_eq!(upgrade_eligible_from(date(2026, 3, 31)), date(2026, 9, 30));
    }

    #[test]
    fn only_the_upgrade_is_for_every_campus() {
        for k in MaintenanceKind::ALL {
            assert_eq!(MaintenanceKind::parse(k.as_str()), Some(k));
            assert_eq!(k.hosted_only(), k != MaintenanceKind::PlatformUpgrade);
            assert_eq!(k.hosted_only(), !k.not_covered_reason().is_empty());
        }
        assert!(
            MaintenanceKind::Backup
                .not_covered_reason()
                .contains("backups only for campuses on our servers")
        );
    }
}
