//! Reports (issue 20): the monthly report, its CSV and the compliance API against a fixed data
//! set built with the set clock, with the expected figures worked out by hand below; the
//! dashboard reading the same computation; isolation; bad input on every parameter.
//!
//! The data set (built-in plan, 24×7: urgent 4 h, high 12 h, medium 48 h, low 168 h). Client
//! "Sur" is in Buenos Aires (UTC−3: its November is 2026-11-01T03:00Z … 2026-12-01T03:00Z),
//! client "Norte" in Madrid (UTC+1 all winter: November ends 2026-11-30T23:00Z).
//!
//! | ticket | client | what happens (UTC) |
//! |---|---|---|
//! | D | Sur | medium functional, opened 11-03 12:00; waiting on the client 11-03 14:00 → 11-04 14:00 (24 h); resolved 11-05 12:00; confirmed 11-06 12:00 → **met in November** |
//! | C | Sur | urgent technical, opened 11-10 12:00, due 16:00 → breached 16:00; lowered to low 18:00; resolved 11-11 12:00; confirmed 11-12 → **breach in November under urgent** |
//! | B | Sur | medium functional, opened 11-27 12:00; resolved 11-28 12:00 (24 h used); reopened 12-02 12:00; resolved 12-03 00:00; confirmed 12-04 00:00 → **pending at November's end, met in December** |
//! | A | Sur | high technical, opened 11-28 11:00, due 23:00 → **breach in November**; resolved 12-01 12:00, closes itself 12-08 12:00 |
//! | G | Sur | urgent technical, opened 11-30 22:00, due 12-01 02:00 UTC = 11-30 23:00 in Buenos Aires → **breach in November**; resolved 12-01 06:00, closes itself |
//! | M | Norte | urgent technical, opened 11-30 19:30, due 23:30 UTC = 12-01 00:30 in Madrid → **breach in December** (in Buenos Aires it would be November); resolved 12-01 01:30 |
//! | E | Sur | low functional, opened 12-28 12:00, resolved 12-30 12:00 → **pending at December's end**; closes itself 2027-01-06 12:00 |

mod access;
mod agreement;
mod figures;
mod fixture;
mod mail;
mod outputs;
