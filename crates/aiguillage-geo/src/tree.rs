//! A static k-d tree of points on the unit sphere whose nodes also carry the union of
//! their places' labels, so a filtered query skips whole subtrees that cannot hold a
//! matching place.
//!
//! Why not `rstar` for proximity: its nearest-neighbour iterator is general (a heap of
//! nodes and points, allocated per query) and knows nothing of labels, so a filtered query
//! walks and discards every non-matching neighbour. Proximity queries are memory-bound, so
//! this tree is laid out for the cache:
//! - the tree is complete and implicit (node `i` has children `2i + 1` and `2i + 2`, and
//!   the points below a node are a range computed while descending), so an inner node is
//!   just a split value and an axis, and the whole skeleton of a 100,000-place index fits
//!   in the L2 cache;
//! - points sit in leaf buckets of at most [`LEAF_SIZE`], contiguous in memory, as their
//!   coordinates and the index of their place: labels are looked up (by place) only for
//!   points within the search bound, which keeps a tree small enough to have one per service;
//! - queries run depth first, nearer child first, without allocating, and bound the far
//!   child by the distance to its half-space, accumulated axis by axis.

use crate::{Filter, Labels};

/// Points per leaf: a leaf scan is a sequential read, cheap next to a jump in the tree,
/// so buckets are larger than in a pointer-based tree.
const LEAF_SIZE: usize = 32;

/// A located place: its unit vector and its index in the caller's list of places.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Point {
    pub(crate) xyz: [f64; 3],
    pub(crate) place: u32,
}

/// A point found by a query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    /// Squared chord distance to the query point.
    pub(crate) chord2: f64,
    pub(crate) place: u32,
}

/// `|a - q|` for one axis, always written this way: subtraction is monotonic in floating
/// point, so a bound computed with a split value in place of `a` never exceeds the
/// distance computed for a point beyond that split.
fn gap(a: f64, q: f64) -> f64 {
    if q < a {
        a - q
    } else {
        q - a
    }
}

fn norm2(d: &[f64; 3]) -> f64 {
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

pub(crate) fn dist2(a: &[f64; 3], q: &[f64; 3]) -> f64 {
    norm2(&[gap(a[0], q[0]), gap(a[1], q[1]), gap(a[2], q[2])])
}

/// The tree (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct SphereTree {
    /// Depth of the leaves (the root is at depth 0).
    depth: u32,
    /// Per inner node: the split value and its axis. The left child holds points with a
    /// coordinate `≤ split` on that axis, the right child points `≥ split`.
    splits: Vec<f64>,
    axes: Vec<u8>,
    /// Per node (inner nodes, then leaves): union of the labels below it.
    unions: Vec<Labels>,
    /// Points in tree order, one array per attribute so a leaf scan reads only coordinates.
    xyz: Vec<[f64; 3]>,
    place: Vec<u32>,
}

/// Where a search is in the tree: a node, the points below it, and the lower bound of
/// the squared distance from the query to them, per axis.
#[derive(Clone, Copy)]
struct Cell {
    node: usize,
    depth: u32,
    start: usize,
    end: usize,
    gaps: [f64; 3],
}

impl SphereTree {
    /// Builds the tree: each node splits its points at the median of its widest axis.
    /// `labels` are every place's labels, by place index.
    pub(crate) fn new(mut points: Vec<Point>, labels: &[Labels]) -> Self {
        let mut depth = 0;
        while points.len().div_ceil(1 << depth) > LEAF_SIZE {
            depth += 1;
        }
        let inner = (1usize << depth) - 1;
        let mut tree = SphereTree {
            depth,
            splits: vec![0.0; inner],
            axes: vec![0; inner],
            unions: vec![Labels::default(); 2 * inner + 1],
            ..SphereTree::default()
        };
        if !points.is_empty() {
            tree.build(&mut points, labels, 0, 0);
        }
        tree.xyz = points.iter().map(|p| p.xyz).collect();
        tree.place = points.iter().map(|p| p.place).collect();
        tree
    }

    /// Orders `points` (those below `node`) and returns the union of their labels.
    fn build(&mut self, points: &mut [Point], labels: &[Labels], node: usize, depth: u32) -> Labels {
        let union = if depth == self.depth {
            points
                .iter()
                .fold(Labels::default(), |u, p| u.union(&labels[p.place as usize]))
        } else {
            let axis = widest_axis(points);
            let mid = points.len() / 2;
            if mid < points.len() {
                points.select_nth_unstable_by(mid, |a, b| a.xyz[axis].total_cmp(&b.xyz[axis]));
                self.splits[node] = points[mid].xyz[axis];
            }
            self.axes[node] = axis as u8;
            let (left, right) = points.split_at_mut(mid);
            let l = self.build(left, labels, 2 * node + 1, depth + 1);
            let r = self.build(right, labels, 2 * node + 2, depth + 1);
            l.union(&r)
        };
        self.unions[node] = union;
        union
    }

    /// Visits, nearest first as far as the tree allows, every point with a squared chord
    /// distance to `q` at most `bound()` (re-read as the search narrows) that passes the
    /// label test of `filter` on `labels` (none when `None`); `visit` gets the point's
    /// position in the arrays and its squared chord distance.
    fn search(
        &self,
        cell: Cell,
        q: &[f64; 3],
        filter: Option<(&Filter, &[Labels])>,
        bound: &impl Fn() -> f64,
        visit: &mut impl FnMut(usize, f64),
    ) {
        if filter.is_some_and(|(f, _)| !f.admits(&self.unions[cell.node])) {
            return;
        }
        if cell.depth == self.depth {
            for i in cell.start..cell.end {
                let d = dist2(&self.xyz[i], q);
                if d <= bound() && filter.is_none_or(|(f, labels)| f.admits(&labels[self.place[i] as usize]))
                {
                    visit(i, d);
                }
            }
            return;
        }
        let (split, axis) = (self.splits[cell.node], usize::from(self.axes[cell.node]));
        let mid = cell.start + (cell.end - cell.start) / 2;
        let left = Cell {
            node: 2 * cell.node + 1,
            depth: cell.depth + 1,
            end: mid,
            ..cell
        };
        let right = Cell {
            node: 2 * cell.node + 2,
            depth: cell.depth + 1,
            start: mid,
            ..cell
        };
        let (near, mut far) = if q[axis] < split {
            (left, right)
        } else {
            (right, left)
        };
        self.search(near, q, filter, bound, visit);
        far.gaps[axis] = gap(split, q[axis]);
        // `<=`: a subtree exactly at the bound may hold a tie with the k-th, which is kept.
        if norm2(&far.gaps) <= bound() {
            self.search(far, q, filter, bound, visit);
        }
    }

    fn root(&self) -> Option<Cell> {
        (!self.xyz.is_empty()).then_some(Cell {
            node: 0,
            depth: 0,
            start: 0,
            end: self.xyz.len(),
            gaps: [0.0; 3],
        })
    }

    fn found(&self, i: usize, chord2: f64) -> Found {
        Found {
            chord2,
            place: self.place[i],
        }
    }

    /// Number of points.
    pub(crate) fn len(&self) -> usize {
        self.xyz.len()
    }

    /// Every point within squared chord `limit2` of `q` whose place passes `accept` (asked
    /// only for places that pass `filter`'s labels, looked up in `labels`), unordered.
    pub(crate) fn within(
        &self,
        q: &[f64; 3],
        limit2: f64,
        filter: Option<(&Filter, &[Labels])>,
        mut accept: impl FnMut(u32) -> bool,
    ) -> Vec<Found> {
        let mut found = Vec::new();
        if let Some(root) = self.root() {
            self.search(root, q, filter, &|| limit2, &mut |i, chord2| {
                if accept(self.place[i]) {
                    found.push(self.found(i, chord2));
                }
            });
        }
        found
    }

    /// The `k` points nearest to `q` within squared chord `limit2` whose place passes
    /// `accept` (asked only for places that pass `filter`'s labels, looked up in `labels`),
    /// plus any tied with the k-th, by increasing distance.
    pub(crate) fn nearest(
        &self,
        q: &[f64; 3],
        k: usize,
        limit2: f64,
        filter: Option<(&Filter, &[Labels])>,
        mut accept: impl FnMut(u32) -> bool,
    ) -> Vec<Found> {
        let mut best: Vec<Found> = Vec::with_capacity(k + 1);
        let Some(root) = self.root().filter(|_| k > 0) else {
            return best;
        };
        // Shared by both closures: the current search bound.
        let bound = std::cell::Cell::new(limit2);
        self.search(root, q, filter, &|| bound.get(), &mut |i, chord2| {
            if !accept(self.place[i]) {
                return;
            }
            let at = best.partition_point(|f| f.chord2 <= chord2);
            best.insert(at, self.found(i, chord2));
            if best.len() >= k {
                let kth = best[k - 1].chord2;
                // Drop what the k-th now beats, keeping exact ties with it.
                while best.len() > k && best.last().is_some_and(|f| f.chord2 > kth) {
                    best.pop();
                }
                bound.set(kth);
            }
        });
        best
    }

    /// The point nearest to `q` within squared chord `limit2` (the first found among exact
    /// ties), without labels. A tight `limit2` (a distance already known to be reached)
    /// prunes most of the tree.
    pub(crate) fn nearest_one(&self, q: &[f64; 3], limit2: f64) -> Option<Found> {
        let root = self.root()?;
        let bound = std::cell::Cell::new(limit2);
        let mut best = None;
        self.search(root, q, None, &|| bound.get(), &mut |i, chord2| {
            if best.is_none_or(|b: Found| chord2 < b.chord2) {
                best = Some(self.found(i, chord2));
                bound.set(chord2);
            }
        });
        best
    }
}

/// The axis along which `points` spread most.
fn widest_axis(points: &[Point]) -> usize {
    let (mut min, mut max) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
    for p in points {
        for axis in 0..3 {
            min[axis] = min[axis].min(p.xyz[axis]);
            max[axis] = max[axis].max(p.xyz[axis]);
        }
    }
    (0..3)
        .max_by(|a, b| (max[*a] - min[*a]).total_cmp(&(max[*b] - min[*b])))
        .unwrap_or(0)
}
