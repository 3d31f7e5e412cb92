//! Statistics (統計數據申請): so far the disclosure control every published
//! table goes through. Requests, approval, jobs and downloads build on it.

pub mod disclosure;
