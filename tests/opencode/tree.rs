//! OpenCode's session tree: what deleting a session takes with it.

/// `session` and every session under it in `tree` (each session with its parent), in the
/// order OpenCode deletes them and sends their `session.deleted`: each child's subtree before
/// its parent, siblings in the order of `tree`.
pub fn deletion_order<'a>(session: &str, tree: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Vec<String> {
    let tree: Vec<(&str, Option<&str>)> = tree.into_iter().collect();
    let mut order = Vec::new();
    add_subtree(session, &tree, &mut order);
    order
}

fn add_subtree(session: &str, tree: &[(&str, Option<&str>)], order: &mut Vec<String>) {
    if order.iter().any(|s| s == session) {
        return;
    }
    for (child, _) in tree.iter().filter(|(_, parent)| *parent == Some(session)) {
        add_subtree(child, tree, order);
    }
    order.push(session.to_string());
}
