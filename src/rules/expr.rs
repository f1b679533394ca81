//! The `assert` expressions of `reconcile` rules: a small arithmetic language, parsed and
//! type-checked when the rule file loads, evaluated over figures that carry their rounding.
//!
//! ```text
//! assertion := sum CMP sum                 CMP: == != < <= > >=  (also ≠ ≤ ≥)
//! sum       := product (("+" | "-") product)*          (also − ＋ －)
//! product   := unary (("*" | "/") unary)*              (also × ÷)
//! unary     := "-" unary | atom
//! atom      := NUMBER ["%"] | NAME | FUNC "(" sum ("," sum)* ")" | "(" sum ")"
//! FUNC      := sum | round | abs            round(x, digits): digits a whole number
//! ```
//!
//! There is no scripting engine: the tree below is all there is. A name must be one of the
//! rule's captures; everything else (an unknown function, a missing operand, a comparison
//! used as a number) is an error at its byte offset in the source, which the loader turns
//! into the file's line and column.
//!
//! Evaluation is interval arithmetic: each figure is the range it may stand for given how
//! it was rounded (see `crate::numbers::parse_figure`), and an assertion fails only when
//! it fails for every value in those ranges, so rounding never makes a correct text wrong.

use crate::numbers::Figure;

/// An error in an expression at a byte offset of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExprError {
    /// Byte offset into the expression source.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError {
        offset,
        message: message.into(),
    })
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// A numeric expression over the capture values (by index into the rule's names).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    /// A literal.
    Num(f64),
    /// A capture, by index.
    Var(usize),
    /// `-x`
    Neg(Box<Expr>),
    /// `a op b`
    Bin(Op, Box<Expr>, Box<Expr>),
    /// `sum(...)`: unmatched optional captures count as absent, not as a failure.
    Sum(Vec<Expr>),
    /// `round(x, digits)`
    Round(Box<Expr>, i32),
    /// `abs(x)`
    Abs(Box<Expr>),
}

/// A parsed `assert`: two numeric sides and a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assertion {
    /// Left side.
    pub(crate) lhs: Expr,
    /// The comparison.
    pub(crate) cmp: Cmp,
    /// Right side.
    pub(crate) rhs: Expr,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Op(Op),
    Cmp(Cmp),
    LParen,
    RParen,
    Comma,
    Percent,
}

fn tokenize(src: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let mut out = Vec::new();
    let mut it = src.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '0'..='9' | '０'..='９' | '.' => {
                let mut s = String::from(crate::numbers::ascii_digit(c));
                while let Some(&(_, d)) = it.peek() {
                    let d = crate::numbers::ascii_digit(d);
                    if !(d.is_ascii_digit() || d == '.') {
                        break;
                    }
                    s.push(d);
                    it.next();
                }
                match s.parse::<f64>() {
                    Ok(v) => Tok::Num(v),
                    Err(_) => return err(i, format!("`{s}` is not a number")),
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut s = String::from(c);
                while let Some(&(_, d)) = it.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        s.push(d);
                        it.next();
                    } else {
                        break;
                    }
                }
                Tok::Name(s)
            }
            '+' | '＋' => Tok::Op(Op::Add),
            '-' | '−' | '－' => Tok::Op(Op::Sub),
            '*' | '×' | '＊' => Tok::Op(Op::Mul),
            '/' | '÷' | '／' => Tok::Op(Op::Div),
            '(' | '（' => Tok::LParen,
            ')' | '）' => Tok::RParen,
            ',' | '，' => Tok::Comma,
            '%' | '％' => Tok::Percent,
            '≠' => Tok::Cmp(Cmp::Ne),
            '≤' => Tok::Cmp(Cmp::Le),
            '≥' => Tok::Cmp(Cmp::Ge),
            '=' | '!' | '<' | '>' | '＝' => {
                let eq = it.peek().is_some_and(|&(_, d)| d == '=' || d == '＝');
                if eq {
                    it.next();
                }
                match (c, eq) {
                    ('=' | '＝', true) => Tok::Cmp(Cmp::Eq),
                    ('!', true) => Tok::Cmp(Cmp::Ne),
                    ('<', false) => Tok::Cmp(Cmp::Lt),
                    ('<', true) => Tok::Cmp(Cmp::Le),
                    ('>', false) => Tok::Cmp(Cmp::Gt),
                    ('>', true) => Tok::Cmp(Cmp::Ge),
                    ('=' | '＝', false) => return err(i, "use `==` to compare (`=` alone)"),
                    _ => return err(i, "`!` alone: use `!=`"),
                }
            }
            _ => return err(i, format!("unexpected character `{c}`")),
        };
        out.push((i, tok));
    }
    Ok(out)
}

/// Parse tree with positions, before type checking.
enum Node {
    Num(f64),
    Name(String),
    Neg(Box<(usize, Node)>),
    Bin(Op, Box<(usize, Node)>, Box<(usize, Node)>),
    Cmp(Cmp, Box<(usize, Node)>, Box<(usize, Node)>),
    Call(String, Vec<(usize, Node)>),
}

/// The most tokens an assertion may have: parsing, checking, evaluating and dropping it
/// recurse once per operator, so a 30,000-term sum overflowed the stack.
pub(crate) const MAX_TOKENS: usize = 512;

/// The deepest nesting of parentheses, calls and unary minus signs.
pub(crate) const MAX_NESTING: usize = 32;

struct Parser<'a> {
    toks: &'a [(usize, Tok)],
    pos: usize,
    end: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(o, _)| *o)
    }
    fn bump(&mut self) -> Option<(usize, Tok)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn comparison(&mut self) -> Result<(usize, Node), ExprError> {
        let lhs = self.sum()?;
        if let Some(Tok::Cmp(c)) = self.peek().cloned() {
            self.bump();
            let rhs = self.sum()?;
            if let Some(Tok::Cmp(_)) = self.peek() {
                return err(self.offset(), "comparisons cannot be chained");
            }
            return Ok((lhs.0, Node::Cmp(c, Box::new(lhs), Box::new(rhs))));
        }
        Ok(lhs)
    }

    fn sum(&mut self) -> Result<(usize, Node), ExprError> {
        let mut lhs = self.product()?;
        while let Some(Tok::Op(op @ (Op::Add | Op::Sub))) = self.peek().cloned() {
            self.bump();
            let rhs = self.product()?;
            lhs = (lhs.0, Node::Bin(op, Box::new(lhs), Box::new(rhs)));
        }
        Ok(lhs)
    }

    fn product(&mut self) -> Result<(usize, Node), ExprError> {
        let mut lhs = self.unary()?;
        while let Some(Tok::Op(op @ (Op::Mul | Op::Div))) = self.peek().cloned() {
            self.bump();
            let rhs = self.unary()?;
            lhs = (lhs.0, Node::Bin(op, Box::new(lhs), Box::new(rhs)));
        }
        Ok(lhs)
    }

    /// Counts one level of nesting at the current token, refusing one too many.
    fn nest(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return err(
                self.offset(),
                format!("nested more than {MAX_NESTING} deep (parentheses, calls, minus signs)"),
            );
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<(usize, Node), ExprError> {
        if let Some(Tok::Op(Op::Sub)) = self.peek() {
            let at = self.offset();
            self.nest()?;
            self.bump();
            let inner = self.unary();
            self.depth -= 1;
            return Ok((at, Node::Neg(Box::new(inner?))));
        }
        if matches!(self.peek(), Some(Tok::LParen | Tok::Name(_))) {
            self.nest()?;
            let r = self.atom();
            self.depth -= 1;
            return r;
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<(usize, Node), ExprError> {
        let at = self.offset();
        match self.bump().map(|(_, t)| t) {
            Some(Tok::Num(v)) => {
                if let Some(Tok::Percent) = self.peek() {
                    self.bump();
                    return Ok((at, Node::Num(v / 100.0)));
                }
                Ok((at, Node::Num(v)))
            }
            Some(Tok::Name(n)) => {
                if let Some(Tok::LParen) = self.peek() {
                    self.bump();
                    let mut args = vec![self.comparison()?];
                    loop {
                        match self.bump().map(|(_, t)| t) {
                            Some(Tok::Comma) => args.push(self.comparison()?),
                            Some(Tok::RParen) => break,
                            _ => {
                                self.pos -= 1;
                                return err(
                                    self.offset(),
                                    format!("expected `,` or `)` in `{n}(…)`"),
                                );
                            }
                        }
                    }
                    return Ok((at, Node::Call(n, args)));
                }
                Ok((at, Node::Name(n)))
            }
            Some(Tok::LParen) => {
                let inner = self.comparison()?;
                match self.bump().map(|(_, t)| t) {
                    Some(Tok::RParen) => Ok(inner),
                    _ => {
                        self.pos -= 1;
                        err(self.offset(), "expected `)`")
                    }
                }
            }
            None => err(
                at,
                "expected a number, a name or `(` here: the expression ends",
            ),
            Some(t) => err(
                at,
                format!("expected a number, a name or `(`, found {}", show(&t)),
            ),
        }
    }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Num(v) => format!("number `{v}`"),
        Tok::Name(n) => format!("`{n}`"),
        Tok::Op(Op::Add) => "`+`".into(),
        Tok::Op(Op::Sub) => "`-`".into(),
        Tok::Op(Op::Mul) => "`*`".into(),
        Tok::Op(Op::Div) => "`/`".into(),
        Tok::Cmp(_) => "a comparison".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Percent => "`%`".into(),
    }
}

/// Type-checks a node as a number and lowers it.
fn number(node: (usize, Node), names: &[String]) -> Result<Expr, ExprError> {
    let (at, node) = node;
    Ok(match node {
        Node::Num(v) => Expr::Num(v),
        Node::Name(n) => match names.iter().position(|x| *x == n) {
            Some(i) => Expr::Var(i),
            None => {
                let known = if names.is_empty() {
                    "the pattern has no named capture".to_string()
                } else {
                    format!("captures: {}", names.join(", "))
                };
                let hint = if ["sum", "round", "abs"].contains(&n.as_str()) {
                    format!(" (`{n}` is a function: `{n}(…)`)")
                } else {
                    String::new()
                };
                return err(at, format!("unknown name `{n}`{hint} ({known})"));
            }
        },
        Node::Neg(inner) => Expr::Neg(Box::new(number(*inner, names)?)),
        Node::Bin(op, a, b) => Expr::Bin(
            op,
            Box::new(number(*a, names)?),
            Box::new(number(*b, names)?),
        ),
        Node::Cmp(..) => {
            return err(
                at,
                "a comparison is true or false, not a number: it cannot be used here",
            );
        }
        Node::Call(f, args) => {
            let n = args.len();
            let mut args = args.into_iter();
            match (f.as_str(), n) {
                ("sum", _) => Expr::Sum(args.map(|a| number(a, names)).collect::<Result<_, _>>()?),
                ("abs", 1) => Expr::Abs(Box::new(number(args.next().expect("one"), names)?)),
                ("round", 2) => {
                    let x = number(args.next().expect("two"), names)?;
                    let (dat, d) = args.next().expect("two");
                    match d {
                        Node::Num(v) if v.fract() == 0.0 && (0.0..=9.0).contains(&v) => {
                            Expr::Round(Box::new(x), v as i32)
                        }
                        _ => {
                            return err(
                                dat,
                                "round(x, digits): digits must be a whole number from 0 to 9",
                            );
                        }
                    }
                }
                ("abs", _) => return err(at, format!("abs takes one argument, not {n}")),
                ("round", _) => {
                    return err(
                        at,
                        format!("round takes two arguments (x, digits), not {n}"),
                    );
                }
                _ => {
                    return err(
                        at,
                        format!("unknown function `{f}` (functions: sum, round, abs)"),
                    );
                }
            }
        }
    })
}

/// Parses and type-checks an `assert` over the capture `names`.
pub(crate) fn parse(src: &str, names: &[String]) -> Result<Assertion, ExprError> {
    let toks = tokenize(src)?;
    if toks.len() > MAX_TOKENS {
        return err(
            toks[MAX_TOKENS].0,
            format!("longer than {MAX_TOKENS} numbers, names and operators: split the assertion"),
        );
    }
    let mut p = Parser {
        toks: &toks,
        pos: 0,
        end: src.len(),
        depth: 0,
    };
    let (at, root) = p.comparison()?;
    if p.pos < toks.len() {
        let (o, t) = &toks[p.pos];
        return err(
            *o,
            format!("unexpected {} after a complete expression", show(t)),
        );
    }
    match root {
        Node::Cmp(cmp, a, b) => Ok(Assertion {
            lhs: number(*a, names)?,
            cmp,
            rhs: number(*b, names)?,
        }),
        other => {
            number((at, other), names)?;
            err(
                src.len(),
                "an assertion compares two values: add `==`, `!=`, `<`, `<=`, `>` or `>=`",
            )
        }
    }
}

impl Expr {
    /// Every capture index the expression reads.
    pub(crate) fn vars(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Num(_) => {}
            Expr::Var(i) => out.push(*i),
            Expr::Neg(a) | Expr::Round(a, _) | Expr::Abs(a) => a.vars(out),
            Expr::Bin(_, a, b) => {
                a.vars(out);
                b.vars(out);
            }
            Expr::Sum(xs) => xs.iter().for_each(|x| x.vars(out)),
        }
    }

    /// The range of values the expression may have, given the figures (`None` for a
    /// capture that did not take part in the match); `None` when it cannot be evaluated
    /// (a missing capture outside `sum`, a division by a range holding zero).
    pub(crate) fn eval(&self, vals: &[Option<Figure>]) -> Option<Range> {
        Some(match self {
            Expr::Num(v) => Range::exact(*v),
            Expr::Var(i) => {
                let f = vals.get(*i).copied().flatten()?;
                Range {
                    v: f.value,
                    lo: f.value - f.slack,
                    hi: f.value + f.slack,
                }
            }
            Expr::Neg(a) => a.eval(vals)?.neg(),
            Expr::Bin(op, a, b) => a.eval(vals)?.apply(*op, b.eval(vals)?)?,
            Expr::Sum(xs) => {
                let mut acc = Range::exact(0.0);
                for x in xs {
                    // An optional capture that did not match is simply not a part.
                    if matches!(x, Expr::Var(i) if vals.get(*i).copied().flatten().is_none()) {
                        continue;
                    }
                    acc = acc.apply(Op::Add, x.eval(vals)?)?;
                }
                acc
            }
            Expr::Round(a, d) => a.eval(vals)?.round(*d),
            Expr::Abs(a) => a.eval(vals)?.abs(),
        })
    }
}

/// A value as written (`v`) and the range it may stand for given rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The value computed from the figures as written.
    pub v: f64,
    /// Lowest possible value.
    pub(crate) lo: f64,
    /// Highest possible value.
    pub(crate) hi: f64,
}

impl Range {
    fn exact(v: f64) -> Range {
        Range { v, lo: v, hi: v }
    }

    fn neg(self) -> Range {
        Range {
            v: -self.v,
            lo: -self.hi,
            hi: -self.lo,
        }
    }

    /// `self op b` over both ranges; `None` for a division by a range holding zero.
    fn apply(self, op: Op, b: Range) -> Option<Range> {
        let a = self;
        Some(match op {
            Op::Add => Range {
                v: a.v + b.v,
                lo: a.lo + b.lo,
                hi: a.hi + b.hi,
            },
            Op::Sub => Range {
                v: a.v - b.v,
                lo: a.lo - b.hi,
                hi: a.hi - b.lo,
            },
            Op::Mul => Range::span(
                a.v * b.v,
                [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi],
            ),
            Op::Div => {
                if b.lo <= 0.0 && b.hi >= 0.0 {
                    return None;
                }
                Range::span(
                    a.v / b.v,
                    [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi],
                )
            }
        })
    }

    /// Each end rounded to `digits` decimals.
    fn round(self, digits: i32) -> Range {
        let f = 10f64.powi(digits);
        let r = |x: f64| (x * f).round() / f;
        Range {
            v: r(self.v),
            lo: r(self.lo),
            hi: r(self.hi),
        }
    }

    fn abs(self) -> Range {
        let (lo, hi) = if self.lo >= 0.0 {
            (self.lo, self.hi)
        } else if self.hi <= 0.0 {
            (-self.hi, -self.lo)
        } else {
            (0.0, self.hi.max(-self.lo))
        };
        Range {
            v: self.v.abs(),
            lo,
            hi,
        }
    }
    fn span(v: f64, ends: [f64; 4]) -> Range {
        Range {
            v,
            lo: ends.iter().copied().fold(f64::INFINITY, f64::min),
            hi: ends.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// How much slack a comparison allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tolerance {
    /// Half a unit of the last written digit of each figure that was rounded (decimals,
    /// 万/亿, percentages), carried through the arithmetic.
    Auto,
    /// The figures as written, the two sides allowed to differ by this much.
    Fixed(f64),
}

impl Assertion {
    /// Both sides' ranges, or `None` when the assertion cannot be evaluated on these values.
    pub(crate) fn sides(&self, vals: &[Option<Figure>]) -> Option<(Range, Range)> {
        Some((self.lhs.eval(vals)?, self.rhs.eval(vals)?))
    }

    /// Whether the assertion certainly fails for these sides (it holds for no value within
    /// their rounding, or beyond the fixed tolerance).
    pub(crate) fn fails(&self, a: Range, b: Range, tol: Tolerance) -> bool {
        let (a, b) = match tol {
            Tolerance::Auto => (a, b),
            Tolerance::Fixed(t) => (
                Range::exact(a.v),
                Range {
                    v: b.v,
                    lo: b.v - t,
                    hi: b.v + t,
                },
            ),
        };
        // Float noise (0.1 + 0.2) must not decide anything.
        let eps = 1e-9 * a.v.abs().max(b.v.abs()).max(1.0);
        match self.cmp {
            Cmp::Eq => a.hi + eps < b.lo || b.hi + eps < a.lo,
            Cmp::Ne => (a.v - b.v).abs() <= eps,
            Cmp::Lt => a.lo >= b.hi - eps,
            Cmp::Le => a.lo > b.hi + eps,
            Cmp::Gt => b.lo >= a.hi - eps,
            Cmp::Ge => b.lo > a.hi + eps,
        }
    }
}

/// A computed value for a message: whole numbers without decimals, others with up to four.
pub(crate) fn show_value(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    fn fig(value: f64, slack: f64) -> Option<Figure> {
        Some(Figure { value, slack })
    }

    /// Issue 11 item 14: 8,000 nested parentheses, 100,000 minus signs or a 30,000-term sum
    /// overflowed the stack (parsing, then checking, evaluating and dropping the tree).
    #[test]
    fn deep_and_long_assertions_are_load_errors() {
        let n = names(&["a"]);
        let deep = format!("{}a{} == 1", "(".repeat(8_000), ")".repeat(8_000));
        assert!(
            parse(&deep, &n)
                .unwrap_err()
                .message
                .contains("longer than 512")
        );
        let deep = format!("{}a{} == 1", "(".repeat(100), ")".repeat(100));
        let e = parse(&deep, &n).unwrap_err();
        assert!(e.message.contains("nested more than 32 deep"), "{e:?}");
        assert_eq!(e.offset, 32);
        let minus = format!("{}a == 1", "-".repeat(100_000));
        assert!(
            parse(&minus, &n)
                .unwrap_err()
                .message
                .contains("longer than 512")
        );
        let minus = format!("{}a == 1", "-".repeat(40));
        assert!(
            parse(&minus, &n)
                .unwrap_err()
                .message
                .contains("nested more than 32")
        );
        let sum = format!("{} == 1", vec!["a"; 30_000].join(" + "));
        assert!(
            parse(&sum, &n)
                .unwrap_err()
                .message
                .contains("longer than 512")
        );
        // Within the limits, still fine.
        let ok = format!(
            "{}a{} + {} == 1",
            "(".repeat(30),
            ")".repeat(30),
            vec!["a"; 200].join(" + ")
        );
        assert!(parse(&ok, &n).is_ok());
    }

    #[test]
    fn parses_and_locates_errors() {
        let n = names(&["new", "joint", "total"]);
        let a = parse("new + joint == total", &n).unwrap();
        assert_eq!(a.cmp, Cmp::Eq);
        assert!(parse("sum(new, joint) × 2 ÷ 2 == round(total, 0)", &n).is_ok());
        assert!(parse("abs(new - joint) <= 10%", &n).is_ok());
        let e = parse("new + jiont == total", &n).unwrap_err();
        assert_eq!(e.offset, 6);
        assert!(e.message.contains("unknown name `jiont`"), "{}", e.message);
        assert_eq!(parse("new + == total", &n).unwrap_err().offset, 6);
        assert_eq!(parse("new = total", &n).unwrap_err().offset, 4);
        assert_eq!(parse("new + joint", &n).unwrap_err().offset, 11);
        assert_eq!(
            parse("(new == joint) + 1 == total", &n).unwrap_err().offset,
            1
        );
        assert_eq!(parse("max(new) == total", &n).unwrap_err().offset, 0);
        assert_eq!(
            parse("round(new, joint) == total", &n).unwrap_err().offset,
            11
        );
        assert_eq!(parse("new == total)", &n).unwrap_err().offset, 12);
        assert_eq!(parse("(new == total", &n).unwrap_err().offset, 13);
        assert_eq!(parse("新建 == total", &n).unwrap_err().offset, 0);
    }

    #[test]
    fn rounding_tolerance() {
        let n = names(&["a", "b", "c", "total"]);
        let a = parse("a + b + c == total", &n).unwrap();
        // Counts are exact: 29 + 19 + 0 ≠ 47.
        let v = [
            fig(29.0, 0.0),
            fig(19.0, 0.0),
            fig(0.0, 0.0),
            fig(47.0, 0.0),
        ];
        let (l, r) = a.sides(&v).unwrap();
        assert!(a.fails(l, r, Tolerance::Auto));
        // 23.6 + 7.4 + 1.1 + … in 万元: 33.2 vs 33.3 passes within half a unit per part.
        let v = [
            fig(23.6, 0.05),
            fig(7.4, 0.05),
            fig(2.3, 0.05),
            fig(33.2, 0.05),
        ];
        let (l, r) = a.sides(&v).unwrap();
        assert!(!a.fails(l, r, Tolerance::Auto));
        assert!(a.fails(l, r, Tolerance::Fixed(0.0)));
        assert!(!a.fails(l, r, Tolerance::Fixed(0.1)));
        // A missing capture skips the assertion unless it is inside sum().
        let v = [fig(1.0, 0.0), None, fig(1.0, 0.0), fig(2.0, 0.0)];
        assert!(a.sides(&v).is_none());
        let s = parse("sum(a, b, c) == total", &n).unwrap();
        let (l, r) = s.sides(&v).unwrap();
        assert!(!s.fails(l, r, Tolerance::Auto));
    }

    #[test]
    fn rate_rounding() {
        let n = names(&["done", "total", "rate"]);
        let a = parse("rate == done / total", &n).unwrap();
        // 23/26 = 88.46%: 88.5% holds, 89.5% does not.
        for (rate, ok) in [(0.885, true), (0.895, false), (0.88, true)] {
            let slack = if rate == 0.88 { 0.005 } else { 0.0005 };
            let v = [fig(23.0, 0.0), fig(26.0, 0.0), fig(rate, slack)];
            let (l, r) = a.sides(&v).unwrap();
            assert_eq!(!a.fails(l, r, Tolerance::Auto), ok, "{rate}");
        }
        assert_eq!(show_value(0.8846153), "0.8846");
        assert_eq!(show_value(48.0), "48");
    }
}
