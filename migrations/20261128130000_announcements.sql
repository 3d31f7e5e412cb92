-- Announcements (公佈欄 bulletin / 最新消息 news / 跑馬燈 marquee). Operators
-- publish to the whole network (unit_id NULL, shown to everyone, signed in or
-- not); admins publish for their unit, shown to the users of that unit and of
-- every unit it governs (a county's announcement reaches its schools).

CREATE TABLE announcements (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Insertion order, the last tie-breaker of the feed's order.
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind text NOT NULL CHECK (kind IN ('bulletin', 'news', 'marquee')),
    unit_id uuid REFERENCES org_units (id),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    -- Markdown as written; rendered and sanitized when read.
    body_markdown text NOT NULL DEFAULT '' CHECK (length(body_markdown) <= 20000),
    publish_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    pinned boolean NOT NULL DEFAULT false,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT announcements_expiry_after_publish
        CHECK (expires_at IS NULL OR expires_at > publish_at)
);
SELECT manage_updated_at('announcements');
CREATE INDEX announcements_feed_idx ON announcements (kind, pinned DESC, publish_at DESC, seq DESC);
CREATE INDEX announcements_unit_idx ON announcements (unit_id);
