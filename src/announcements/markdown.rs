//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes anything
//! that could run or load code (scripts, event handlers, `javascript:` links,
//! styles, iframes), whatever the author wrote.

use pulldown_cmark::{html, Options, Parser};

pub fn render_markdown(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render_markdown;

    #[test]
    fn markdown_becomes_html() {
        let html = render_markdown(
            "# 研習公告\n\n請於 **9 月 30 日** 前[報名](https://inservice.example/c/1)。",
        );
        assert!(html.contains("<h1>研習公告</h1>"));
        assert!(html.contains("<strong>9 月 30 日</strong>"));
        assert!(html.contains(r#"<a href="https://inservice.example/c/1" rel="noopener noreferrer nofollow">報名</a>"#), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = render_markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))\n\n<iframe src=https://evil.example></iframe>\n\n<a href=\"#\" style=\"x\" onclick=\"alert(4)\">a</a>",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "onclick",
            "style=",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }
}
