// Expressions, by the precedence ladder of LANGUAGE.md 7.1 (lowest first).
#include "frontend/lex/lexer.h"
#include "frontend/parse/parser_impl.h"

namespace incan::parse {

namespace {
struct DepthGuard {
  Parser& p;
  bool ok;
  explicit DepthGuard(Parser& parser) : p(parser), ok(parser.enter()) {}
  ~DepthGuard() { p.leave(); }
};
}  // namespace

ast::ExprId Parser::parse_expr() {
  DepthGuard guard(*this);
  if (!guard.ok) return error_expr(span_of(peek()));
  return parse_or();
}

ast::ExprId Parser::parse_or() {
  ast::ExprId lhs = parse_and();
  while (at(TokenKind::Or)) {
    if (!count_operator()) return lhs;
    advance();
    ast::ExprId rhs = parse_and();
    ast::Expr e;
    e.kind = ast::ExprKind::Binary;
    e.op = ast::Op::Or;
    e.lhs = lhs;
    e.rhs = rhs;
    e.span = join(expr(lhs).span, expr(rhs).span);
    lhs = add_expr(std::move(e));
  }
  return lhs;
}

ast::ExprId Parser::parse_and() {
  ast::ExprId lhs = parse_not();
  while (at(TokenKind::And)) {
    if (!count_operator()) return lhs;
    advance();
    ast::ExprId rhs = parse_not();
    ast::Expr e;
    e.kind = ast::ExprKind::Binary;
    e.op = ast::Op::And;
    e.lhs = lhs;
    e.rhs = rhs;
    e.span = join(expr(lhs).span, expr(rhs).span);
    lhs = add_expr(std::move(e));
  }
  return lhs;
}

ast::ExprId Parser::parse_not() {
  if (at(TokenKind::Not)) {
    Span start = span_of(advance());
    DepthGuard guard(*this);
    if (!guard.ok) return error_expr(start);
    ast::ExprId operand = parse_not();
    ast::Expr e;
    e.kind = ast::ExprKind::Unary;
    e.op = ast::Op::Not;
    e.lhs = operand;
    e.span = join(start, expr(operand).span);
    return add_expr(std::move(e));
  }
  return parse_comparison();
}

namespace {
bool comparison_op(const Parser& p, ast::Op& op, int& width) {
  width = 1;
  switch (p.kind()) {
    case TokenKind::EqEq: op = ast::Op::Eq; return true;
    case TokenKind::NotEq: op = ast::Op::Ne; return true;
    case TokenKind::Less: op = ast::Op::Lt; return true;
    case TokenKind::LessEq: op = ast::Op::Le; return true;
    case TokenKind::Greater: op = ast::Op::Gt; return true;
    case TokenKind::GreaterEq: op = ast::Op::Ge; return true;
    case TokenKind::In: op = ast::Op::In; return true;
    case TokenKind::Not:
      if (p.kind(1) == TokenKind::In) {
        op = ast::Op::NotIn;
        width = 2;
        return true;
      }
      return false;
    case TokenKind::Is:
      if (p.kind(1) == TokenKind::Not) {
        op = ast::Op::IsNot;
        width = 2;
      } else {
        op = ast::Op::Is;
      }
      return true;
    default: return false;
  }
}
}  // namespace

ast::ExprId Parser::parse_comparison() {
  ast::ExprId lhs = parse_range();
  ast::Op op;
  int width;
  if (!comparison_op(*this, op, width)) return lhs;
  for (int i = 0; i < width; ++i) advance();
  ast::ExprId rhs = parse_range();
  ast::Expr e;
  e.kind = ast::ExprKind::Binary;
  e.op = op;
  e.lhs = lhs;
  e.rhs = rhs;
  e.span = join(expr(lhs).span, expr(rhs).span);
  ast::ExprId result = add_expr(std::move(e));
  if (comparison_op(*this, op, width)) {
    Diagnostic* d = error(DiagKind::ComparisonChain, span_of(peek()), "comparison chaining is not supported");
    if (d) d->hint = "write `a < b and b < c`";
    // Consume the rest of the chain so the statement parses on.
    while (comparison_op(*this, op, width)) {
      for (int i = 0; i < width; ++i) advance();
      parse_range();
    }
  }
  return result;
}

ast::ExprId Parser::parse_range() {
  ast::ExprId lhs = parse_additive();
  if (at(TokenKind::DotDot) || at(TokenKind::DotDotEq)) {
    bool inclusive = at(TokenKind::DotDotEq);
    advance();
    ast::ExprId rhs = parse_additive();
    ast::Expr e;
    e.kind = ast::ExprKind::Range;
    e.op = inclusive ? ast::Op::RangeInclusive : ast::Op::Range;
    e.lhs = lhs;
    e.rhs = rhs;
    e.span = join(expr(lhs).span, expr(rhs).span);
    return add_expr(std::move(e));
  }
  return lhs;
}

ast::ExprId Parser::parse_additive() {
  ast::ExprId lhs = parse_multiplicative();
  while (at(TokenKind::Plus) || at(TokenKind::Minus)) {
    if (!count_operator()) return lhs;
    ast::Op op = at(TokenKind::Plus) ? ast::Op::Add : ast::Op::Sub;
    advance();
    ast::ExprId rhs = parse_multiplicative();
    ast::Expr e;
    e.kind = ast::ExprKind::Binary;
    e.op = op;
    e.lhs = lhs;
    e.rhs = rhs;
    e.span = join(expr(lhs).span, expr(rhs).span);
    lhs = add_expr(std::move(e));
  }
  return lhs;
}

ast::ExprId Parser::parse_multiplicative() {
  ast::ExprId lhs = parse_power();
  for (;;) {
    ast::Op op;
    switch (kind()) {
      case TokenKind::Star: op = ast::Op::Mul; break;
      case TokenKind::Slash: op = ast::Op::Div; break;
      case TokenKind::SlashSlash: op = ast::Op::FloorDiv; break;
      case TokenKind::Percent: op = ast::Op::Mod; break;
      default: return lhs;
    }
    if (!count_operator()) return lhs;
    advance();
    ast::ExprId rhs = parse_power();
    ast::Expr e;
    e.kind = ast::ExprKind::Binary;
    e.op = op;
    e.lhs = lhs;
    e.rhs = rhs;
    e.span = join(expr(lhs).span, expr(rhs).span);
    lhs = add_expr(std::move(e));
  }
}

ast::ExprId Parser::parse_power() {
  // `**` is right-associative and its left operand is a unary expression:
  // `-2 ** 2` is `(-2) ** 2`.
  ast::ExprId lhs = parse_unary();
  if (!at(TokenKind::StarStar)) return lhs;
  advance();
  DepthGuard guard(*this);
  if (!guard.ok) return error_expr(span_of(peek()));
  ast::ExprId rhs = parse_power();
  ast::Expr e;
  e.kind = ast::ExprKind::Binary;
  e.op = ast::Op::Pow;
  e.lhs = lhs;
  e.rhs = rhs;
  e.span = join(expr(lhs).span, expr(rhs).span);
  return add_expr(std::move(e));
}

ast::ExprId Parser::parse_unary() {
  bool is_await = module_.async_enabled && at_identifier("await");
  if (at(TokenKind::Minus) || is_await) {
    Span start = span_of(advance());
    DepthGuard guard(*this);
    if (!guard.ok) return error_expr(start);
    // `await f()?` means `(await f())?`: the operand's postfix chain stops before `?`.
    bool saved = no_try_;
    no_try_ = is_await;
    ast::ExprId operand = parse_unary();
    no_try_ = saved;
    ast::Expr e;
    e.kind = is_await ? ast::ExprKind::Await : ast::ExprKind::Unary;
    e.op = ast::Op::Neg;
    e.lhs = operand;
    e.span = join(start, expr(operand).span);
    ast::ExprId result = add_expr(std::move(e));
    while (is_await && at(TokenKind::Question)) {
      advance();
      ast::Expr t;
      t.kind = ast::ExprKind::Try;
      t.lhs = result;
      t.span = join(start, prev_span());
      result = add_expr(std::move(t));
    }
    return result;
  }
  return parse_postfix();
}

void Parser::parse_call_args(std::vector<ast::Arg>& args) {
  while (!at(TokenKind::RParen)) {
    ast::Arg arg;
    if (at(TokenKind::Identifier) && kind(1) == TokenKind::Assign) {
      arg.keyword_span = span_of(peek());
      arg.keyword = std::string(text(advance()));
      advance();  // =
    }
    arg.value = parse_expr();
    args.push_back(std::move(arg));
    if (!accept(TokenKind::Comma)) break;
  }
}

ast::ExprId Parser::parse_postfix() {
  ast::ExprId base = parse_atom();
  for (;;) {
    if ((at(TokenKind::LParen) || at(TokenKind::LBracket) || at(TokenKind::Dot) ||
         (at(TokenKind::Question) && !no_try_)) &&
        !count_operator())
      return base;
    if (at(TokenKind::LParen)) {
      advance();
      ast::Expr e;
      e.kind = ast::ExprKind::Call;
      e.lhs = base;
      parse_call_args(e.args);
      if (!expect(TokenKind::RParen)) return error_expr(expr(base).span);
      e.span = join(expr(base).span, prev_span());
      base = add_expr(std::move(e));
    } else if (at(TokenKind::LBracket)) {
      advance();
      ast::Expr e;
      e.kind = ast::ExprKind::Index;
      e.lhs = base;
      ast::ExprId first = at(TokenKind::Colon) ? ast::ExprId::invalid() : parse_expr();
      if (at(TokenKind::Colon)) {
        // `x[start:stop:step]`, each part optional.
        e.kind = ast::ExprKind::Slice;
        advance();
        ast::ExprId stop = at(TokenKind::Colon) || at(TokenKind::RBracket) ? ast::ExprId::invalid() : parse_expr();
        ast::ExprId step;
        if (accept(TokenKind::Colon) && !at(TokenKind::RBracket)) step = parse_expr();
        e.elements = {first, stop, step};
      } else {
        e.rhs = first;
      }
      if (!expect(TokenKind::RBracket)) return error_expr(expr(base).span);
      e.span = join(expr(base).span, prev_span());
      base = add_expr(std::move(e));
    } else if (at(TokenKind::Question) && !no_try_) {
      advance();
      ast::Expr e;
      e.kind = ast::ExprKind::Try;
      e.lhs = base;
      e.span = join(expr(base).span, prev_span());
      base = add_expr(std::move(e));
    } else if (at(TokenKind::Dot)) {
      advance();
      ast::Expr e;
      e.kind = ast::ExprKind::Member;
      e.lhs = base;
      if (at(TokenKind::Identifier) || at(TokenKind::IntLiteral)) {
        e.name_span = span_of(peek());
        e.text = std::string(text(advance()));
      } else {
        error_unexpected("a field or method name after `.`");
        return error_expr(expr(base).span);
      }
      e.span = join(expr(base).span, prev_span());
      base = add_expr(std::move(e));
    } else {
      return base;
    }
  }
}

ast::ExprId Parser::parse_atom() {
  const Token& t = peek();
  Span s = span_of(t);
  ast::Expr e;
  e.span = s;
  switch (t.kind) {
    case TokenKind::IntLiteral:
      advance();
      e.kind = ast::ExprKind::IntLit;
      e.int_value = tokens_.ints[t.payload];
      return add_expr(std::move(e));
    case TokenKind::FloatLiteral:
      advance();
      e.kind = ast::ExprKind::FloatLit;
      e.float_value = tokens_.floats[t.payload];
      return add_expr(std::move(e));
    case TokenKind::True:
    case TokenKind::False:
      advance();
      e.kind = ast::ExprKind::BoolLit;
      e.bool_value = t.kind == TokenKind::True;
      return add_expr(std::move(e));
    case TokenKind::None:
      advance();
      e.kind = ast::ExprKind::NoneLit;
      return add_expr(std::move(e));
    case TokenKind::StringLiteral:
      advance();
      e.kind = ast::ExprKind::StrLit;
      e.text = tokens_.strings[t.payload];
      return add_expr(std::move(e));
    case TokenKind::FStringLiteral:
      advance();
      return parse_fstring(t);
    case TokenKind::Identifier:
    case TokenKind::SelfKw:
      advance();
      e.kind = ast::ExprKind::Name;
      e.text = std::string(text(t));
      return add_expr(std::move(e));
    case TokenKind::LParen: {
      if (at_lambda()) return parse_lambda();
      advance();
      bool saved_no_try = no_try_;
      no_try_ = false;  // `?` is allowed again inside brackets
      struct Restore {
        bool& flag;
        bool value;
        ~Restore() { flag = value; }
      } restore{no_try_, saved_no_try};
      if (accept(TokenKind::RParen)) {  // `()`
        e.kind = ast::ExprKind::Tuple;
        e.span = join(s, prev_span());
        return add_expr(std::move(e));
      }
      ast::ExprId inner = parse_expr();
      if (at(TokenKind::Comma)) {  // a tuple: `(a,)`, `(a, b)`
        e.kind = ast::ExprKind::Tuple;
        e.elements.push_back(inner);
        while (accept(TokenKind::Comma) && !at(TokenKind::RParen)) e.elements.push_back(parse_expr());
        if (!expect(TokenKind::RParen)) return error_expr(s);
        e.span = join(s, prev_span());
        return add_expr(std::move(e));
      }
      if (!expect(TokenKind::RParen)) return error_expr(s);
      expr(inner).span = join(s, prev_span());
      return inner;
    }
    case TokenKind::LBrace: {
      // `{}` is an empty dict; `{k: v, ...}` a dict; `{a, b}` a set.
      advance();
      e.kind = ast::ExprKind::Dict;
      if (!at(TokenKind::RBrace)) {
        ast::ExprId first = parse_expr();
        if (accept(TokenKind::Colon)) {
          e.elements.push_back(first);
          e.elements.push_back(parse_expr());
          if (at(TokenKind::For)) {
            e.kind = ast::ExprKind::DictComp;
            if (!parse_comprehension_tail(e)) return error_expr(s);
          }
          while (accept(TokenKind::Comma) && !at(TokenKind::RBrace)) {
            e.elements.push_back(parse_expr());
            if (!expect(TokenKind::Colon)) return error_expr(s);
            e.elements.push_back(parse_expr());
          }
        } else {
          e.kind = ast::ExprKind::Set;
          e.elements.push_back(first);
          while (accept(TokenKind::Comma) && !at(TokenKind::RBrace)) e.elements.push_back(parse_expr());
        }
      }
      if (!expect(TokenKind::RBrace)) return error_expr(s);
      e.span = join(s, prev_span());
      return add_expr(std::move(e));
    }
    case TokenKind::LBracket: {
      advance();
      e.kind = ast::ExprKind::List;
      while (!at(TokenKind::RBracket)) {
        e.elements.push_back(parse_expr());
        if (e.elements.size() == 1 && at(TokenKind::For)) {
          e.kind = ast::ExprKind::ListComp;
          if (!parse_comprehension_tail(e)) return error_expr(s);
          break;
        }
        if (!accept(TokenKind::Comma)) break;
      }
      if (!expect(TokenKind::RBracket)) return error_expr(s);
      e.span = join(s, prev_span());
      return add_expr(std::move(e));
    }
    default: {
      Span at_span = s;
      if (t.kind == TokenKind::Newline || t.kind == TokenKind::Eof || t.kind == TokenKind::Dedent) {
        Span p = prev_span();
        at_span = Span{p.file, p.end, p.end + 1};
      }
      if (t.kind == TokenKind::Identifier || t.kind != TokenKind::Error) {
        Diagnostic* d = error(DiagKind::ExpectedExpression, at_span, "expected an expression, found " + describe(t));
        (void)d;
      }
      if (t.kind != TokenKind::Newline && t.kind != TokenKind::Eof && t.kind != TokenKind::Dedent &&
          t.kind != TokenKind::Indent)
        advance();
      return error_expr(at_span);
    }
  }
}

bool Parser::parse_comprehension_tail(ast::Expr& e) {
  advance();  // for
  for (;;) {
    if (!at(TokenKind::Identifier)) {
      error_unexpected("a loop variable name");
      return false;
    }
    ast::Arg target;
    target.keyword_span = span_of(peek());
    target.keyword = std::string(text(advance()));
    e.args.push_back(std::move(target));
    if (!accept(TokenKind::Comma)) break;
  }
  if (!expect(TokenKind::In)) return false;
  e.lhs = parse_or();  // not a conditional: `if` below is the filter
  if (accept(TokenKind::If)) e.rhs = parse_or();
  return true;
}

ast::ExprId Parser::parse_fstring(const Token& t) {
  ast::Expr e;
  e.kind = ast::ExprKind::FString;
  e.span = span_of(t);
  for (const lex::FStringPart& part : tokens_.fstrings[t.payload]) {
    ast::FStringPiece piece;
    piece.is_expr = part.is_expr;
    piece.debug = part.debug;
    if (!part.is_expr) {
      piece.text = part.text;
    } else {
      // Lex and parse the interpolation in place, so diagnostics point into it.
      lex::TokenBuffer sub = lex::lex_range(sources_, tokens_.file, part.begin, part.end, diags_);
      Parser inner(sources_, sub, diags_);
      inner.lexer_failed_ = lexer_failed_ || diags_.has_errors();
      inner.module_ = std::move(module_);
      inner.depth_ = depth_;
      ast::ExprId id = inner.parse_expr();
      if (!inner.at(TokenKind::Newline) && !inner.at(TokenKind::Eof)) {
        inner.error_unexpected("`}` to end the f-string expression");
      }
      module_ = std::move(inner.module_);
      if (inner.panic_mode_) panic_mode_ = true;
      piece.expr = id;
    }
    e.pieces.push_back(std::move(piece));
  }
  return add_expr(std::move(e));
}

bool Parser::at_lambda() const {
  // `(` [name {`,` name}] `)` `=>`
  std::size_t k = 1;
  if (kind(k) != TokenKind::RParen) {
    for (;;) {
      if (kind(k) != TokenKind::Identifier) return false;
      ++k;
      if (kind(k) == TokenKind::Comma) {
        ++k;
        continue;
      }
      if (kind(k) != TokenKind::RParen) return false;
      break;
    }
  }
  return kind(k + 1) == TokenKind::FatArrow;
}

ast::ExprId Parser::parse_lambda() {
  ast::Expr e;
  e.kind = ast::ExprKind::Lambda;
  Span s = span_of(advance());  // `(`
  while (at(TokenKind::Identifier)) {
    ast::Arg a;
    a.keyword_span = span_of(peek());
    a.keyword = std::string(text(advance()));
    e.args.push_back(std::move(a));
    if (!accept(TokenKind::Comma)) break;
  }
  expect(TokenKind::RParen);
  expect(TokenKind::FatArrow);
  e.lhs = parse_expr();
  e.span = join(s, prev_span());
  return add_expr(std::move(e));
}

}  // namespace incan::parse
