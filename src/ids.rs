//! Task ids: `bg_` + the first 8 hex digits of a v4 uuid built from host-supplied entropy.

/// Builds a task id from 16 random bytes and a probe number. The id shows the uuid's first four
/// bytes, and the probe is XORed into exactly those, so probes `0..=u32::MAX` give every possible
/// id once: a search for a free id ends whatever the entropy (even a source that repeats itself).
pub(crate) fn task_id(entropy: [u8; 16], probe: u32) -> String {
    let mut bytes = entropy;
    for (b, p) in bytes.iter_mut().zip(probe.to_be_bytes()) {
        *b ^= p;
    }
    let uuid = uuid::Builder::from_random_bytes(bytes).into_uuid();
    let hex = uuid.simple().to_string();
    format!("bg_{}", hex.get(..8).unwrap_or(&hex))
}

/// Turns whatever the host returned into exactly 16 bytes (short input is zero-padded).
pub fn entropy(bytes: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (dst, src) in out.iter_mut().zip(bytes) {
        *dst = *src;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_documented_shape() {
        let id = task_id([0xab; 16], 0);
        assert_eq!(id, "bg_abababab");
        assert_ne!(task_id([1; 16], 0), task_id([2; 16], 0));
    }

    #[test]
    fn probes_visit_distinct_ids() {
        let ids: std::collections::BTreeSet<String> = (0..70_000).map(|p| task_id([0; 16], p)).collect();
        assert_eq!(ids.len(), 70_000);
        assert_eq!(task_id([0; 16], 1), "bg_00000001");
    }
}
