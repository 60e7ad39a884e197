//! Input limits. The validators *and* the OpenAPI schema read these constants,
//! so a schema-valid request is never rejected for length.

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 100_000;
pub const NAME_MAX: usize = 200;
pub const EMAIL_MAX: usize = 254;
pub const URL_MAX: usize = 2048;
pub const TAG_MAX: usize = 50;
pub const TAGS_MAX: usize = 20;
pub const REASON_MAX: usize = 1000;
pub const FILENAME_MAX: usize = 255;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;
/// Attachments are stored in the database (every node sees them); 25 MiB by default.
pub const ATTACHMENT_MAX_BYTES: usize = 25 * 1024 * 1024;
/// Largest JSON body the API accepts (everything but attachment uploads).
pub const JSON_BODY_MAX_BYTES: usize = 1024 * 1024;
pub const PAGE_LIMIT_MAX: i64 = 200;
/// How deep a search's relevance pages go: past the first thousand matches, a narrower search
/// finds faster than paging (and a deep offset costs the database the whole ranking).
pub const SEARCH_OFFSET_MAX: i64 = 1_000;
/// A search's tickets are counted up to here ("1000+" beyond): counting every ticket that
/// holds a common word costs as much as ranking them all.
pub const SEARCH_COUNT_MAX: i64 = 1_000;
pub const PAGE_LIMIT_DEFAULT: i64 = 50;
