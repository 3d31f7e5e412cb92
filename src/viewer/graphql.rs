//! GraphQL: `viewerPermissions`, the flags of [`super::network_permissions`].

use async_graphql::{Context, Object};

use super::NetworkPermissions;
use crate::{authz::Access, error::ApiResult};

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// What the viewer may do network-wide (all false when signed out).
    async fn viewer_permissions(&self, ctx: &Context<'_>) -> ApiResult<NetworkPermissions> {
        let access = Access::of(ctx)?;
        super::network_permissions(&access).await
    }
}
