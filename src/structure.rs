//! Structural tests: rules about the shape of the code itself, checked by
//! reading `src/` (docs/architecture.md, "Structural tests").

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every Rust file under `src/`, with its path relative to `src/` and its text.
fn sources() -> Vec<(PathBuf, String)> {
    let src = src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            (file.strip_prefix(&src).unwrap().to_owned(), text)
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `text` imports the edge (`src/http/`): `crate::http…`, or `http` in a
/// `use crate::{…}` group.
fn uses_the_edge(text: &str) -> bool {
    let in_group = text.split("use crate::{").skip(1).any(|rest| {
        let group = rest.split(";").next().unwrap_or_default();
        group.split([',', '{']).any(|item| {
            let item = item.trim();
            item == "http" || item == "http}" || item.starts_with("http::")
        })
    });
    in_group || text.contains("crate::http")
}

/// Top-level files that may use the edge: the one that starts the server.
const ASSEMBLE_THE_SERVER: &[&str] = &["startup.rs"];

#[test]
fn only_the_edge_knows_poem_and_no_domain_imports_the_edge() {
    let mut offenders = Vec::new();
    for (relative, text) in sources() {
        // The edge itself, and this file, which names what it looks for.
        if relative.starts_with("http") || relative == Path::new("structure.rs") {
            continue;
        }
        if text.contains("poem") {
            offenders.push(format!("{} names poem", relative.display()));
        }
        let assembles = ASSEMBLE_THE_SERVER
            .iter()
            .any(|name| relative == Path::new(name));
        if uses_the_edge(&text) != assembles {
            offenders.push(if assembles {
                format!(
                    "{} no longer uses the edge: drop it from the list",
                    relative.display()
                )
            } else {
                format!("{} imports crate::http", relative.display())
            });
        }
    }
    assert!(
        offenders.is_empty(),
        "only src/http/ may know the web framework, and domains must not \
         reach into it (return data or a crate::download::Download instead): \
         {offenders:#?}"
    );
}

/// The files that may act as the system, with no viewer: the demo seed, and
/// the definition itself.
const ACT_AS_THE_SYSTEM: &[&str] = &["seed", "authz/access.rs", "structure.rs"];

#[test]
fn only_the_seed_acts_as_the_system() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(relative, text)| {
            text.contains("by_system(")
                && !ACT_AS_THE_SYSTEM
                    .iter()
                    .any(|allowed| relative.starts_with(allowed))
        })
        .map(|(relative, _)| relative.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "Granted::by_system skips authorization; outside the demo seed, get the \
         row from Access::fetch or Access::grant instead: {offenders:#?}"
    );
}

/// What only a domain function may do: name the database.
const DATABASE_WORDS: &[&str] = &[
    "sqlx",
    ".pool()",
    ".begin()",
    "PgConnection",
    "Transaction<",
];

/// A resolver parses its input, calls one domain function with the
/// `Access` and builds the payload (docs/architecture.md): the domain
/// function owns the queries, the transaction and the rules, so a rule or a
/// lock is never half in a resolver. A file that mixes the two is split into
/// `<topic>/mod.rs` and `<topic>/graphql.rs`.
#[test]
fn resolvers_never_touch_the_database() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(relative, _)| relative != Path::new("structure.rs"))
        .filter(|(_, text)| text.contains("#[Object") || text.contains("#[ComplexObject"))
        .filter_map(|(relative, text)| {
            let words: Vec<&str> = DATABASE_WORDS
                .iter()
                .copied()
                .filter(|word| text.contains(word))
                .collect();
            (!words.is_empty()).then(|| format!("{} names {words:?}", relative.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "move queries and transactions out of resolver files into domain \
         functions taking &Access: {offenders:#?}"
    );
}
