//! Email templates, compiled into the binary (askama) and rendered from
//! typed data: a template that names a field its data lacks does not build.
//! Each message has a plain-text and an HTML part; HTML escapes every value.

use askama::Template;

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// An email the outbox can send.
pub trait Email {
    /// Recorded with each message, e.g. for `outbox(filter: {template})`.
    const NAME: &'static str;
    fn render(&self) -> Result<Rendered, askama::Error>;
}

/// Asks a school to review its teacher data for a new school year.
#[derive(Debug, Clone)]
pub struct RosterOpened {
    pub recipient_name: String,
    pub unit_name: String,
    /// ROC school year, e.g. 115.
    pub school_year: i32,
    /// As shown to people, e.g. 2026-09-30.
    pub deadline: String,
    pub console_url: String,
}

/// Reminds a school that has not confirmed its teacher data yet.
#[derive(Debug, Clone)]
pub struct RosterReminder {
    pub recipient_name: String,
    pub unit_name: String,
    pub school_year: i32,
    pub deadline: String,
    pub days_left: i64,
    pub console_url: String,
}

/// Tells a teacher's former school that another school asked to add her,
/// and when the move takes effect unless it objects.
#[derive(Debug, Clone)]
pub struct TransferNotice {
    pub recipient_name: String,
    pub teacher_name: String,
    pub national_id_masked: String,
    /// The school asking.
    pub to_school: String,
    /// Taipei time, e.g. 2026-12-18 20:30.
    pub takes_effect: String,
    pub console_url: String,
}

/// Tells an organizer's contacts how the review of a course ended.
#[derive(Debug, Clone)]
pub struct CourseDecision {
    pub recipient_name: String,
    /// The organizer.
    pub unit_name: String,
    pub course_code: String,
    pub course_title: String,
    /// 核准, 退回修正 or 不予核准.
    pub decision: String,
    pub reason: Option<String>,
    pub reviewer_name: String,
    /// What the organizer can do now.
    pub next_step: String,
    pub console_url: String,
}

/// One course waiting for review, in a digest.
#[derive(Debug, Clone)]
pub struct DigestItem {
    pub code: String,
    pub title: String,
    pub organizer: String,
    /// Taipei date of submission.
    pub submitted: String,
}

/// Tells a reviewing unit's contacts what arrived in its queue since the
/// last digest.
#[derive(Debug, Clone)]
pub struct ReviewDigest {
    pub recipient_name: String,
    pub unit_name: String,
    pub items: Vec<DigestItem>,
    pub pending_total: i64,
    pub console_url: String,
}

/// Tells a teacher how their registration for a course stands.
#[derive(Debug, Clone)]
pub struct RegistrationNotice {
    pub recipient_name: String,
    pub course_code: String,
    pub course_title: String,
    pub organizer: String,
    /// Taipei time of the first session.
    pub starts: String,
    /// The venue, or the URL of an online course.
    pub place: String,
    /// 錄取, 備取第 n 位, 由備取轉為錄取 …
    pub outcome: String,
    /// What the teacher should do now.
    pub detail: String,
    pub reason: Option<String>,
    pub console_url: String,
}

/// Tells the applicant where a statistics request or a data-exchange
/// application stands.
#[derive(Debug, Clone)]
pub struct ApplicationNotice {
    pub recipient_name: String,
    /// 統計數據申請 or 資訊傳報申請.
    pub kind: String,
    pub number: i32,
    pub unit_name: String,
    pub purpose: String,
    /// 已送出, 已核准, 未核准, 已完成, 處理失敗.
    pub status: String,
    pub reason: Option<String>,
    /// What happens next.
    pub next_step: String,
    pub console_url: String,
}

/// Tells the owner of an account that it is locked after too many failed
/// sign-ins, with a single-use link that unlocks it.
#[derive(Debug, Clone)]
pub struct SignInUnlock {
    pub recipient_name: String,
    pub login: String,
    /// The console page that takes the token.
    pub unlock_url: String,
    /// Taipei time the link expires, as shown to people.
    pub expires: String,
}

/// The two parts of each email: its data `m`, rendered by a text and an
/// HTML template.
macro_rules! parts {
    ($data:ty, $text:ident = $text_path:literal, $html:ident = $html_path:literal) => {
        #[derive(Template)]
        #[template(path = $text_path, escape = "none")]
        struct $text<'a> {
            m: &'a $data,
        }

        #[derive(Template)]
        #[template(path = $html_path)]
        struct $html<'a> {
            m: &'a $data,
        }
    };
}

parts!(
    RosterOpened,
    RosterOpenedText = "email/roster_opened.txt",
    RosterOpenedHtml = "email/roster_opened.html"
);
parts!(
    RosterReminder,
    RosterReminderText = "email/roster_reminder.txt",
    RosterReminderHtml = "email/roster_reminder.html"
);
parts!(
    TransferNotice,
    TransferNoticeText = "email/transfer_notice.txt",
    TransferNoticeHtml = "email/transfer_notice.html"
);

parts!(
    CourseDecision,
    CourseDecisionText = "email/course_decision.txt",
    CourseDecisionHtml = "email/course_decision.html"
);
parts!(
    ReviewDigest,
    ReviewDigestText = "email/review_digest.txt",
    ReviewDigestHtml = "email/review_digest.html"
);

parts!(
    RegistrationNotice,
    RegistrationNoticeText = "email/registration_notice.txt",
    RegistrationNoticeHtml = "email/registration_notice.html"
);

parts!(
    ApplicationNotice,
    ApplicationStatusText = "email/application_status.txt",
    ApplicationStatusHtml = "email/application_status.html"
);

parts!(
    SignInUnlock,
    SignInUnlockText = "email/sign_in_unlock.txt",
    SignInUnlockHtml = "email/sign_in_unlock.html"
);

impl Email for SignInUnlock {
    const NAME: &'static str = "sign_in_unlock";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!("【教師進修網】帳號 {} 已暫停登入", self.login),
            text: SignInUnlockText { m: self }.render()?,
            html: SignInUnlockHtml { m: self }.render()?,
        })
    }
}

impl Email for ApplicationNotice {
    const NAME: &'static str = "application_status";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】{}第 {} 號：{}",
                self.kind, self.number, self.status
            ),
            text: ApplicationStatusText { m: self }.render()?,
            html: ApplicationStatusHtml { m: self }.render()?,
        })
    }
}

impl Email for RegistrationNotice {
    const NAME: &'static str = "registration_notice";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】研習報名：{}（{} {}）",
                self.outcome, self.course_code, self.course_title
            ),
            text: RegistrationNoticeText { m: self }.render()?,
            html: RegistrationNoticeHtml { m: self }.render()?,
        })
    }
}

impl Email for CourseDecision {
    const NAME: &'static str = "course_decision";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】研習審核結果：{}（{} {}）",
                self.decision, self.course_code, self.course_title
            ),
            text: CourseDecisionText { m: self }.render()?,
            html: CourseDecisionHtml { m: self }.render()?,
        })
    }
}

impl Email for ReviewDigest {
    const NAME: &'static str = "review_digest";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】研習審核：新增 {} 筆待審（{}）",
                self.items.len(),
                self.unit_name
            ),
            text: ReviewDigestText { m: self }.render()?,
            html: ReviewDigestHtml { m: self }.render()?,
        })
    }
}

impl Email for RosterOpened {
    const NAME: &'static str = "roster_opened";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】{} 學年度教師資料維護開始（{}）",
                self.school_year, self.unit_name
            ),
            text: RosterOpenedText { m: self }.render()?,
            html: RosterOpenedHtml { m: self }.render()?,
        })
    }
}

impl Email for RosterReminder {
    const NAME: &'static str = "roster_reminder";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】提醒：{} 學年度教師資料尚未確認（{}）",
                self.school_year, self.unit_name
            ),
            text: RosterReminderText { m: self }.render()?,
            html: RosterReminderHtml { m: self }.render()?,
        })
    }
}

impl Email for TransferNotice {
    const NAME: &'static str = "transfer_notice";

    fn render(&self) -> Result<Rendered, askama::Error> {
        Ok(Rendered {
            subject: format!(
                "【教師進修網】教師轉入申請：{}（{}）",
                self.teacher_name, self.to_school
            ),
            text: TransferNoticeText { m: self }.render()?,
            html: TransferNoticeHtml { m: self }.render()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roster_opening_renders_every_value_in_both_parts() {
        let r = RosterOpened {
            recipient_name: "王美玲".into(),
            unit_name: "臺北市大安區幸安國民小學".into(),
            school_year: 115,
            deadline: "2026-09-30".into(),
            console_url: "https://inservice.example/roster/115".into(),
        }
        .render()
        .unwrap();
        assert_eq!(
            r.subject,
            "【教師進修網】115 學年度教師資料維護開始（臺北市大安區幸安國民小學）"
        );
        for part in [&r.text, &r.html] {
            for value in [
                "王美玲",
                "臺北市大安區幸安國民小學",
                "115 學年度",
                "2026-09-30",
                "https://inservice.example/roster/115",
            ] {
                assert!(part.contains(value), "{value} missing from {part}");
            }
        }
        assert!(r.html.starts_with("<!doctype html>"));
    }

    #[test]
    fn the_reminder_says_how_many_days_are_left() {
        let r = RosterReminder {
            recipient_name: "許文彥".into(),
            unit_name: "臺南市東區勝利國民小學".into(),
            school_year: 115,
            deadline: "2026-09-30".into(),
            days_left: 6,
            console_url: "https://inservice.example/roster/115".into(),
        }
        .render()
        .unwrap();
        assert!(r.subject.contains("提醒"));
        assert!(r.text.contains("還有 6 天"));
        assert!(r.html.contains("還有 6 天"));
    }

    #[test]
    fn a_return_carries_its_reason_and_an_approval_has_none() {
        let returned = CourseDecision {
            recipient_name: "王美玲".into(),
            unit_name: "臺北市大安區幸安國民小學".into(),
            course_code: "3500001".into(),
            course_title: "特教知能研習".into(),
            decision: "退回修正".into(),
            reason: Some("時數與課表不符".into()),
            reviewer_name: "臺北市政府教育局".into(),
            next_step: "請修正後重新送審。".into(),
            console_url: "https://inservice.example/courses/x".into(),
        };
        let r = returned.render().unwrap();
        assert_eq!(
            r.subject,
            "【教師進修網】研習審核結果：退回修正（3500001 特教知能研習）"
        );
        for part in [&r.text, &r.html] {
            for value in [
                "3500001",
                "特教知能研習",
                "時數與課表不符",
                "臺北市政府教育局",
            ] {
                assert!(part.contains(value), "{value} missing from {part}");
            }
        }
        let approved = CourseDecision {
            decision: "核准".into(),
            reason: None,
            ..returned
        }
        .render()
        .unwrap();
        assert!(!approved.text.contains("理由"), "{}", approved.text);
    }

    #[test]
    fn the_digest_lists_every_new_item() {
        let r = ReviewDigest {
            recipient_name: "陳志明".into(),
            unit_name: "臺北市政府教育局".into(),
            items: vec![
                DigestItem {
                    code: "3500001".into(),
                    title: "特教知能研習".into(),
                    organizer: "幸安國小".into(),
                    submitted: "2026-11-27".into(),
                },
                DigestItem {
                    code: "3500002".into(),
                    title: "數位學習 <工作坊>".into(),
                    organizer: "建國中學".into(),
                    submitted: "2026-11-28".into(),
                },
            ],
            pending_total: 5,
            console_url: "https://inservice.example/reviews".into(),
        }
        .render()
        .unwrap();
        assert!(r.subject.contains("新增 2 筆"));
        for part in [&r.text, &r.html] {
            for value in ["3500001", "3500002", "幸安國小", "共 5 筆"] {
                assert!(part.contains(value), "{value} missing from {part}");
            }
        }
        assert!(r.html.contains("&#60;工作坊&#62;") || r.html.contains("&lt;工作坊&gt;"));
    }

    #[test]
    fn html_escapes_values_and_text_keeps_them_verbatim() {
        let r = RosterOpened {
            recipient_name: "<script>alert(1)</script>".into(),
            unit_name: "A & B 國小".into(),
            school_year: 115,
            deadline: "2026-09-30".into(),
            console_url: "https://inservice.example/?a=1&b=2".into(),
        }
        .render()
        .unwrap();
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&#60;script&#62;"), "{}", r.html);
        assert!(
            r.html.contains("A &#38; B") || r.html.contains("A &amp; B"),
            "{}",
            r.html
        );
        assert!(r.text.contains("<script>alert(1)</script>"));
        assert!(r.text.contains("A & B 國小"));
    }
}
