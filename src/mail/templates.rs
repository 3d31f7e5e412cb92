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
