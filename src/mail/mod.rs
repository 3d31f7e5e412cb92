//! Email: a transactional outbox, a delivery worker over SMTP (lettre), and
//! templates embedded in the binary.
//!
//! Delivery guarantee: a message is written in the same transaction as the
//! change that caused it, so a rolled-back change sends nothing and a
//! committed one is never lost. Workers claim rows with `FOR UPDATE SKIP
//! LOCKED` under a lease, so several instances never send the same row at
//! the same time. If a worker dies after the SMTP server accepted a message
//! but before it recorded that, the lease expires and the message is sent
//! again with the same Message-ID: delivery is at least once, exactly once
//! whenever workers do not die mid-send, and a duplicate carries the
//! Message-ID that lets mail clients and servers recognise it.

mod graphql;
mod loaders;
pub mod outbox;
mod rules;
pub mod templates;
pub mod worker;

pub use graphql::{MailMutation, MailQuery, OutboxMessage};
pub use loaders::{AttemptsOf, LatestMessageTo};
pub use outbox::{enqueue, OutboxStatus, Recipient};
pub use worker::Worker;

/// What links in email point to, and the domain of Message-IDs.
#[derive(Clone, Debug)]
pub struct Links {
    pub public_url: String,
    pub message_domain: String,
}

impl Links {
    pub fn of(settings: &crate::config::Settings) -> Self {
        Self {
            public_url: settings.public_url.clone(),
            message_domain: settings.mail_domain(),
        }
    }

    /// A console page, e.g. `page("/roster/115")`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}
