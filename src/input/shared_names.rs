//! Program names as shared strings: one per distinct name a thread has
//! read. A filing writes the same few names on every schedule, and a batch
//! the same few dozen in every filing; most are longer than a short string
//! holds in place (`Supported Housing Rental Assistance`), so each record
//! copied its name onto the heap and freed it again after the check.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashSet;

/// Names kept per thread before the set starts over: more distinct names
/// than Appendix F has programs, spelled a few ways each, yet bounded for
/// a file of made-up names.
const NAMES_KEPT: usize = 4096;

thread_local! {
    static NAMES: RefCell<FxHashSet<Arc<str>>> = RefCell::new(FxHashSet::default());
}

/// The shared string of `name`.
pub(super) fn shared(name: &str) -> Arc<str> {
    NAMES
        .try_with(|names| {
            let mut names = names.borrow_mut();
            if let Some(known) = names.get(name) {
                return Arc::clone(known);
            }
            if names.len() >= NAMES_KEPT {
                names.clear();
            }
            let fresh: Arc<str> = Arc::from(name);
            names.insert(Arc::clone(&fresh));
            fresh
        })
        // During thread teardown there is no set to share from.
        .unwrap_or_else(|_| Arc::from(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_read_again_is_the_same_string() {
        let first = shared("Supported Housing Rental Assistance");
        let again = shared("Supported Housing Rental Assistance");
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(&*shared("Clinic Treatment"), "Clinic Treatment");
        assert!(!Arc::ptr_eq(&first, &shared("Clinic treatment")));
    }

    #[test]
    fn the_set_starts_over_when_full() {
        for number in 0..NAMES_KEPT + 10 {
            assert_eq!(
                &*shared(&format!("name {number}")),
                format!("name {number}")
            );
        }
        assert!(NAMES.with(|names| names.borrow().len()) <= NAMES_KEPT);
    }
}
