//! The one place where everything a GraphQL request carries is checked
//! before any resolver runs (docs/api.md, "Limits").
//!
//! [`RequestLimits`] is an async-graphql extension. In `prepare_request` it
//! parses the query itself and walks every argument value of every field,
//! inline literals and variables alike (variables through the argument that
//! uses them, so an error names `createContact.input.name`, not `$input`),
//! nested objects and lists included:
//! - text: no control characters (C0 except tab, line feed and carriage
//!   return; DEL; C1), at most [`MAX_TEXT_CHARS`] characters, and every
//!   string normalised to NFC, so that names typed with combining marks or
//!   compatibility ideographs compare equal to the stored ones;
//! - lists: at most [`MAX_LIST_ITEMS`] items, or the higher limit of
//!   [`LIST_LIMITS`] for the few arguments that need one;
//! - selections: at most [`MAX_SAME_FIELD`] selections of one field name in
//!   one selection set (aliases), which bounds what one request can make the
//!   server look up and audit.
//!
//! The checked, normalised document and variables are the ones executed. In
//! `validation` it refuses queries whose cost (lists count their size times
//! their items) is over [`MAX_COMPLEXITY`](super::MAX_COMPLEXITY), naming the
//! cost.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use async_graphql::{
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextValidation,
    },
    parser::{
        parse_query,
        types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
    },
    ErrorExtensionValues, Request, ServerError, ServerResult, ValidationResult, Value, Variables,
};
use async_graphql_value::Value as InputValue;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::MAX_COMPLEXITY;

/// The most characters one text value may have, whatever the field (fields
/// check their own, smaller limits on top of this).
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Text fields that document more than [`MAX_TEXT_CHARS`], by
/// `field.argument.inputField`: an announcement's body takes 20,000
/// characters, which its own check reports in the payload (the request
/// body limit bounds it here).
pub const TEXT_LIMITS: &[(&str, usize)] = &[
    ("createAnnouncement.input.bodyMarkdown", usize::MAX),
    ("updateAnnouncement.input.bodyMarkdown", usize::MAX),
];
/// The most items one list argument may have, unless [`LIST_LIMITS`] says more.
pub const MAX_LIST_ITEMS: usize = 100;
/// List arguments allowed more than [`MAX_LIST_ITEMS`] items, by
/// `field.argument[.inputField…]`: a whole course's hours and a school's
/// statements are the same rows a file upload takes (the request body limit
/// bounds them further), and a unit's contacts are all reordered at once.
pub const LIST_LIMITS: &[(&str, usize)] = &[
    ("grantHours.entries", crate::hours::upload::MAX_ROWS),
    (
        "recordSignInStatements.statements",
        // As `recordSignInStatements` itself checks (5,000).
        5_000,
    ),
    ("reorderContacts.contactIds", 500),
    (
        "sendRosterReminders.unitIds",
        crate::roster::MAX_REMINDER_SCHOOLS,
    ),
];
/// The most selections of one field name (aliases included) in one
/// selection set.
pub const MAX_SAME_FIELD: usize = 20;
/// How deeply list and object values may nest inside one argument.
const MAX_VALUE_NESTING: usize = 16;
/// Selections nested deeper are not walked here: validation refuses them
/// (`MAX_DEPTH`), and walking them first would only spend stack.
const MAX_SELECTION_NESTING: usize = 64;

/// The extension; add it to the schema with `.extension(RequestLimits)`.
pub struct RequestLimits;

impl ExtensionFactory for RequestLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestLimits)
    }
}

#[async_trait::async_trait]
impl Extension for RequestLimits {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // A query that does not parse is left to async-graphql, which
        // reports the syntax error as usual.
        if let Ok(mut doc) = parse_query(&request.query) {
            check_document(&mut doc, &mut request.variables)?;
            request.set_parsed_query(doc);
        }
        next.run(ctx, request).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if result.complexity > MAX_COMPLEXITY {
            return Err(vec![bad_request(
                format!(
                    "Query is too complex: its cost is {} over the limit of {MAX_COMPLEXITY} \
                     (each list counts its `first`, or its documented bound, times its \
                     items). Ask for fewer items or fewer nested lists.",
                    result.complexity
                ),
                None,
            )]);
        }
        Ok(result)
    }
}

/// A refused request: code `BAD_REQUEST` and, when one field is at fault,
/// `field` with its path.
fn bad_request(message: String, field: Option<&str>) -> ServerError {
    let mut err = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", "BAD_REQUEST");
    if let Some(field) = field {
        ext.set("field", field);
    }
    err.extensions = Some(ext);
    err
}

/// Where a variable is first used, for naming it in errors, and the
/// strictest list limit among its uses.
struct VariableUse {
    path: String,
    key: String,
}

struct Walker<'d> {
    fragments: HashMap<&'d str, &'d SelectionSet>,
    /// Field-name counts of each fragment's top level, computed once each,
    /// so that fragments spread many times cost no more than one walk.
    fragment_counts: HashMap<&'d str, HashMap<&'d str, usize>>,
    variables: HashMap<String, VariableUse>,
}

/// Checks (and normalises) every argument of `doc` and the variables it uses.
fn check_document(doc: &mut ExecutableDocument, variables: &mut Variables) -> ServerResult<()> {
    // First the read-only checks of the selections; they also learn where
    // each variable is used.
    let mut used = {
        let mut walker = Walker {
            fragments: doc
                .fragments
                .iter()
                .map(|(name, f)| (name.as_str(), &f.node.selection_set.node))
                .collect(),
            fragment_counts: HashMap::new(),
            variables: HashMap::new(),
        };
        for (_, operation) in doc.operations.iter() {
            walker.selection_set(&operation.node.selection_set.node, "", &mut Vec::new())?;
        }
        for (name, fragment) in &doc.fragments {
            walker.selection_set(
                &fragment.node.selection_set.node,
                &format!("...{name}."),
                &mut Vec::new(),
            )?;
        }
        walker.variables
    };
    // Then the values themselves, normalised in place: inline arguments…
    let check_fields = |set: &mut SelectionSet, prefix: &str| -> ServerResult<()> {
        each_field_argument(set, prefix, 0, &mut |path, key, value| {
            check_value(value, path, key, 0)
        })
    };
    match &mut doc.operations {
        DocumentOperations::Single(op) => check_fields(&mut op.node.selection_set.node, "")?,
        DocumentOperations::Multiple(ops) => {
            for op in ops.values_mut() {
                check_fields(&mut op.node.selection_set.node, "")?;
            }
        }
    }
    for (name, fragment) in doc.fragments.iter_mut() {
        check_fields(
            &mut fragment.node.selection_set.node,
            &format!("...{name}."),
        )?;
    }
    // …then each variable once, named by its first use (or `$name`), and
    // the default values of variables.
    for (name, value) in variables.iter_mut() {
        let (path, key) = match used.remove(name.as_str()) {
            Some(u) => (u.path, u.key),
            None => (format!("${name}"), format!("${name}")),
        };
        check_value(value, &path, &key, 0)?;
    }
    let defaults = |op: &mut async_graphql::parser::types::OperationDefinition| {
        for def in &mut op.variable_definitions {
            let name = def.node.name.node.as_str();
            if let Some(default) = &mut def.node.default_value {
                let path = format!("${name}");
                check_value(&mut default.node, &path, &path, 0)?;
            }
        }
        ServerResult::Ok(())
    };
    match &mut doc.operations {
        DocumentOperations::Single(op) => defaults(&mut op.node)?,
        DocumentOperations::Multiple(ops) => {
            for op in ops.values_mut() {
                defaults(&mut op.node)?;
            }
        }
    }
    Ok(())
}

impl<'d> Walker<'d> {
    /// Counts selections per field name and records variable uses, then
    /// descends into sub-selections. `fields` is the path of field names.
    fn selection_set(
        &mut self,
        set: &'d SelectionSet,
        prefix: &str,
        fields: &mut Vec<&'d str>,
    ) -> ServerResult<()> {
        let mut counts = HashMap::new();
        self.count(set, &mut counts, &mut HashSet::new());
        if let Some((name, n)) = counts.iter().find(|(_, n)| **n > MAX_SAME_FIELD) {
            let path = join_path(prefix, fields, name);
            return Err(bad_request(
                format!(
                    "The field `{path}` is selected {n} times in one selection set \
                     (aliases included); at most {MAX_SAME_FIELD} selections of the same \
                     field are allowed."
                ),
                Some(&path),
            ));
        }
        self.children_of(set, prefix, fields)
    }

    /// Walks the fields of `set`, and of its inline fragments as if they
    /// were `set`'s own.
    fn children_of(
        &mut self,
        set: &'d SelectionSet,
        prefix: &str,
        fields: &mut Vec<&'d str>,
    ) -> ServerResult<()> {
        if fields.len() > MAX_SELECTION_NESTING {
            return Ok(());
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    for (arg, value) in &field.node.arguments {
                        let path = format!("{}.{}", join_path(prefix, fields, name), arg.node);
                        let key = format!("{name}.{}", arg.node);
                        self.variable_uses(&value.node, &path, &key, 0);
                    }
                    fields.push(name);
                    self.selection_set(&field.node.selection_set.node, prefix, fields)?;
                    fields.pop();
                }
                Selection::InlineFragment(inline) => {
                    self.children_of(&inline.node.selection_set.node, prefix, fields)?;
                }
                Selection::FragmentSpread(_) => {}
            }
        }
        Ok(())
    }

    /// Adds the field names of `set`'s level, through inline fragments and
    /// fragment spreads, to `counts`.
    fn count(
        &mut self,
        set: &'d SelectionSet,
        counts: &mut HashMap<&'d str, usize>,
        spreading: &mut HashSet<&'d str>,
    ) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let n = counts.entry(field.node.name.node.as_str()).or_default();
                    *n = n.saturating_add(1);
                }
                Selection::InlineFragment(inline) => {
                    self.count(&inline.node.selection_set.node, counts, spreading)
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if !self.fragment_counts.contains_key(name) {
                        // A cycle (refused later by validation) or an unknown
                        // fragment counts as nothing here.
                        let Some(fragment) = self.fragments.get(name).copied() else {
                            continue;
                        };
                        if !spreading.insert(name) {
                            continue;
                        }
                        let mut own = HashMap::new();
                        self.count(fragment, &mut own, spreading);
                        spreading.remove(name);
                        self.fragment_counts.insert(name, own);
                    }
                    if let Some(own) = self.fragment_counts.get(name) {
                        for (field, n) in own {
                            let total = counts.entry(field).or_default();
                            *total = total.saturating_add(*n);
                        }
                    }
                }
            }
        }
    }

    /// Records the first use of each variable inside an argument value.
    fn variable_uses(&mut self, value: &InputValue, path: &str, key: &str, depth: usize) {
        if depth > MAX_VALUE_NESTING {
            return;
        }
        match value {
            InputValue::Variable(name) => {
                let entry = self
                    .variables
                    .entry(name.to_string())
                    .or_insert_with(|| VariableUse {
                        path: path.to_owned(),
                        key: key.to_owned(),
                    });
                // A variable used where lists are capped lower must obey
                // the lower cap.
                if list_limit(key) < list_limit(&entry.key) {
                    *entry = VariableUse {
                        path: path.to_owned(),
                        key: key.to_owned(),
                    };
                }
            }
            InputValue::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.variable_uses(item, &format!("{path}[{i}]"), key, depth + 1);
                }
            }
            InputValue::Object(fields) => {
                for (name, item) in fields {
                    self.variable_uses(
                        item,
                        &format!("{path}.{name}"),
                        &format!("{key}.{name}"),
                        depth + 1,
                    );
                }
            }
            _ => {}
        }
    }
}

fn join_path(prefix: &str, fields: &[&str], name: &str) -> String {
    let mut path = String::from(prefix);
    for f in fields {
        path.push_str(f);
        path.push('.');
    }
    path.push_str(name);
    path
}

/// Calls `check` on every argument of every field in `set` and below, with
/// its path and its limit key (`field.argument`).
fn each_field_argument(
    set: &mut SelectionSet,
    prefix: &str,
    depth: usize,
    check: &mut dyn FnMut(&str, &str, &mut InputValue) -> ServerResult<()>,
) -> ServerResult<()> {
    if depth > MAX_SELECTION_NESTING {
        return Ok(());
    }
    for item in &mut set.items {
        match &mut item.node {
            Selection::Field(field) => {
                let name = field.node.name.node.to_string();
                let path = format!("{prefix}{name}");
                for (arg, value) in &mut field.node.arguments {
                    check(
                        &format!("{path}.{}", arg.node),
                        &format!("{name}.{}", arg.node),
                        &mut value.node,
                    )?;
                }
                each_field_argument(
                    &mut field.node.selection_set.node,
                    &format!("{path}."),
                    depth + 1,
                    check,
                )?;
            }
            Selection::InlineFragment(inline) => each_field_argument(
                &mut inline.node.selection_set.node,
                prefix,
                depth + 1,
                check,
            )?,
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

/// The most items the list at `key` may have.
fn list_limit(key: &str) -> usize {
    LIST_LIMITS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(MAX_LIST_ITEMS, |(_, n)| *n)
}

fn check_list(len: usize, path: &str, key: &str) -> ServerResult<()> {
    let limit = list_limit(key);
    if len > limit {
        return Err(bad_request(
            format!("`{path}` has {len} items; at most {limit} are allowed in one request."),
            Some(path),
        ));
    }
    Ok(())
}

fn too_deep(path: &str) -> ServerError {
    bad_request(
        format!("`{path}` nests lists and objects more than {MAX_VALUE_NESTING} levels deep."),
        Some(path),
    )
}

/// The most characters the text at `key` may have.
fn text_limit(key: &str) -> usize {
    TEXT_LIMITS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(MAX_TEXT_CHARS, |(_, n)| *n)
}

/// Checks one text value and normalises it to NFC in place.
fn check_text(text: &mut String, path: &str, key: &str) -> ServerResult<()> {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(bad_request(
            format!(
                "`{path}` contains the control character U+{:04X}; text may hold no control \
                 characters other than tab, line feed and carriage return.",
                u32::from(c)
            ),
            Some(path),
        ));
    }
    // Counted as sent, before normalising.
    let len = text.chars().count();
    let limit = text_limit(key);
    if len > limit {
        return Err(bad_request(
            format!("`{path}` is {len} characters long; text may be at most {limit}."),
            Some(path),
        ));
    }
    if is_nfc_quick(text.chars()) != IsNormalized::Yes {
        *text = text.nfc().collect();
    }
    Ok(())
}

/// The two value trees a request carries, inline arguments (which may name
/// variables, checked on their own) and variables' values, seen alike so
/// one walk checks both.
trait ValueTree: Sized {
    fn node(&mut self) -> Node<'_, Self>;
}

enum Node<'a, V> {
    Text(&'a mut String),
    List(&'a mut Vec<V>),
    Object(Vec<(&'a str, &'a mut V)>),
    Other,
}

impl ValueTree for InputValue {
    fn node(&mut self) -> Node<'_, Self> {
        match self {
            InputValue::String(text) => Node::Text(text),
            InputValue::List(items) => Node::List(items),
            InputValue::Object(fields) => {
                Node::Object(fields.iter_mut().map(|(n, v)| (n.as_str(), v)).collect())
            }
            _ => Node::Other,
        }
    }
}

impl ValueTree for Value {
    fn node(&mut self) -> Node<'_, Self> {
        match self {
            Value::String(text) => Node::Text(text),
            Value::List(items) => Node::List(items),
            Value::Object(fields) => {
                Node::Object(fields.iter_mut().map(|(n, v)| (n.as_str(), v)).collect())
            }
            _ => Node::Other,
        }
    }
}

/// Checks a value: its text, the length of its lists, its nesting.
fn check_value<V: ValueTree>(
    value: &mut V,
    path: &str,
    key: &str,
    depth: usize,
) -> ServerResult<()> {
    if depth > MAX_VALUE_NESTING {
        return Err(too_deep(path));
    }
    match value.node() {
        Node::Text(text) => check_text(text, path, key),
        Node::List(items) => {
            check_list(items.len(), path, key)?;
            for (i, item) in items.iter_mut().enumerate() {
                check_value(item, &format!("{path}[{i}]"), key, depth + 1)?;
            }
            Ok(())
        }
        Node::Object(fields) => {
            for (name, item) in fields {
                check_value(
                    item,
                    &format!("{path}.{name}"),
                    &format!("{key}.{name}"),
                    depth + 1,
                )?;
            }
            Ok(())
        }
        Node::Other => Ok(()),
    }
}
