//! Task ids: `bg_` + the first 8 hex digits of a v4 uuid built from host-supplied entropy.

/// Builds a task id from 16 random bytes.
pub fn task_id(entropy: [u8; 16]) -> String {
    let uuid = uuid::Builder::from_random_bytes(entropy).into_uuid();
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
        let id = task_id([0xab; 16]);
        assert_eq!(id.len(), 11);
        assert!(id.starts_with("bg_"));
        assert!(id[3..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(task_id([1; 16]), task_id([2; 16]));
    }
}
