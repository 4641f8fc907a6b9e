//! Lineage limits, a sub-machine that owns its state. The depth of a launch is the length of
//! its parent chain; sessions this manager created know theirs, others are looked up with
//! `session.get` (cached, cycle-safe). If the chain cannot be resolved the launch is refused:
//! the limits fail closed. The same lookup reads each session's restrictions (its deny and
//! `external_directory` rules), which a child launched from it inherits; unreadable rules fail
//! closed too. A launch reserves one descendant of its root session; the
//! reservation is given back if the task ends before its child session exists.
//!
//! It makes no calls: [`Lineage::park`] says when a lookup should start, and
//! [`Lineage::on_step`] what a reply means (ask for the next session up, or the launches that
//! waited, whose parent's place and restrictions are known now, or their refusal); the manager
//! makes the calls and admits or fails the tasks.

use crate::FastMap;
use crate::api::*;
use serde::{Deserialize, Serialize};

/// Where a session sits: how many ancestors it has, and its root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Place {
    pub depth: u32,
    pub root: String,
}

/// The limits a launch must keep to (config `maxDepth`, `maxDescendants`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub max_depth: u32,
    pub max_descendants: u32,
}

/// A launch within the limits: its depth and its root session.
pub(crate) type Admitted = (u32, String);

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Lineage {
    /// Sessions whose place is known (from `session.get`).
    places: FastMap<String, Place>,
    /// Reserved descendants per root session.
    descendants: FastMap<String, u32>,
    /// The restrictions of the sessions looked up (absent from older snapshots: asked again).
    #[serde(default)]
    restrictions: FastMap<String, Vec<PermissionRule>>,
    /// Launches waiting for the lineage of their parent session, by that session (not saved:
    /// the lookups in flight die with the instance, a restore starts them again).
    #[serde(skip)]
    waiting: FastMap<String, Vec<String>>,
}

/// What a step of the walk up means.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Nothing to do (an empty chain).
    Stale,
    /// Look up `session`, the next one up; `chain` is the walk so far, ending with it.
    Ask { chain: Vec<String>, session: String },
    /// The place of the session the walk started from is known now (see [`Lineage::known`]):
    /// the launches that waited for it.
    Resolved { waiting: Vec<String> },
    /// The lineage cannot be resolved, or is too deep: the launches that waited are refused.
    Refused { waiting: Vec<String>, reason: String },
}

#[derive(Deserialize)]
struct SessionInfo {
    #[serde(default, rename = "parentID")]
    parent_id: Option<String>,
    #[serde(default)]
    permission: Option<serde_json::Value>,
}

/// What a child inherits of its parent session's rules: what OpenCode's own `task` tool copies
/// into a sub-agent's session (the deny rules, and every `external_directory` rule).
pub(crate) fn restrictions(rules: &[PermissionRule]) -> Vec<PermissionRule> {
    rules
        .iter()
        .filter(|r| r.action == PermissionAction::Deny || r.permission == "external_directory")
        .cloned()
        .collect()
}

impl Lineage {
    /// The place of a session this lineage looked up.
    pub(crate) fn known(&self, session: &str) -> Option<Place> {
        self.places.get(session).cloned()
    }

    /// The restrictions of a session this lineage looked up.
    pub(crate) fn restrictions_of(&self, session: &str) -> Option<&[PermissionRule]> {
        self.restrictions.get(session).map(Vec::as_slice)
    }

    /// Takes in the lineage another instance saved (a restore, or an adoption): the places and
    /// restrictions this one does not know (its own stand where both know a session), and its
    /// reservations added to this one's, per root (both instances launched under those roots).
    pub(crate) fn merge(&mut self, other: Lineage) {
        for (session, place) in other.places {
            self.places.entry(session).or_insert(place);
        }
        for (session, rules) in other.restrictions {
            self.restrictions.entry(session).or_insert(rules);
        }
        for (root, reserved) in other.descendants {
            let count = self.descendants.entry(root).or_insert(0);
            *count = count.saturating_add(reserved);
        }
    }

    /// Checks the limits for a launch under `parent` and reserves a descendant of its root.
    pub(crate) fn admit(&mut self, parent: &Place, limits: Limits) -> Result<Admitted, String> {
        let depth = parent.depth.saturating_add(1);
        if depth > limits.max_depth {
            return Err(format!(
                "Refused: background tasks may nest at most {} levels deep (config `maxDepth`); this launch would be at depth {depth}.",
                limits.max_depth
            ));
        }
        let used = self.descendants.get(&parent.root).copied().unwrap_or(0);
        if used >= limits.max_descendants {
            return Err(format!(
                "Refused: the session tree of {} already has {used} background tasks, the most allowed (config `maxDescendants`).",
                parent.root
            ));
        }
        self.descendants.insert(parent.root.clone(), used.saturating_add(1));
        Ok((depth, parent.root.clone()))
    }

    /// Gives back a reservation under `root` (its task ended before its child session existed).
    pub(crate) fn release(&mut self, root: &str) {
        if let Some(count) = self.descendants.get_mut(root) {
            *count = count.saturating_sub(1);
        }
    }

    /// Parks launch `task` until the place of `parent` is known. Returns the lookup to start, if
    /// no one asked for that session yet (a launch already parked there starts nothing).
    pub(crate) fn park(&mut self, task: &str, parent: &str) -> Option<Vec<String>> {
        let waiting = self.waiting.entry(parent.to_string()).or_default();
        if waiting.iter().any(|t| t == task) {
            return None;
        }
        waiting.push(task.to_string());
        (waiting.len() == 1).then(|| vec![parent.to_string()])
    }

    /// One step of the walk up: `chain` is [origin, its parent, …, the session just fetched].
    /// `known` gives the place of a session the manager knows without asking (its tasks' sessions).
    pub(crate) fn on_step(
        &mut self,
        mut chain: Vec<String>,
        reply: Result<String, SdkError>,
        known: impl Fn(&str) -> Option<Place>,
        max_depth: u32,
    ) -> Step {
        let Some(last) = chain.last().cloned() else { return Step::Stale };
        let info = reply.map_err(|e| e.message).and_then(|json| {
            serde_json::from_str::<SessionInfo>(&json).map_err(|e| format!("unreadable session: {e}"))
        });
        let parent = match info {
            Err(reason) => return self.failed(&chain, &format!("looking up session {last} failed: {reason}")),
            Ok(info) => match crate::agents::read_rules(info.permission) {
                Err(reason) => {
                    let reason = format!(
                        "Refused: the permission rules of session {last} cannot be read ({reason}), so the child's rights cannot be kept within its caller's."
                    );
                    return self.refuse(&chain, reason);
                }
                Ok(rules) => {
                    self.restrictions.insert(last.clone(), restrictions(&rules));
                    info.parent_id.filter(|p| !p.is_empty())
                }
            },
        };
        let place_of = |session: &str| known(session).or_else(|| self.known(session));
        let top = match parent {
            None => Place { depth: 0, root: last.clone() },
            Some(p) => match place_of(&p) {
                Some(place) => Place { depth: place.depth.saturating_add(1), root: place.root },
                None if chain.contains(&p) => {
                    return self.failed(&chain, &format!("the parent chain loops at session {p}"));
                }
                None if chain.len() as u64 > u64::from(max_depth) + 1 => {
                    // Deeper than any allowed launch: no need to find the root.
                    let depth = chain.len() as u32;
                    let reason = format!(
                        "Refused: background tasks may nest at most {max_depth} levels deep (config `maxDepth`); this launch would be deeper than {depth}."
                    );
                    return self.refuse(&chain, reason);
                }
                None => {
                    chain.push(p.clone());
                    return Step::Ask { chain, session: p };
                }
            },
        };
        // Every session of the chain now has a known place.
        let n = chain.len();
        for (i, session) in chain.iter().enumerate() {
            let depth = top.depth.saturating_add(u32::try_from(n - 1 - i).unwrap_or(u32::MAX));
            self.places.insert(session.clone(), Place { depth, root: top.root.clone() });
        }
        let origin = chain.first().cloned().unwrap_or_default();
        Step::Resolved { waiting: self.waiting.remove(&origin).unwrap_or_default() }
    }

    fn failed(&mut self, chain: &[String], why: &str) -> Step {
        let reason = format!(
            "Refused: the session lineage could not be resolved ({why}), so `maxDepth` and `maxDescendants` cannot be enforced safely."
        );
        self.refuse(chain, reason)
    }

    fn refuse(&mut self, chain: &[String], reason: String) -> Step {
        let waiting = chain.first().and_then(|origin| self.waiting.remove(origin)).unwrap_or_default();
        Step::Refused { waiting, reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { max_depth: 3, max_descendants: 2 };

    fn reply(parent: Option<&str>) -> Result<String, SdkError> {
        Ok(match parent {
            Some(p) => format!(r#"{{"parentID":"{p}"}}"#),
            None => "{}".into(),
        })
    }

    #[test]
    fn a_walk_up_asks_for_each_ancestor_then_places_the_waiting_launches() {
        let mut l = Lineage::default();
        let chain = l.park("t1", "child").expect("the first waiter asks");
        assert_eq!(l.park("t2", "child"), None, "one lookup per session");
        let unknown = |_: &str| None;
        let Step::Ask { chain, session } = l.on_step(chain, reply(Some("root")), unknown, 3) else {
            panic!("the parent is unknown: ask for it");
        };
        assert_eq!(session, "root");
        let step = l.on_step(chain, reply(None), unknown, 3);
        let root = Place { depth: 0, root: "root".into() };
        assert_eq!(step, Step::Resolved { waiting: vec!["t1".into(), "t2".into()] });
        assert_eq!(l.known("child"), Some(Place { depth: 1, root: "root".into() }));
        assert_eq!(l.known("root"), Some(root));
    }

    #[test]
    fn a_loop_in_the_parent_chain_refuses_the_launch() {
        let mut l = Lineage::default();
        let chain = l.park("t", "a").expect("asks");
        let Step::Ask { chain, .. } = l.on_step(chain, reply(Some("b")), |_| None, 5) else { panic!("asks for b") };
        let Step::Refused { waiting, reason } = l.on_step(chain, reply(Some("a")), |_| None, 5) else {
            panic!("a -> b -> a loops");
        };
        assert_eq!(waiting, vec!["t".to_string()]);
        assert!(reason.contains("loops at session a"), "{reason}");
    }

    #[test]
    fn a_merged_lineage_keeps_its_own_places_and_rules_and_adds_the_reservations() {
        let mut ours = Lineage::default();
        let mut theirs = Lineage::default();
        ours.places.insert("s".into(), Place { depth: 1, root: "r".into() });
        theirs.places.insert("s".into(), Place { depth: 2, root: "x".into() });
        theirs.places.insert("t".into(), Place { depth: 0, root: "t".into() });
        let deny = |p: &str| {
            vec![PermissionRule { permission: p.into(), pattern: "*".into(), action: PermissionAction::Deny }]
        };
        ours.restrictions.insert("s".into(), deny("edit"));
        theirs.restrictions.insert("s".into(), Vec::new());
        theirs.restrictions.insert("t".into(), deny("bash"));
        let root = Place { depth: 0, root: "r".into() };
        assert!(ours.admit(&root, LIMITS).is_ok());
        assert!(theirs.admit(&root, LIMITS).is_ok());
        ours.merge(theirs);
        assert_eq!(ours.known("s"), Some(Place { depth: 1, root: "r".into() }), "ours stands");
        assert_eq!(ours.known("t"), Some(Place { depth: 0, root: "t".into() }));
        assert_eq!(ours.restrictions_of("s"), Some(&deny("edit")[..]), "ours stands");
        assert_eq!(ours.restrictions_of("t"), Some(&deny("bash")[..]));
        assert!(ours.admit(&root, LIMITS).is_err_and(|e| e.contains("maxDescendants")), "1 + 1 of 2 reserved");
    }

    #[test]
    fn a_lookup_keeps_the_restrictions_and_unreadable_rules_refuse() {
        let mut l = Lineage::default();
        let chain = l.park("t", "sub").expect("asks");
        let info = r#"{"permission": [
            {"permission": "edit", "pattern": "*", "action": "deny"},
            {"permission": "bash", "pattern": "*", "action": "allow"},
            {"permission": "external_directory", "pattern": "/tmp/*", "action": "allow"}]}"#;
        assert!(matches!(l.on_step(chain, Ok(info.into()), |_| None, 3), Step::Resolved { .. }));
        let kept: Vec<&str> =
            l.restrictions_of("sub").unwrap_or_default().iter().map(|r| r.permission.as_str()).collect();
        assert_eq!(kept, ["edit", "external_directory"], "allows other than external_directory are not inherited");

        let chain = l.park("u", "odd").expect("asks");
        let odd = r#"{"permission": [{"permission": "edit", "pattern": "*", "action": "sometimes"}]}"#;
        let Step::Refused { waiting, reason } = l.on_step(chain, Ok(odd.into()), |_| None, 3) else {
            panic!("unreadable rules fail closed");
        };
        assert_eq!(waiting, vec!["u".to_string()]);
        assert!(reason.contains("permission rules of session odd cannot be read"), "{reason}");
        assert_eq!(l.known("odd"), None);
    }

    #[test]
    fn reservations_count_per_root_and_are_given_back() {
        let mut l = Lineage::default();
        let root = Place { depth: 0, root: "r".into() };
        assert_eq!(l.admit(&root, LIMITS), Ok((1, "r".into())));
        assert_eq!(l.admit(&root, LIMITS), Ok((1, "r".into())));
        assert!(l.admit(&root, LIMITS).is_err_and(|e| e.contains("maxDescendants")));
        l.release("r");
        assert!(l.admit(&root, LIMITS).is_ok());
        let deep = Place { depth: 3, root: "other".into() };
        assert!(l.admit(&deep, LIMITS).is_err_and(|e| e.contains("maxDepth")));
    }
}
