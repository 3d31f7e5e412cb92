//! Signing in and out: the throttled password check, the new session with
//! its audit entry, and ending a session. The `login` and `logout`
//! mutations parse the input and call these.

use super::{
    password, session,
    sql::{self, UserRow},
    throttle, unlock,
};
use crate::{
    audit::{self, Entry},
    authz::{Access, Viewer, ViewerUser},
    error::{ApiResult, ErrorCode, InputError},
    request::RequestContext,
};

/// What `TOO_BUSY` asks a client to wait.
const BUSY_RETRY_SECONDS: i32 = 2;

/// A session just begun.
pub struct SignedIn {
    pub session: session::NewSession,
    /// The `Set-Cookie` value that hands the session to a browser.
    pub cookie: String,
    pub user: Option<UserRow>,
}

/// A sign-in refused: the payload errors and, when trying again later can
/// help, how many seconds to wait. (Not an `Outcome`: the wait is part of
/// the answer.)
pub struct Refused {
    pub errors: Vec<InputError>,
    pub retry_after_seconds: Option<i32>,
}

impl Refused {
    fn general(code: ErrorCode, message: String) -> Self {
        Self {
            errors: vec![InputError::general(code, message)],
            retry_after_seconds: None,
        }
    }

    /// The one answer for an unknown login and a wrong password.
    pub fn wrong() -> Self {
        Self::general(
            ErrorCode::InvalidCredentials,
            "The login name or password is wrong.".into(),
        )
    }

    /// Refused for now: `reason` (`address`, `locked`, `busy`) and the wait
    /// are params too, so clients word it without reading the message.
    fn wait(wait: i64, code: ErrorCode, reason: &str, message: String) -> Self {
        let seconds = wait.min(i64::from(i32::MAX)) as i32;
        Self {
            errors: vec![InputError::general(code, message)
                .param("reason", reason)
                .param("retryAfterSeconds", seconds)],
            retry_after_seconds: Some(seconds),
        }
    }
}

/// Checks `password` for the (normalized, non-empty) `login`, with the
/// guesses limited per client address and per login, and on success opens
/// a session. Every failure with a checked password is audited. Neither the
/// login name nor the password is a field of the span: people type
/// passwords into the login.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    access: &Access<'_>,
    login: &str,
    password: String,
) -> ApiResult<Result<SignedIn, Refused>> {
    let pool = access.pool();
    let credentials = sql::credentials(pool, login).await?;
    let key = throttle::login_key(
        login,
        credentials.is_some(),
        access.state().settings.national_id_key.expose().as_bytes(),
    );
    // What the audit log may show of the login: people type passwords
    // into that field, so only an account's login is shown whole.
    let shown = match credentials {
        Some(_) => login.to_owned(),
        None => throttle::masked_login(login),
    };
    let audit_failure = |detail: String| {
        audit::record(
            pool,
            access.request(),
            Entry::failed("session.login").detail(detail),
        )
    };

    // Reserve the guess before checking it: address first, so an
    // address that is waiting does not count against the login.
    let address = access.request().ip.map(throttle::address_key);
    if let Some(address) = &address {
        if let Err(wait) = throttle::reserve_address(pool, address).await? {
            audit_failure(format!("throttled (address): {shown}")).await?;
            return Ok(Err(Refused::wait(
                wait,
                ErrorCode::TooManyAttempts,
                "address",
                format!("Too many failed sign-ins from your network. Try again in {wait} seconds."),
            )));
        }
    }
    let release_address = || async {
        match &address {
            Some(a) => throttle::release_address(pool, a).await,
            None => Ok(()),
        }
    };
    let reservation = match throttle::reserve_login(pool, &key).await? {
        Ok(r) => r,
        Err(wait) => {
            release_address().await?;
            audit_failure(format!("throttled (locked): {shown}")).await?;
            return Ok(Err(Refused::wait(
                wait,
                ErrorCode::TooManyAttempts,
                "locked",
                format!(
                    "This account is locked after too many failed sign-ins. Its owner can \
                     unlock it with the link emailed to the account's address; otherwise \
                     try again in {} hours.",
                    (wait + 3599) / 3600
                ),
            )));
        }
    };
    let checked = match &credentials {
        Some((id, hash)) => password::verify(password, hash.clone())
            .await
            .map(|ok| ok.then_some(*id)),
        None => password::verify_decoy(password).await.map(|_| None),
    };
    let verified = match checked {
        Ok(v) => v,
        Err(password::HashError::Busy) => {
            // Nothing was checked: give both reservations back.
            throttle::release_login(pool, &key).await?;
            release_address().await?;
            return Ok(Err(Refused::wait(
                i64::from(BUSY_RETRY_SECONDS),
                ErrorCode::TooBusy,
                "busy",
                format!(
                    "The server is busy checking other sign-ins. Try again in \
                     {BUSY_RETRY_SECONDS} seconds."
                ),
            )));
        }
        Err(password::HashError::Failed(e)) => return Err(e.into()),
    };
    let Some(user_id) = verified else {
        let mut tx = pool.begin().await?;
        let mut detail = format!("wrong credentials: {shown}");
        if reservation.locks_on_failure() {
            detail.push_str("; login locked");
            if let Some((id, _)) = &credentials {
                if let Some(user) = sql::users_by_ids(&mut *tx, &[*id]).await?.pop() {
                    let links = crate::mail::Links::of(&access.state().settings);
                    if unlock::send_link(&mut tx, &user, &links).await? {
                        detail.push_str(", unlock link emailed");
                    }
                }
            }
        }
        let entry = Entry::failed("session.login").detail(detail);
        let entry = match &credentials {
            Some((id, _)) => entry.target("user", *id),
            None => entry,
        };
        audit::record(&mut *tx, access.request(), entry).await?;
        tx.commit().await?;
        return Ok(Err(Refused::wrong()));
    };
    release_address().await?;
    let settings = &access.state().settings;
    let mut tx = pool.begin().await?;
    throttle::clear(&mut *tx, &key).await?;
    let new = session::create(
        &mut *tx,
        user_id,
        settings.session_ttl_hours,
        access.request().ip.map(|ip| ip.to_string()),
        access.request().user_agent.as_deref(),
    )
    .await?;
    let as_user = RequestContext {
        viewer: Viewer {
            user: Some(ViewerUser {
                id: user_id,
                login: login.to_owned(),
                session_id: new.id,
            }),
            assignments: vec![],
        },
        ..access.request().clone()
    };
    audit::record(
        &mut *tx,
        &as_user,
        Entry::ok("session.login").target("user", user_id),
    )
    .await?;
    tx.commit().await?;
    let cookie = session::cookie(
        &new.token,
        settings.session_ttl_hours * 3600,
        settings.cookie_secure,
    );
    let user = sql::users_by_ids(pool, &[user_id]).await?.pop();
    Ok(Ok(SignedIn {
        session: new,
        cookie,
        user,
    }))
}

/// Ends the viewer's session (audited); `false` when no one is signed in.
pub async fn sign_out(access: &Access<'_>) -> ApiResult<bool> {
    let Some(user) = access.viewer().user.as_ref() else {
        return Ok(false);
    };
    let mut tx = access.pool().begin().await?;
    session::delete(&mut *tx, user.session_id).await?;
    audit::record(
        &mut *tx,
        access.request(),
        Entry::ok("session.logout").target("user", user.id),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
