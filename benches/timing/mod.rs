//! Timing on a noisy machine: the fastest of several runs, and several
//! measurements taken by turns so that they see the same moments.

use std::io;

pub trait Timed {
    fn secs(&self) -> f64;
}

/// The fastest result kept so far: the minimum is the least disturbed by
/// other load on the machine.
pub struct Best<T>(Option<T>);

impl<T: Timed> Best<T> {
    pub fn new() -> Self {
        Best(None)
    }

    pub fn keep(&mut self, result: T) {
        if self
            .0
            .as_ref()
            .is_none_or(|best| result.secs() < best.secs())
        {
            self.0 = Some(result);
        }
    }

    pub fn take(self) -> io::Result<T> {
        self.0.ok_or_else(|| io::Error::other("no run was timed"))
    }
}

/// Runs `f` `runs` times and keeps the fastest result.
pub fn best_of<T: Timed>(runs: usize, mut f: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut best = Best::new();
    for _ in 0..runs.max(1) {
        best.keep(f()?);
    }
    best.take()
}

/// The fastest of `runs` results of each of five measurements, taken by
/// turns (a, b, c, d, e, a, b, ...): a floor and the check it is compared
/// with then see the same moments of a noisy machine, instead of the floor
/// all of its runs first and the check later, when the load may differ.
pub fn best_by_turns<A: Timed, B: Timed, C: Timed, D: Timed, E: Timed>(
    runs: usize,
    mut a: impl FnMut() -> io::Result<A>,
    mut b: impl FnMut() -> io::Result<B>,
    mut c: impl FnMut() -> io::Result<C>,
    mut d: impl FnMut() -> io::Result<D>,
    mut e: impl FnMut() -> io::Result<E>,
) -> io::Result<(A, B, C, D, E)> {
    let (mut best_a, mut best_b) = (Best::new(), Best::new());
    let (mut best_c, mut best_d, mut best_e) = (Best::new(), Best::new(), Best::new());
    for _ in 0..runs.max(1) {
        best_a.keep(a()?);
        best_b.keep(b()?);
        best_c.keep(c()?);
        best_d.keep(d()?);
        best_e.keep(e()?);
    }
    Ok((
        best_a.take()?,
        best_b.take()?,
        best_c.take()?,
        best_d.take()?,
        best_e.take()?,
    ))
}

impl Timed for crate::floor::Floor {
    fn secs(&self) -> f64 {
        self.secs
    }
}
