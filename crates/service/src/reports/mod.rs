//! Reports (issue 20): one figures layer for a client and a month, read by every output.

pub mod model;
