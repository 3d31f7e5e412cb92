//! The workflow statistics requests and data-exchange applications share:
//! submitted → approved | rejected (by the commissioner, a reason required
//! to reject) → completed | failed (by the job). Every step is a recorded
//! transition and an email to the applicant, in the step's transaction.

use async_graphql::{Enum, SimpleObject};
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::mail::{enqueue, outbox::Recipient, templates::ApplicationNotice, Links};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Statistics,
    DataExchange,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Statistics => "statistics",
            Self::DataExchange => "data_exchange",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Statistics => "統計數據申請",
            Self::DataExchange => "資訊傳報申請",
        }
    }

    /// The console page of one application.
    pub fn page(self, id: Uuid) -> String {
        match self {
            Self::Statistics => format!("/manage/statistics/{id}"),
            Self::DataExchange => format!("/manage/data-exchanges/{id}"),
        }
    }
}

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ApplicationStatus {
    /// Waiting for the commissioner.
    Submitted,
    /// Approved; the job is queued or running (see `progress`).
    Approved,
    Rejected,
    /// The result can be downloaded until `expiresAt`.
    Completed,
    /// The job failed; `error` says why.
    Failed,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            _ => Self::Submitted,
        }
    }

    fn label_zh(self) -> &'static str {
        match self {
            Self::Submitted => "已送出，待委辦單位審核",
            Self::Approved => "已核准，開始產製",
            Self::Rejected => "未核准",
            Self::Completed => "已完成，可以下載",
            Self::Failed => "產製失敗",
        }
    }

    fn next_step_zh(self, ttl_hours: i64) -> String {
        match self {
            Self::Submitted => "委辦單位審核後會再通知您。".into(),
            Self::Approved => "系統正在產製結果，完成後會再通知您。".into(),
            Self::Rejected => "如有需要，請依理由修正後重新申請。".into(),
            Self::Completed => format!(
                "請登入系統下載結果；下載連結 {} 天後失效，每次下載均會記錄。",
                (ttl_hours + 23) / 24
            ),
            Self::Failed => "營運團隊已收到錯誤紀錄；如需協助請聯絡營運團隊。".into(),
        }
    }
}

/// One recorded step.
#[derive(SimpleObject, Clone, Debug)]
pub struct ApplicationTransition {
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    /// Empty for the job's own steps.
    pub actor_login: Option<String>,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
}

/// Who made a step: a user, or the job runner.
pub struct Actor<'a> {
    pub id: Option<Uuid>,
    pub login: Option<&'a str>,
}

impl Actor<'_> {
    pub const JOB: Actor<'static> = Actor {
        id: None,
        login: None,
    };
}

/// What the applicant's email says about the application.
pub struct Subject<'a> {
    pub kind: Kind,
    pub id: Uuid,
    pub number: i32,
    pub requester_id: Uuid,
    pub unit_name: &'a str,
    pub purpose: &'a str,
}

/// Records a transition and emails the applicant (when they have an
/// address), in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut PgConnection,
    subject: &Subject<'_>,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    actor: &Actor<'_>,
    reason: Option<&str>,
    links: &Links,
    ttl_hours: i64,
) -> anyhow::Result<()> {
    sqlx::query!(
        "INSERT INTO application_transitions
             (kind, application_id, from_status, to_status, actor_id, actor_login, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        subject.kind.as_str(),
        subject.id,
        from.map(ApplicationStatus::as_str),
        to.as_str(),
        actor.id,
        actor.login,
        reason,
    )
    .execute(&mut *conn)
    .await?;
    let requester = sqlx::query!(
        "SELECT display_name, email FROM users WHERE id = $1",
        subject.requester_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let Some(address) = requester.email else {
        return Ok(());
    };
    let email = ApplicationNotice {
        recipient_name: requester.display_name.clone(),
        kind: subject.kind.label_zh().into(),
        number: subject.number,
        unit_name: subject.unit_name.into(),
        purpose: subject.purpose.into(),
        status: to.label_zh().into(),
        reason: reason.map(str::to_owned),
        next_step: to.next_step_zh(ttl_hours),
        console_url: links.page(&subject.kind.page(subject.id)),
    };
    let recipient = Recipient {
        address,
        name: requester.display_name,
        contact_id: None,
        unit_id: None,
    };
    enqueue(
        conn,
        &recipient,
        Some(&format!("{}:{}", subject.kind.as_str(), subject.id)),
        &email,
        &links.message_domain,
    )
    .await?;
    Ok(())
}

/// The steps of applications, oldest first, batched per request.
/// Application ids are UUIDs, unique across both kinds.
pub struct TransitionsOf(pub sqlx::PgPool);

crate::request_loaders!(TransitionsOf);

impl async_graphql::dataloader::Loader<Uuid> for TransitionsOf {
    type Value = Vec<ApplicationTransition>;
    type Error = std::sync::Arc<sqlx::Error>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = sqlx::query!(
            "SELECT application_id, from_status, to_status, actor_login, reason, at
               FROM application_transitions
              WHERE application_id = ANY($1)
              ORDER BY application_id, id",
            keys
        )
        .fetch_all(&self.0)
        .await?;
        let mut out: std::collections::HashMap<Uuid, Self::Value> =
            keys.iter().map(|k| (*k, vec![])).collect();
        for r in rows {
            out.entry(r.application_id)
                .or_default()
                .push(ApplicationTransition {
                    from_status: r.from_status.as_deref().map(ApplicationStatus::parse),
                    to_status: ApplicationStatus::parse(&r.to_status),
                    actor_login: r.actor_login,
                    reason: r.reason,
                    at: r.at,
                });
        }
        Ok(out)
    }
}
