//! A hand-built report (November 2026 for "Instituto Superior San Martín"): for the tests,
//! the `render_sample` example and the page image in `docs/img/`. Every section has data,
//! with accents, a hosted and a non-hosted campus, breaches, pending tickets and an overage.

use domain::Priority;
use service::reports::model::*;

fn outcomes(met: i64, breached: i64, pending: i64, percent: Option<f64>) -> Outcomes {
    Outcomes {
        met,
        breached,
        pending,
        percent,
    }
}

fn count(key: &str, opened: i64, resolved: i64, closed: i64) -> CountRow {
    CountRow {
        key: key.into(),
        opened,
        resolved,
        closed,
    }
}

fn resolution(
    priority: Priority,
    target: i64,
    resolved: i64,
    median: i64,
    p90: i64,
    within: i64,
) -> ResolutionFigures {
    ResolutionFigures {
        priority,
        target_minutes: target,
        resolved,
        median_minutes: Some(median),
        p90_minutes: Some(p90),
        within_target: within,
    }
}

pub fn monthly_report() -> MonthlyReport {
    // 30 days of November: day 5 not monitored, day 14 with the outage.
    let mut days: Vec<Option<f64>> = vec![Some(100.0); 30];
    days[4] = None;
    days[13] = Some(97.92);
    days[20] = Some(99.31);
    MonthlyReport {
        client: ReportClient {
            id: 7,
            name: "Instituto Superior San Martín".into(),
            time_zone: "America/Argentina/Buenos_Aires".into(),
            plans: vec!["Plan Estándar".into()],
        },
        month: "2026-11".into(),
        from: "2026-11-01T03:00:00Z".into(),
        to: "2026-12-01T03:00:00Z".into(),
        generated_at: "2026-12-01T12:00:00Z".into(),
        partial: false,
        tickets: TicketFigures {
            opened: 52,
            resolved: 49,
            closed: 47,
            open_at_end: 6,
            by_category: vec![
                count("functional", 18, 17, 16),
                count("technical", 21, 20, 19),
                count("administrative", 7, 7, 7),
                count("commercial", 4, 3, 3),
                count("complaint", 2, 2, 2),
            ],
            by_priority: vec![
                count("urgent", 4, 4, 4),
                count("high", 9, 9, 9),
                count("medium", 17, 16, 14),
                count("low", 22, 20, 20),
            ],
        },
        compliance: ComplianceFigures {
            total: outcomes(45, 3, 2, Some(93.8)),
            by_priority: vec![
                PriorityOutcomes {
                    priority: Priority::Urgent,
                    outcomes: outcomes(3, 1, 0, Some(75.0)),
                },
                PriorityOutcomes {
                    priority: Priority::High,
                    outcomes: outcomes(8, 1, 0, Some(88.9)),
                },
                PriorityOutcomes {
                    priority: Priority::Medium,
                    outcomes: outcomes(14, 0, 2, Some(100.0)),
                },
                PriorityOutcomes {
                    priority: Priority::Low,
                    outcomes: outcomes(20, 1, 0, Some(95.2)),
                },
            ],
            breaches: vec![
                BreachRow {
                    ticket_id: 101,
                    number: "T-0000101".into(),
                    subject: "Campus caído: error 503 al ingresar".into(),
                    campus_id: Some(11),
                    priority: Priority::Urgent,
                    due_at: "2026-11-14T13:10:00Z".into(),
                    breached_at: "2026-11-14T13:10:00Z".into(),
                    resolved_at: Some("2026-11-14T14:25:00Z".into()),
                    still_open: false,
                    late_by_minutes: 75,
                },
                BreachRow {
                    ticket_id: 117,
                    number: "T-0000117".into(),
                    subject: "Configuración de la matriculación automática".into(),
                    campus_id: Some(12),
                    priority: Priority::High,
                    due_at: "2026-11-20T02:00:00Z".into(),
                    breached_at: "2026-11-20T02:00:00Z".into(),
                    resolved_at: Some("2026-11-20T05:30:00Z".into()),
                    still_open: false,
                    late_by_minutes: 210,
                },
                BreachRow {
                    ticket_id: 130,
                    number: "T-0000130".into(),
                    subject: "Instalar el plugin de asistencia en el aula de posgrado".into(),
                    campus_id: Some(12),
                    priority: Priority::Low,
                    due_at: "2026-11-28T15:00:00Z".into(),
                    breached_at: "2026-11-28T15:00:00Z".into(),
                    resolved_at: None,
                    still_open: true,
                    late_by_minutes: 3540,
                },
            ],
            pending: vec![
                PendingRow {
                    ticket_id: 141,
                    number: "T-0000141".into(),
                    subject: "Cambiar el logotipo de la página de inicio".into(),
                    priority: Priority::Medium,
                    resolved_at: "2026-11-27T18:00:00Z".into(),
                    closes_at: "2026-12-04T18:00:00Z".into(),
                },
                PendingRow {
                    ticket_id: 144,
                    number: "T-0000144".into(),
                    subject: "Revisión de los informes de calificaciones".into(),
                    priority: Priority::Medium,
                    resolved_at: "2026-11-29T20:30:00Z".into(),
                    closes_at: "2026-12-06T20:30:00Z".into(),
                },
            ],
        },
        resolution: vec![
            resolution(Priority::Urgent, 240, 4, 150, 300, 3),
            resolution(Priority::High, 720, 9, 380, 700, 8),
            resolution(Priority::Medium, 2880, 16, 1310, 2600, 16),
            resolution(Priority::Low, 10080, 20, 4020, 9500, 19),
        ],
        paused: PausedFigures {
            waiting_on_client_minutes: 1265,
            tickets: 7,
        },
        campuses: vec![
            CampusFigures {
                campus_id: 11,
                name: "Campus Virtual ISSM".into(),
                url: "https://campus.issm.edu.ar".into(),
                hosted_by_us: true,
                uptime: Some(UptimeFigures {
                    percent: Some(99.87),
                    probes: 8352,
                    days,
                    outages: vec![OutageRow {
                        started_at: "2026-11-14T09:10:00Z".into(),
                        ended_at: Some("2026-11-14T09:40:00Z".into()),
                        minutes: 30,
                        ticket_id: Some(101),
                        ticket_number: Some("T-0000101".into()),
                    }],
                    down_minutes: 30,
                }),
                backups: Some(BackupFigures {
                    expected: 30,
                    done: 29,
                    missed: vec!["2026-11-14".into()],
                }),
                updates: vec![
                    MaintenanceRow {
                        kind: "security_patch".into(),
                        at: "2026-11-06T06:00:00Z".into(),
                        summary: "OpenSSL 3.0.15 → 3.0.16".into(),
                    },
                    MaintenanceRow {
                        kind: "db_update".into(),
                        at: "2026-11-21T06:30:00Z".into(),
                        summary: "PostgreSQL 15.9 → 15.10".into(),
                    },
                ],
                upgrades: vec![],
                upgrade: UpgradeStanding {
                    eligible: true,
                    eligible_since: "2026-06-01".into(),
                    platform_version: "Moodle 4.5.3".into(),
                },
            },
            CampusFigures {
                campus_id: 12,
                name: "Aula de Posgrado".into(),
                url: "https://posgrado.issm.edu.ar".into(),
                hosted_by_us: false,
                uptime: Some(UptimeFigures {
                    percent: Some(100.0),
                    probes: 2880,
                    days: vec![Some(100.0); 30],
                    outages: vec![],
                    down_minutes: 0,
                }),
                backups: None,
                updates: vec![],
                upgrades: vec![],
                upgrade: UpgradeStanding {
                    eligible: false,
                    eligible_since: "2027-02-10".into(),
                    platform_version: "Moodle 4.4.1".into(),
                },
            },
        ],
        hours: Some(HoursFigures {
            available_minutes: 600,
            used_minutes: 780,
            left_minutes: 0,
            overage_minutes: 180,
            percent_used: Some(130),
        }),
        quotes: QuoteFigures {
            sent: 2,
            approved: 1,
            rejected: 0,
            expired: 0,
            pending: 1,
        },
    }
}
