//! The DataLoaders of one request. Made fresh per request, so their caches
//! never serve one request's data to another.

use std::{sync::Arc, time::Duration};

use async_graphql::{dataloader::DataLoader, Context};
use sqlx::PgPool;

use crate::{
    accounts::loaders::{AssignmentsOf, UserById},
    announcements::attachments::AttachmentsOf,
    contacts::loaders::ContactsOf,
    courses::loaders::{CodeList, CourseById, DuplicatesOf, SessionsOf, TransitionsOf},
    error::{ApiError, ApiResult},
    mail::{AttemptsOf, LatestMessageTo},
    registrations::loaders::LiveRegistrationOf,
    teachers::ServiceHistoryOf,
    units::loaders::{ChildrenOf, UnitByCode, UnitById},
};

/// Batching window. The default 1 ms is long next to a sub-millisecond
/// query on a local database; 200 µs still gathers every key a resolver
/// level asks for, because async-graphql polls sibling fields together.
const BATCH_DELAY: Duration = Duration::from_micros(200);

pub struct Loaders {
    pub unit: DataLoader<UnitById>,
    pub unit_by_code: DataLoader<UnitByCode>,
    pub children: DataLoader<ChildrenOf>,
    pub contacts: DataLoader<ContactsOf>,
    pub user: DataLoader<UserById>,
    pub assignments: DataLoader<AssignmentsOf>,
    pub latest_message_to: DataLoader<LatestMessageTo>,
    pub attachments: DataLoader<AttachmentsOf>,
    pub delivery_attempts: DataLoader<AttemptsOf>,
    pub course: DataLoader<CourseById>,
    pub course_sessions: DataLoader<SessionsOf>,
    pub course_codes: DataLoader<CodeList>,
    pub course_duplicates: DataLoader<DuplicatesOf>,
    pub course_transitions: DataLoader<TransitionsOf>,
    pub service_history: DataLoader<ServiceHistoryOf>,
    pub live_registration: DataLoader<LiveRegistrationOf>,
    pub application_transitions: DataLoader<crate::statistics::applications::TransitionsOf>,
}

fn loader<L>(l: L) -> DataLoader<L>
where
    L: async_graphql::dataloader::Loader<uuid::Uuid> + Send + Sync + 'static,
{
    DataLoader::new(l, tokio::spawn).delay(BATCH_DELAY)
}

impl Loaders {
    pub fn new(pool: &PgPool) -> Self {
        Self {
            unit: loader(UnitById(pool.clone())),
            unit_by_code: DataLoader::new(UnitByCode(pool.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            children: loader(ChildrenOf(pool.clone())),
            contacts: loader(ContactsOf(pool.clone())),
            user: loader(UserById(pool.clone())),
            assignments: loader(AssignmentsOf(pool.clone())),
            latest_message_to: loader(LatestMessageTo(pool.clone())),
            attachments: loader(AttachmentsOf(pool.clone())),
            delivery_attempts: loader(AttemptsOf(pool.clone())),
            course: loader(CourseById(pool.clone())),
            course_sessions: loader(SessionsOf(pool.clone())),
            course_codes: DataLoader::new(CodeList(pool.clone()), tokio::spawn).delay(BATCH_DELAY),
            course_duplicates: loader(DuplicatesOf(pool.clone())),
            course_transitions: loader(TransitionsOf(pool.clone())),
            service_history: loader(ServiceHistoryOf(pool.clone())),
            live_registration: DataLoader::new(LiveRegistrationOf(pool.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            application_transitions: loader(crate::statistics::applications::TransitionsOf(
                pool.clone(),
            )),
        }
    }

    pub fn of<'a>(ctx: &'a Context<'_>) -> ApiResult<&'a Self> {
        ctx.data::<Arc<Loaders>>()
            .map(|l| l.as_ref())
            .map_err(|_| ApiError::from(anyhow::anyhow!("Loaders missing from request data")))
    }
}

/// Loader errors carry an `Arc<sqlx::Error>`; they are internal faults.
pub fn load_error(e: Arc<sqlx::Error>) -> ApiError {
    ApiError::from(anyhow::anyhow!(e).context("data loader query failed"))
}
