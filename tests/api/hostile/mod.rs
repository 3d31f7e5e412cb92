//! Hostile cases, kept together so the next person can extend them: each
//! test plays an attacker (a hostile file, a burst of concurrent requests,
//! an expensive query, another unit's admin), proves the attack fails with
//! a clear answer, and checks that the service is still up afterwards.

mod query_cost;
mod scope;
mod sign_in;
mod teachers;
mod text_input;
mod workbooks;

use serde_json::json;

use crate::helpers::TestApp;

/// The server still answers a plain query: asked after every attack.
async fn assert_still_answers(app: &TestApp) {
    let r = app.anon("{ __typename }", json!({})).await;
    assert_eq!(r["data"]["__typename"], "QueryRoot", "{r}");
}
