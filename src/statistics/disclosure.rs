//! Small-cell suppression with complementary suppression (docs/design.md §4).
//!
//! A statistics table counts distinct teachers per cell and is published
//! with its row totals, column totals and grand total. A cell counting 1 to
//! k−1 teachers is suppressed (primary suppression; k ≥ 3). Other cells are
//! then suppressed (complementary suppression) until no suppressed value
//! can be recomputed from what is published.
//!
//! # The guarantee, and why it holds
//!
//! Work on the table with its margins: (R+1)×(C+1) cells, the last row and
//! column being the totals. Each row satisfies "its cells minus its total =
//! 0", and so does each column. What an attacker knows about the suppressed
//! cells is exactly these equations with the published values moved to the
//! right-hand side, plus that every count is a non-negative integer.
//!
//! Draw the suppressed cells as edges of a bipartite graph between the R+1
//! row nodes and the C+1 column nodes. The equations are that graph's
//! (signed) incidence matrix, whose null space is spanned by its cycles: a
//! suppressed cell's value is determined by the equations exactly when its
//! edge lies on no cycle (it is a bridge). This module suppresses until no
//! suppressed edge is a bridge, so **no suppressed cell is a linear
//! combination of published values**.
//!
//! Non-negativity cannot pin a value either: every suppressed cell counts at
//! least one teacher (primary cells count 1…k−1, and complementary cells are
//! chosen among non-zero cells), so adding +1 and −1 alternately around a
//! cycle through any suppressed cell, in either direction, gives another
//! non-negative table with the same published values and a different value
//! in that cell.
//!
//! `tests` checks both on random tables with an attacker that knows nothing
//! of graphs: Gaussian elimination over the published equations, and the
//! perturbation.
//!
//! # The choice of complementary cells
//!
//! For a suppressed cell (r, c) on no cycle, the cheapest rectangle (r, c),
//! (r, c'), (r', c), (r', c') is completed: its cost is the number of
//! teachers newly hidden, with margins costing far more than inner cells so
//! totals stay published when possible. The rectangle through the margins
//! ((r, total), (total, c), (total, total)) is always available, since
//! those count at least the cell itself, so the loop always ends. This is a
//! greedy heuristic: it hides few cells, not provably the fewest.

use std::fmt;

/// The smallest k docs/design.md allows.
pub const MIN_K: u64 = 3;

/// A published cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Value(u64),
    /// Hidden: fewer than k teachers (`primary`), or hidden so that one that
    /// is cannot be recomputed.
    Suppressed {
        primary: bool,
    },
}

/// The table as published: inner cells, row totals, column totals, grand
/// total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuppressionError {
    KTooSmall(u64),
    Ragged,
    /// A hidden cell has no rectangle of non-zero cells to hide it with:
    /// the totals contradict the cells.
    Inconsistent,
}

impl fmt::Display for SuppressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KTooSmall(k) => write!(f, "k must be at least {MIN_K}, not {k}"),
            Self::Ragged => write!(f, "every row must have the same number of cells"),
            Self::Inconsistent => write!(f, "the totals contradict the cells"),
        }
    }
}

/// The cost of hiding a margin cell, on top of its count: totals are the
/// most useful numbers of a table, hidden only when nothing else will do.
const MARGIN_COST: u64 = 1 << 40;

/// The published totals of a table whose cells are not additive: a
/// teacher counted in several cells of a row (two tags, two months) is
/// counted once in its total, so a total may be less than its cells' sum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Margins {
    pub row_totals: Vec<u64>,
    pub column_totals: Vec<u64>,
    pub total: u64,
}

/// Suppresses `counts` (rows of distinct-teacher counts) for publication
/// with threshold `k`; the totals are the sums of the cells.
pub fn suppress(counts: &[Vec<u64>], k: u64) -> Result<Published, SuppressionError> {
    suppress_table(counts, None, k)
}

/// Like [`suppress`], with totals counted separately (distinct teachers).
/// Totals below k are hidden like cells. When a total is less than its
/// cells' sum the published equations become inequalities, which tell an
/// attacker less than the equations the guarantee is proved against.
pub fn suppress_with_margins(
    counts: &[Vec<u64>],
    margins: &Margins,
    k: u64,
) -> Result<Published, SuppressionError> {
    suppress_table(counts, Some(margins), k)
}

fn suppress_table(
    counts: &[Vec<u64>],
    margins: Option<&Margins>,
    k: u64,
) -> Result<Published, SuppressionError> {
    if k < MIN_K {
        return Err(SuppressionError::KTooSmall(k));
    }
    let rows = counts.len();
    let cols = counts.first().map_or(0, Vec::len);
    if counts.iter().any(|r| r.len() != cols) {
        return Err(SuppressionError::Ragged);
    }
    if let Some(m) = margins {
        if m.row_totals.len() != rows || m.column_totals.len() != cols {
            return Err(SuppressionError::Ragged);
        }
    }
    // The table with margins: index `rows` is the total row, `cols` the
    // total column.
    let mut full = vec![vec![0u64; cols + 1]; rows + 1];
    for (r, row) in counts.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            full[r][c] = v;
            full[r][cols] += v;
            full[rows][c] += v;
            full[rows][cols] += v;
        }
    }
    if let Some(m) = margins {
        for (r, &v) in m.row_totals.iter().enumerate() {
            full[r][cols] = v;
        }
        for (c, &v) in m.column_totals.iter().enumerate() {
            full[rows][c] = v;
        }
        full[rows][cols] = m.total;
    }
    let mut hidden = vec![vec![None::<bool>; cols + 1]; rows + 1];
    for (r, row) in full.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if (1..k).contains(&v) {
                hidden[r][c] = Some(true);
            }
        }
    }
    while let Some((r, c)) = first_bridge(&hidden) {
        let cost = |r2: usize, c2: usize| -> Option<u64> {
            let mut total = 0u64;
            for (rr, cc) in [(r, c2), (r2, c), (r2, c2)] {
                if hidden[rr][cc].is_some() {
                    continue;
                }
                let v = full[rr][cc];
                if v == 0 {
                    return None;
                }
                let margin = if rr == rows || cc == cols {
                    MARGIN_COST
                } else {
                    0
                };
                total = total.saturating_add(v).saturating_add(margin);
            }
            Some(total)
        };
        let best = (0..=rows)
            .filter(|&r2| r2 != r)
            .flat_map(|r2| {
                (0..=cols)
                    .filter(move |&c2| c2 != c)
                    .map(move |c2| (r2, c2))
            })
            .filter_map(|(r2, c2)| cost(r2, c2).map(|cost| (cost, r2, c2)))
            .min();
        // A rectangle always qualifies: a hidden cell counts someone, so
        // its row's or column's totals do too (see the module docs).
        // With consistent totals this cannot happen; with a total smaller
        // than a cell it can, and publishing would then be unsafe.
        let Some((_, r2, c2)) = best else {
            return Err(SuppressionError::Inconsistent);
        };
        for (rr, cc) in [(r, c2), (r2, c), (r2, c2)] {
            if hidden[rr][cc].is_none() {
                hidden[rr][cc] = Some(false);
            }
        }
    }
    let cell = |r: usize, c: usize| match hidden[r][c] {
        Some(primary) => Cell::Suppressed { primary },
        None => Cell::Value(full[r][c]),
    };
    Ok(Published {
        cells: (0..rows)
            .map(|r| (0..cols).map(|c| cell(r, c)).collect())
            .collect(),
        row_totals: (0..rows).map(|r| cell(r, cols)).collect(),
        column_totals: (0..cols).map(|c| cell(rows, c)).collect(),
        total: cell(rows, cols),
    })
}

impl Published {
    /// Whether the cell at (r, c) is hidden, where r = rows is the total
    /// row and c = columns the total column.
    pub fn is_hidden(&self, r: usize, c: usize) -> bool {
        let rows = self.cells.len();
        let cols = self.column_totals.len();
        let cell = match (r == rows, c == cols) {
            (false, false) => &self.cells[r][c],
            (false, true) => &self.row_totals[r],
            (true, false) => &self.column_totals[c],
            (true, true) => &self.total,
        };
        matches!(cell, Cell::Suppressed { .. })
    }
}

/// A suppressed cell whose edge is a bridge of the bipartite graph of
/// suppressed cells (row nodes 0..R, column nodes R..R+C), if any. Finds
/// every bridge in one depth-first search (Tarjan), iteratively so a table
/// of thousands of schools cannot overflow the stack.
fn first_bridge(hidden: &[Vec<Option<bool>>]) -> Option<(usize, usize)> {
    let rows = hidden.len();
    let cols = hidden.first().map_or(0, Vec::len);
    let nodes = rows + cols;
    // Adjacency lists of (neighbour, edge index).
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (r, row) in hidden.iter().enumerate() {
        for (c, h) in row.iter().enumerate() {
            if h.is_some() {
                let e = edges.len();
                edges.push((r, c));
                adjacent[r].push((rows + c, e));
                adjacent[rows + c].push((r, e));
            }
        }
    }
    let mut order = vec![usize::MAX; nodes];
    let mut low = vec![0usize; nodes];
    let mut next = 0;
    let mut bridges: Vec<usize> = Vec::new();
    for root in 0..nodes {
        if order[root] != usize::MAX {
            continue;
        }
        // (node, edge it was reached by, next adjacency index)
        let mut stack: Vec<(usize, usize, usize)> = vec![(root, usize::MAX, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        while let Some(top) = stack.last_mut() {
            let (node, via, i) = *top;
            if let Some(&(to, e)) = adjacent[node].get(i) {
                top.2 += 1;
                if e == via {
                    continue;
                }
                if order[to] == usize::MAX {
                    order[to] = next;
                    low[to] = next;
                    next += 1;
                    stack.push((to, e, 0));
                } else {
                    low[node] = low[node].min(order[to]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[node]);
                    if low[node] > order[parent] {
                        bridges.push(via);
                    }
                }
            }
        }
    }
    bridges.into_iter().min().map(|e| edges[e])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The published table with margins, as the attacker sees it:
    /// `Some(v)` published, `None` hidden.
    fn view(p: &Published) -> Vec<Vec<Option<u64>>> {
        let open = |c: &Cell| match c {
            Cell::Value(v) => Some(*v),
            Cell::Suppressed { .. } => None,
        };
        let mut out: Vec<Vec<Option<u64>>> = p
            .cells
            .iter()
            .zip(&p.row_totals)
            .map(|(row, t)| row.iter().map(open).chain([open(t)]).collect())
            .collect();
        out.push(
            p.column_totals
                .iter()
                .map(open)
                .chain([open(&p.total)])
                .collect(),
        );
        out
    }

    /// Whether the hidden cell `target` is determined by the published
    /// equations: Gaussian elimination on the system restricted to the
    /// hidden cells, asking whether the unit vector of `target` lies in the
    /// row space. Knows nothing of graphs.
    fn linearly_determined(v: &[Vec<Option<u64>>], target: (usize, usize)) -> bool {
        let rows = v.len();
        let cols = v[0].len();
        let unknowns: Vec<(usize, usize)> = (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter(|&(r, c)| v[r][c].is_none())
            .collect();
        let index = |cell: (usize, usize)| unknowns.iter().position(|&u| u == cell);
        let mut matrix: Vec<Vec<f64>> = Vec::new();
        // Row r: inner cells minus total = 0; same for columns.
        for r in 0..rows {
            let mut eq = vec![0.0; unknowns.len()];
            for c in 0..cols {
                if let Some(i) = index((r, c)) {
                    eq[i] = if c == cols - 1 { -1.0 } else { 1.0 };
                }
            }
            matrix.push(eq);
        }
        for c in 0..cols {
            let mut eq = vec![0.0; unknowns.len()];
            for r in 0..rows {
                if let Some(i) = index((r, c)) {
                    eq[i] = if r == rows - 1 { -1.0 } else { 1.0 };
                }
            }
            matrix.push(eq);
        }
        let rank = |m: &mut Vec<Vec<f64>>| -> usize {
            let n = m.first().map_or(0, Vec::len);
            let mut rank = 0;
            for col in 0..n {
                let Some(pivot) = (rank..m.len()).find(|&i| m[i][col].abs() > 1e-9) else {
                    continue;
                };
                m.swap(rank, pivot);
                for i in 0..m.len() {
                    if i != rank && m[i][col].abs() > 1e-9 {
                        let f = m[i][col] / m[rank][col];
                        let pivot_row = m[rank].clone();
                        for (x, p) in m[i].iter_mut().zip(&pivot_row) {
                            *x -= f * p;
                        }
                    }
                }
                rank += 1;
            }
            rank
        };
        let before = rank(&mut matrix.clone());
        let mut with_unit = matrix;
        let mut unit = vec![0.0; unknowns.len()];
        unit[index(target).expect("a hidden cell")] = 1.0;
        with_unit.push(unit);
        rank(&mut with_unit) == before
    }

    fn check(counts: &[Vec<u64>], k: u64) -> Result<(), TestCaseError> {
        let p = suppress(counts, k).unwrap();
        let v = view(&p);
        let hidden: Vec<(usize, usize)> = (0..v.len())
            .flat_map(|r| (0..v[0].len()).map(move |c| (r, c)))
            .filter(|&(r, c)| v[r][c].is_none())
            .collect();
        // Every cell of 1..k-1 is hidden, published ones are exact.
        for (r, row) in counts.iter().enumerate() {
            for (c, &n) in row.iter().enumerate() {
                match p.cells[r][c] {
                    Cell::Value(shown) => {
                        prop_assert_eq!(shown, n);
                        prop_assert!(n == 0 || n >= k, "{} published", n);
                    }
                    Cell::Suppressed { primary } => {
                        prop_assert_eq!(primary, (1..k).contains(&n));
                        // Non-negativity cannot pin it: it counts someone.
                        prop_assert!(n >= 1, "a zero cell hidden");
                    }
                }
            }
        }
        for &cell in &hidden {
            prop_assert!(
                !linearly_determined(&v, cell),
                "cell {:?} recomputable from {:?}",
                cell,
                v
            );
        }
        Ok(())
    }

    #[test]
    fn a_single_small_cell_takes_a_rectangle_with_it() {
        let p = suppress(&[vec![10, 20, 30], vec![40, 2, 60], vec![70, 80, 90]], 3).unwrap();
        let hidden = p
            .cells
            .iter()
            .flatten()
            .filter(|c| matches!(c, Cell::Suppressed { .. }))
            .count();
        assert_eq!(hidden, 4, "{p:?}");
        assert_eq!(p.total, Cell::Value(402));
        assert!(p.row_totals.iter().all(|c| matches!(c, Cell::Value(_))));
    }

    #[test]
    fn the_attacker_recomputes_what_naive_suppression_leaves() {
        // Only the small cell hidden: its row total gives it away.
        let v = vec![
            vec![Some(10), None, Some(12)],
            vec![Some(5), Some(6), Some(11)],
            vec![Some(15), Some(8), Some(23)],
        ];
        assert!(linearly_determined(&v, (0, 1)));
        // Two in a row, but their columns give them away.
        let v = vec![
            vec![None, None, Some(4)],
            vec![Some(5), Some(6), Some(11)],
            vec![Some(7), Some(8), Some(15)],
        ];
        assert!(linearly_determined(&v, (0, 0)));
        // A rectangle holds.
        let v = vec![
            vec![None, None, Some(4)],
            vec![None, None, Some(11)],
            vec![Some(7), Some(8), Some(15)],
        ];
        assert!(!linearly_determined(&v, (0, 0)));
    }

    #[test]
    fn k_below_three_is_refused() {
        assert_eq!(suppress(&[vec![1]], 2), Err(SuppressionError::KTooSmall(2)));
        assert_eq!(
            suppress(&[vec![1, 2], vec![3]], 3),
            Err(SuppressionError::Ragged)
        );
    }

    #[test]
    fn tables_of_one_row_or_column_are_protected_too() {
        check(&[vec![5, 1, 7]], 3).unwrap();
        check(&[vec![1], vec![9]], 3).unwrap();
        check(&[vec![2]], 3).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn no_hidden_cell_can_be_recomputed(
            counts in (1usize..6, 1usize..6).prop_flat_map(|(r, c)| {
                proptest::collection::vec(
                    proptest::collection::vec(prop_oneof![3 => 0u64..4, 2 => 0u64..40], c),
                    r,
                )
            }),
            k in 3u64..6,
        ) {
            check(&counts, k)?;
        }
    }
}
