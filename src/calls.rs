//! The SDK calls in flight: why each was made (so its reply can be routed) and when it is given
//! up. Every call gets the same deadline (`callTimeoutMs` after the input that made it), kept in
//! one ordered index: the manager shows only the earliest as one timer entry, and a call whose
//! deadline passes is taken out here and failed by the manager with a `timeout` error. A reply
//! that arrives after that finds no entry and is ignored.

use crate::FastMap;
use crate::api::{CallId, SdkError, Timestamp};
use std::collections::BTreeSet;

/// One call in flight.
#[derive(Debug)]
struct InFlight<P> {
    purpose: P,
    /// None until the input that made the call ends (see [`Calls::stamp`]), and for calls that
    /// wait without a deadline.
    deadline: Option<Timestamp>,
}

/// The calls in flight, each with what it was for (`P`, the manager's `Purpose`).
#[derive(Debug)]
pub(crate) struct Calls<P> {
    /// Call ids are `epoch << 32 | counter`; a restored (or adopting) instance takes a new epoch
    /// so replies meant for an earlier instance are recognised as unknown.
    epoch: u64,
    next: u64,
    in_flight: FastMap<CallId, InFlight<P>>,
    by_deadline: BTreeSet<(Timestamp, CallId)>,
    /// Made during the current input, not stamped with a deadline yet.
    unstamped: Vec<CallId>,
}

impl<P> Default for Calls<P> {
    fn default() -> Self {
        Calls { epoch: 1, next: 1, in_flight: FastMap::default(), by_deadline: BTreeSet::new(), unstamped: Vec::new() }
    }
}

impl<P> Calls<P> {
    /// Registers a call and returns its id.
    pub(crate) fn start(&mut self, purpose: P) -> CallId {
        let id = (self.epoch << 32) | (self.next & 0xffff_ffff);
        self.next = self.next.wrapping_add(1);
        self.in_flight.insert(id, InFlight { purpose, deadline: None });
        self.unstamped.push(id);
        id
    }

    /// Gives the calls made during this input their deadline (`now` is the input's time). At the
    /// end of the clock's range there is no later moment to give up at: those calls keep waiting
    /// (a deadline of "now" would fail each call at once, and its retry, in a loop).
    pub(crate) fn stamp(&mut self, now: Timestamp, timeout_ms: u64) {
        let Some(deadline) = now.checked_add(timeout_ms).filter(|at| *at > now) else {
            self.unstamped.clear();
            return;
        };
        for id in std::mem::take(&mut self.unstamped) {
            if let Some(call) = self.in_flight.get_mut(&id) {
                call.deadline = Some(deadline);
                self.by_deadline.insert((deadline, id));
            }
        }
    }

    /// The reply to `id` arrived: what it was for, if it is still awaited.
    pub(crate) fn finish(&mut self, id: CallId) -> Option<P> {
        let call = self.in_flight.remove(&id)?;
        if let Some(at) = call.deadline {
            self.by_deadline.remove(&(at, id));
        }
        Some(call.purpose)
    }

    /// The earliest deadline of a call in flight.
    pub(crate) fn next_deadline(&self) -> Option<Timestamp> {
        self.by_deadline.first().map(|(at, _)| *at)
    }

    /// Takes out the next call whose deadline has passed.
    pub(crate) fn pop_expired(&mut self, now: Timestamp) -> Option<(CallId, P)> {
        let (at, id) = *self.by_deadline.first()?;
        if at > now {
            return None;
        }
        self.by_deadline.pop_first();
        let call = self.in_flight.remove(&id)?;
        Some((id, call.purpose))
    }

    /// Keeps waiting for a call that was given up, without a deadline: its reply, if it ever
    /// comes, still needs undoing (a session created after its task failed is aborted).
    pub(crate) fn await_late(&mut self, id: CallId, purpose: P) {
        self.in_flight.insert(id, InFlight { purpose, deadline: None });
    }

    /// What each call in flight is for (invariant checks).
    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn purposes(&self) -> impl Iterator<Item = &P> {
        self.in_flight.values().map(|c| &c.purpose)
    }

    /// The epoch of this instance's call ids (kept in snapshots).
    pub(crate) fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The state of another instance was taken over (a restore, or an adoption): new calls take
    /// an epoch past the one that instance used (its replies are recognised as unknown, and no
    /// new id meets one it made) and never earlier than this one's (nor one this instance made).
    pub(crate) fn adopt_epoch(&mut self, epoch: u64) {
        self.epoch = self.epoch.max(epoch.wrapping_add(1) & 0xffff_ffff);
    }
}

/// The error a call that outlived its deadline ends with.
pub(crate) fn timeout_error(timeout_ms: u64) -> SdkError {
    SdkError {
        status: None,
        name: "TimeoutError".into(),
        message: format!(
            "OpenCode did not answer within {} (config `callTimeoutMs`)",
            crate::format::duration(timeout_ms)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stands for the manager's `Purpose`: the table only stores and returns it.
    #[derive(Debug, PartialEq)]
    enum Purpose {
        Poll,
        Abort,
    }

    #[test]
    fn deadlines_follow_stamps_and_replies() {
        let mut c: Calls<Purpose> = Calls::default();
        let a = c.start(Purpose::Poll);
        c.stamp(1_000, 60_000);
        let b = c.start(Purpose::Abort);
        assert_eq!(c.next_deadline(), Some(61_000), "b is not stamped yet");
        c.stamp(2_000, 60_000);
        assert_eq!(c.finish(a), Some(Purpose::Poll));
        assert_eq!(c.next_deadline(), Some(62_000));
        assert_eq!(c.pop_expired(61_999), None);
        assert_eq!(c.pop_expired(62_000), Some((b, Purpose::Abort)));
        assert_eq!(c.finish(b), None, "a late reply finds nothing");
        assert_eq!(c.next_deadline(), None);
        c.await_late(b, Purpose::Poll);
        assert_eq!(c.next_deadline(), None, "a late call waits without a deadline");
        assert_eq!(c.finish(b), Some(Purpose::Poll));
    }
}
