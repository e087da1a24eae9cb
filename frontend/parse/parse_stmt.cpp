// Statements and blocks (LANGUAGE.md section 6).
#include "frontend/parse/parser_impl.h"

namespace incan::parse {

void Parser::end_statement() {
  if (accept(TokenKind::Newline) || at(TokenKind::Dedent) || at(TokenKind::Eof)) return;
  error_unexpected("end of line");
  synchronize();
}

bool Parser::parse_block(std::vector<ast::StmtId>& out, Span header) {
  if (!expect(TokenKind::Colon)) {
    synchronize();
    return false;
  }
  if (!at(TokenKind::Newline)) {
    Diagnostic* d = error(DiagKind::ExpectedBlock, span_of(peek()), "expected an indented block after `:`");
    if (d) d->hint = "single-line bodies are not allowed: put the body on its own, indented line";
    synchronize();
    return false;
  }
  advance();
  if (!at(TokenKind::Indent)) {
    Diagnostic* d = error(DiagKind::ExpectedBlock, span_of(peek()), "expected an indented block after `:`");
    if (d) {
      d->hint = "indent the body; use `pass` for an empty one";
      d->labels.push_back({header, "this line needs a body"});
    }
    return false;
  }
  advance();
  if (!enter()) {
    leave();
    synchronize();
    return false;
  }
  parse_statements_until_dedent(out);
  leave();
  return true;
}

void Parser::parse_statements_until_dedent(std::vector<ast::StmtId>& out) {
  while (!at(TokenKind::Dedent) && !at(TokenKind::Eof)) {
    if (accept(TokenKind::Newline)) continue;
    panic_mode_ = false;
    operators_ = 0;
    std::size_t before = pos_;
    ast::StmtId s = parse_statement();
    if (s.is_valid()) out.push_back(s);
    if (too_deep_) break;
    if (pos_ == before) advance();
  }
  accept(TokenKind::Dedent);
}

bool Parser::parse_let_pattern(ast::Stmt& s, ast::StmtKind kind, Span start) {
  advance();  // let
  s.kind = kind;
  s.pattern = parse_pattern();
  if (!expect(TokenKind::Assign, "`=`")) {
    synchronize();
    return false;
  }
  s.value = parse_expr();
  s.span = join(start, prev_span());
  parse_block(s.body, s.span);
  return true;
}

ast::StmtId Parser::parse_statement() {
  const Token& t = peek();
  Span start = span_of(t);
  ast::Stmt s;
  s.span = start;
  switch (t.kind) {
    case TokenKind::Indent: {
      Diagnostic* d = error(DiagKind::UnexpectedIndent, start, "unexpected indentation");
      if (d) d->hint = "this line is indented more than the line before it, which does not open a block";
      // Recover: parse the over-indented lines as if they were not indented.
      advance();
      std::vector<ast::StmtId> ignored;
      while (!at(TokenKind::Dedent) && !at(TokenKind::Eof)) {
        if (accept(TokenKind::Newline)) continue;
        std::size_t before = pos_;
        ast::StmtId inner = parse_statement();
        (void)inner;
        if (too_deep_) break;
        if (pos_ == before) advance();
      }
      accept(TokenKind::Dedent);
      return ast::StmtId::invalid();
    }
    case TokenKind::Match:
      advance();
      return parse_match(start);
    case TokenKind::If:
      advance();
      if (at(TokenKind::Let)) {
        if (!parse_let_pattern(s, ast::StmtKind::IfLet, start)) return ast::StmtId::invalid();
        if (at(TokenKind::Else) || at(TokenKind::Elif)) {
          Diagnostic* d = error(DiagKind::IfLetElse, span_of(peek()), "`if let` does not support `else` branches");
          if (d) d->hint = "use `match` to handle the other cases";
          advance();
          std::vector<ast::StmtId> ignored;
          if (!at(TokenKind::Colon)) parse_expr();
          parse_block(ignored, prev_span());
        }
        return add_stmt(std::move(s));
      }
      return parse_if(start, false);
    case TokenKind::While: {
      advance();
      if (at(TokenKind::Let)) {
        if (!parse_let_pattern(s, ast::StmtKind::WhileLet, start)) return ast::StmtId::invalid();
        return add_stmt(std::move(s));
      }
      s.kind = ast::StmtKind::While;
      s.cond = parse_expr();
      s.span = join(start, prev_span());
      parse_block(s.body, s.span);
      return add_stmt(std::move(s));
    }
    case TokenKind::For: {
      advance();
      s.kind = ast::StmtKind::For;
      for (;;) {
        if (!at(TokenKind::Identifier)) {
          error_unexpected("a loop variable name");
          synchronize();
          return ast::StmtId::invalid();
        }
        s.for_target_spans.push_back(span_of(peek()));
        s.for_targets.emplace_back(text(advance()));
        if (!accept(TokenKind::Comma)) break;
      }
      if (!expect(TokenKind::In)) {
        synchronize();
        return ast::StmtId::invalid();
      }
      s.value = parse_expr();
      s.span = join(start, prev_span());
      parse_block(s.body, s.span);
      return add_stmt(std::move(s));
    }
    case TokenKind::Loop:
      advance();
      s.kind = ast::StmtKind::Loop;
      parse_block(s.body, start);
      return add_stmt(std::move(s));
    case TokenKind::Return:
      advance();
      s.kind = ast::StmtKind::Return;
      if (at(TokenKind::Loop)) {
        s.value = parse_loop_expr();
        return add_stmt(std::move(s));
      }
      if (at(TokenKind::If) || at(TokenKind::Match)) {
        s.value = skip_block_expression();
        s.span = join(start, expr(s.value).span);
        return add_stmt(std::move(s));
      }
      if (!at(TokenKind::Newline) && !at(TokenKind::Dedent) && !at(TokenKind::Eof)) s.value = parse_expr();
      s.span = join(start, prev_span());
      end_statement();
      return add_stmt(std::move(s));
    case TokenKind::Pass:
    case TokenKind::Ellipsis:
      advance();
      s.kind = ast::StmtKind::Pass;
      end_statement();
      return add_stmt(std::move(s));
    case TokenKind::Break:
    case TokenKind::Continue:
      advance();
      s.kind = t.kind == TokenKind::Break ? ast::StmtKind::Break : ast::StmtKind::Continue;
      if (s.kind == ast::StmtKind::Break && !at(TokenKind::Newline) && !at(TokenKind::Dedent) && !at(TokenKind::Eof))
        s.value = parse_expr();  // `break value`
      s.span = join(start, prev_span());
      end_statement();
      return add_stmt(std::move(s));
    case TokenKind::Def:
    case TokenKind::Fn:
      error(DiagKind::UnexpectedToken, start, "nested functions are not supported");
      synchronize();
      return ast::StmtId::invalid();
    default:
      return parse_simple_statement();
  }
}

ast::StmtId Parser::parse_simple_statement_or_keyword() {
  switch (kind()) {
    case TokenKind::Return:
    case TokenKind::Pass:
    case TokenKind::Ellipsis:
    case TokenKind::Break:
    case TokenKind::Continue: return parse_statement();
    default: return parse_simple_statement();
  }
}

ast::StmtId Parser::parse_if(Span start, bool is_elif) {
  ast::Stmt s;
  s.kind = ast::StmtKind::If;
  s.is_elif = is_elif;
  s.cond = parse_expr();
  s.span = join(start, prev_span());
  parse_block(s.body, s.span);
  if (at(TokenKind::Elif)) {
    Span elif_start = span_of(advance());
    s.has_else = true;
    ast::StmtId nested = parse_if(elif_start, true);
    s.else_body.push_back(nested);
  } else if (at(TokenKind::Else)) {
    advance();
    s.has_else = true;
    parse_block(s.else_body, prev_span());
  }
  return add_stmt(std::move(s));
}

namespace {
bool compound_op(TokenKind k, ast::Op& op) {
  switch (k) {
    case TokenKind::PlusAssign: op = ast::Op::Add; return true;
    case TokenKind::MinusAssign: op = ast::Op::Sub; return true;
    case TokenKind::StarAssign: op = ast::Op::Mul; return true;
    case TokenKind::SlashAssign: op = ast::Op::Div; return true;
    case TokenKind::SlashSlashAssign: op = ast::Op::FloorDiv; return true;
    case TokenKind::PercentAssign: op = ast::Op::Mod; return true;
    default: return false;
  }
}
}  // namespace

ast::ExprId Parser::parse_loop_expr() {
  Span start = span_of(advance());  // `loop`
  ast::Stmt loop;
  loop.kind = ast::StmtKind::Loop;
  loop.span = start;
  parse_block(loop.body, start);
  ast::Expr e;
  e.kind = ast::ExprKind::Loop;
  e.span = start;
  e.stmt = add_stmt(std::move(loop));
  return add_expr(std::move(e));
}

ast::StmtId Parser::parse_simple_statement() {
  Span start = span_of(peek());
  ast::Stmt s;
  s.span = start;
  // `assert cond[, message]` (`assert` is a word only at the start of a statement)
  if (at_identifier("assert") && kind(1) != TokenKind::Assign && kind(1) != TokenKind::Dot &&
      kind(1) != TokenKind::Newline && kind(1) != TokenKind::Colon) {
    advance();
    s.kind = ast::StmtKind::Assert;
    s.cond = parse_expr();
    if (accept(TokenKind::Comma)) s.value = parse_expr();
    s.span = join(start, prev_span());
    end_statement();
    return add_stmt(std::move(s));
  }
  // `let x [: T] = e` / `mut x [: T] = e`
  if (at(TokenKind::Let) || at(TokenKind::Mut)) {
    s.binding = at(TokenKind::Let) ? ast::Binding::Let : ast::Binding::Mut;
    advance();
    if (!at(TokenKind::Identifier)) {
      error_unexpected("a variable name");
      synchronize();
      return ast::StmtId::invalid();
    }
  }
  ast::ExprId lhs = parse_expr();
  if (at(TokenKind::Comma) && module_.exprs[lhs.index].kind == ast::ExprKind::Name) {
    // Tuple unpacking: `a, b = e` (also after `let` / `mut`).
    s.kind = ast::StmtKind::Unpack;
    s.for_targets.push_back(module_.exprs[lhs.index].text);
    s.for_target_spans.push_back(module_.exprs[lhs.index].span);
    while (accept(TokenKind::Comma)) {
      if (!at(TokenKind::Identifier)) {
        error_unexpected("a name to unpack into");
        synchronize();
        return ast::StmtId::invalid();
      }
      s.for_target_spans.push_back(span_of(peek()));
      s.for_targets.emplace_back(text(advance()));
    }
    if (!expect(TokenKind::Assign, "`=`")) {
      synchronize();
      return ast::StmtId::invalid();
    }
    s.value = parse_expr();
    s.span = join(start, prev_span());
    end_statement();
    return add_stmt(std::move(s));
  }
  const ast::Expr& target = module_.exprs[lhs.index];
  if (s.binding != ast::Binding::Plain || at(TokenKind::Colon) || at(TokenKind::Assign)) {
    // A binding or assignment.
    if (at(TokenKind::Colon)) {
      if (target.kind != ast::ExprKind::Name) {
        error(DiagKind::InvalidAssignTarget, target.span, "only a plain name can have a type annotation");
        synchronize();
        return ast::StmtId::invalid();
      }
      advance();
      s.annotation = parse_type();
    }
    if (!expect(TokenKind::Assign, "`=`")) {
      synchronize();
      return ast::StmtId::invalid();
    }
    if (target.kind != ast::ExprKind::Name && target.kind != ast::ExprKind::Member &&
        target.kind != ast::ExprKind::Index && target.kind != ast::ExprKind::Error) {
      Diagnostic* d = error(DiagKind::InvalidAssignTarget, target.span, "cannot assign to this expression");
      if (d) d->hint = "assign to a name, a field (`p.x`) or an element (`xs[i]`)";
      synchronize();
      return ast::StmtId::invalid();
    }
    if (s.binding != ast::Binding::Plain && target.kind != ast::ExprKind::Name) {
      error(DiagKind::InvalidAssignTarget, target.span, "`let` and `mut` bind a plain name");
      synchronize();
      return ast::StmtId::invalid();
    }
    s.kind = ast::StmtKind::Assign;
    s.target = lhs;
    if (at(TokenKind::Loop)) {  // `x = loop:` ends with the loop's block
      s.value = parse_loop_expr();
      s.span = join(start, expr(lhs).span);
      return add_stmt(std::move(s));
    }
    if (at(TokenKind::If) || at(TokenKind::Match)) {  // `x = if c:` / `x = match v:`
      s.value = skip_block_expression();
      s.span = join(start, expr(lhs).span);
      return add_stmt(std::move(s));
    }
    s.value = parse_expr();
    s.span = join(start, prev_span());
    end_statement();
    return add_stmt(std::move(s));
  }
  ast::Op op;
  if (compound_op(kind(), op)) {
    advance();
    if (target.kind != ast::ExprKind::Name && target.kind != ast::ExprKind::Member &&
        target.kind != ast::ExprKind::Index) {
      error(DiagKind::InvalidAssignTarget, target.span, "cannot assign to this expression");
      synchronize();
      return ast::StmtId::invalid();
    }
    s.kind = ast::StmtKind::CompoundAssign;
    s.op = op;
    s.target = lhs;
    s.value = parse_expr();
    s.span = join(start, prev_span());
    end_statement();
    return add_stmt(std::move(s));
  }
  s.kind = ast::StmtKind::Expr;
  s.value = lhs;
  s.span = join(start, prev_span());
  end_statement();
  return add_stmt(std::move(s));
}

// `if` or `match` used as a value (LANGUAGE.md 7.10) is not supported yet: one
// diagnostic, then the whole construct (its blocks, and an `if`'s `elif`/`else`
// parts) is skipped. The value is an Error expression, which the checker accepts
// silently, so the binding it initialises raises no follow-on errors.
ast::ExprId Parser::skip_block_expression() {
  Span span = span_of(peek());
  bool is_if = at(TokenKind::If);
  Diagnostic* d = error(DiagKind::Unsupported, span,
                        std::string("`") + (is_if ? "if" : "match") + "` used as a value is not supported yet");
  if (d)
    d->hint = is_if ? "declare `mut x = ...` before an `if` statement and assign it in each branch"
                    : "declare `mut x = ...` before a `match` statement and assign it in each arm";
  synchronize();
  while (is_if && (at(TokenKind::Elif) || at(TokenKind::Else))) synchronize();
  panic_mode_ = false;
  return error_expr(span);
}

}  // namespace incan::parse
