//! Announcements (公佈欄 / 最新消息 / 跑馬燈): published by operators for the
//! whole network and by admins for their scope.

pub mod attachments;
mod edit;
mod graphql;
mod markdown;

pub use graphql::{AnnouncementKind, AnnouncementsMutation, AnnouncementsQuery};
pub use markdown::render_markdown;
