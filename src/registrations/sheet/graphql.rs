//! GraphQL of the sign-in sheet: the data of the console's print page.

use async_graphql::{Context, Object};
use uuid::Uuid;

use super::{session_lines, SignInRow, SignInSheet};
use crate::{authz::Access, courses::Course, error::ApiResult};

#[Object]
impl SignInSheet {
    async fn course(&self) -> Course {
        Course(self.course.clone())
    }
    async fn organizer_name(&self) -> &str {
        &self.organizer_name
    }
    /// Each session as people read it: `2026-12-01 09:00–12:00`.
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::PARTS, child_complexity)"
    )]
    async fn session_lines(&self) -> Vec<String> {
        session_lines(&self.sessions)
    }
    /// The venue, or the URL of an online course.
    async fn place(&self) -> String {
        self.course.place().to_owned()
    }
    #[graphql(
        complexity = "crate::graphql::bounds::list(crate::graphql::bounds::ROWS, child_complexity)"
    )]
    async fn rows(&self) -> &[SignInRow] {
        &self.rows
    }
    /// Where to download it as XLSX (same authorization, audited).
    async fn xlsx_url(&self) -> String {
        format!("/courses/{}/sign-in-sheet.xlsx", self.course.id)
    }
}

#[derive(Default)]
pub struct SignInSheetQuery;

#[Object]
impl SignInSheetQuery {
    /// A course's sign-in sheet, for the print page. Audited.
    async fn sign_in_sheet(&self, ctx: &Context<'_>, course_id: Uuid) -> ApiResult<SignInSheet> {
        super::load(&Access::of(ctx)?, course_id).await
    }
}
