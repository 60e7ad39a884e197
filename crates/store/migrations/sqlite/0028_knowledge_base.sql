-- Knowledge base: articles (the provider's, shared by every client), one version per language,
-- every saved text kept as a revision, files referenced from the Markdown, and what clients do
-- with them (votes, views, deflections: per user and client).
-- Keep in step with ../postgres/0028_knowledge_base.sql (the search index differs by design:
-- an FTS5 table here, a tsvector column there).
create table article (
    id integer primary key,
    slug text not null unique,
    category text not null,
    tags text not null default '[]',
    visibility text not null check (visibility in ('public', 'internal')),
    status text not null check (status in ('draft', 'published')),
    source_ticket_id bigint references ticket(id),
    created_by bigint references app_user(id),
    created_at_us bigint not null,
    updated_at_us bigint not null,
    published_at_us bigint
);
create index article_listing on article(status, visibility, updated_at_us);

create table article_version (
    id integer primary key,
    article_id bigint not null references article(id),
    lang text not null check (lang in ('es', 'en')),
    title text not null,
    body text not null,
    updated_by bigint references app_user(id),
    updated_at_us bigint not null,
    unique (article_id, lang)
);

create table article_revision (
    id integer primary key,
    article_id bigint not null references article(id),
    lang text not null,
    title text not null,
    body text not null,
    saved_by bigint references app_user(id),
    saved_at_us bigint not null
);
create index article_revision_article on article_revision(article_id, id);

create table article_file (
    id integer primary key,
    article_id bigint not null references article(id),
    filename text not null,
    content_type text not null,
    size_bytes bigint not null,
    sha256 text not null,
    data blob not null,
    uploaded_by bigint references app_user(id),
    created_at_us bigint not null
);
create index article_file_article on article_file(article_id);

create table article_vote (
    article_id bigint not null references article(id),
    user_id bigint not null references app_user(id),
    client_id bigint references client(id),
    helpful boolean not null,
    at_us bigint not null,
    primary key (article_id, user_id)
);

create table article_view (
    id integer primary key,
    article_id bigint not null references article(id),
    user_id bigint references app_user(id),
    client_id bigint references client(id),
    at_us bigint not null
);
create index article_view_article on article_view(article_id);
create index article_view_at on article_view(at_us, client_id);

create table article_deflection (
    id integer primary key,
    article_id bigint not null references article(id),
    user_id bigint references app_user(id),
    client_id bigint references client(id),
    query text not null,
    at_us bigint not null
);
create index article_deflection_at on article_deflection(at_us, client_id);

-- The text is folded in Rust (domain::search::index_text), so no diacritics are left to remove;
-- rowid = article_version.id. Contentless: the text lives in article_version only.
create virtual table article_fts using fts5(
    title, body, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
