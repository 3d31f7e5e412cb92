-- Files attached to announcements (PDF, ODF documents, images), stored in
-- PostgreSQL so every server instance serves them and backups include them.
-- The type is decided from the content, never from the client's claim.

CREATE TABLE announcement_attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    announcement_id uuid NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    size_bytes int NOT NULL CHECK (size_bytes > 0),
    sha256 bytea NOT NULL,
    data bytea NOT NULL,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX announcement_attachments_announcement_idx
    ON announcement_attachments (announcement_id, created_at);
