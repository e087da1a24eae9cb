// Module items: imports and function declarations; type expressions.
#include "frontend/parse/parser_impl.h"

namespace incan::parse {

void Parser::parse_module_item() {
  Span start = span_of(peek());
  if (at(TokenKind::Import) || at(TokenKind::From)) {
    parse_import();
    return;
  }
  bool is_pub = accept(TokenKind::Pub);
  bool is_async = false;
  if (at_identifier("async") && (kind(1) == TokenKind::Def || kind(1) == TokenKind::Fn)) {
    if (!module_.async_enabled) {
      Diagnostic* d = error(DiagKind::AsyncWithoutImport, span_of(peek()),
                            "`async` is only available after importing `std.async`");
      if (d) d->hint = "Add `import std.async` or `from std.async import ...`";
      panic_mode_ = false;  // keep parsing the function: one diagnostic for this mistake
    }
    advance();
    is_async = true;
  }
  if (at(TokenKind::Def) || at(TokenKind::Fn)) {
    parse_function(is_pub, is_async, start);
    return;
  }
  if (!is_pub && (at(TokenKind::StringLiteral))) {  // module docstring
    advance();
    end_statement();
    return;
  }
  Diagnostic* d = error(DiagKind::TopLevelStatement, span_of(peek()), "statements are not allowed at module level");
  if (d) d->hint = "put executable code inside a function, e.g. `def main() -> None:`";
  synchronize();
}

void Parser::parse_import() {
  ast::Import imp;
  imp.span = span_of(peek());
  imp.is_from = at(TokenKind::From);
  advance();
  // A path: names separated by `.` or `::`.
  auto parse_path = [&]() -> bool {
    for (;;) {
      if (!at(TokenKind::Identifier) && !at(TokenKind::Crate) && !at(TokenKind::Super) && !at(TokenKind::Rust)) {
        error_unexpected("a module name");
        return false;
      }
      imp.path.emplace_back(text(advance()));
      if (accept(TokenKind::Dot)) continue;
      if (at(TokenKind::Colon) && kind(1) == TokenKind::Colon && peek().end == peek(1).begin) {
        advance();
        advance();
        continue;
      }
      return true;
    }
  };
  if (!parse_path()) {
    synchronize();
    return;
  }
  if (imp.is_from) {
    if (!expect(TokenKind::Import)) {
      synchronize();
      return;
    }
    if (accept(TokenKind::Star)) {
      imp.is_star = true;
    } else {
      bool paren = accept(TokenKind::LParen);
      for (;;) {
        if (!at(TokenKind::Identifier)) {
          error_unexpected("a name to import");
          synchronize();
          return;
        }
        ast::ImportName n;
        n.span = span_of(peek());
        n.name = std::string(text(advance()));
        if (accept(TokenKind::As)) {
          if (!at(TokenKind::Identifier)) {
            error_unexpected("a name after `as`");
            synchronize();
            return;
          }
          n.alias = std::string(text(advance()));
        }
        imp.names.push_back(std::move(n));
        if (!accept(TokenKind::Comma)) break;
        if (paren && at(TokenKind::RParen)) break;
      }
      if (paren && !expect(TokenKind::RParen)) {
        synchronize();
        return;
      }
    }
  } else if (accept(TokenKind::As)) {
    if (!at(TokenKind::Identifier)) {
      error_unexpected("a name after `as`");
      synchronize();
      return;
    }
    imp.alias = std::string(text(advance()));
  }
  imp.span = join(imp.span, prev_span());
  // `async`/`await` become keywords from any std.async import onward.
  if (imp.path.size() >= 2 && imp.path[0] == "std" && imp.path[1] == "async") module_.async_enabled = true;
  module_.imports.push_back(std::move(imp));
  end_statement();
}

void Parser::parse_function(bool is_pub, bool is_async, Span start) {
  advance();  // def / fn
  ast::Function fn;
  fn.is_pub = is_pub;
  fn.is_async = is_async;
  if (!at(TokenKind::Identifier)) {
    error_unexpected("a function name");
    synchronize();
    return;
  }
  fn.name_span = span_of(peek());
  fn.name = std::string(text(advance()));
  if (!expect(TokenKind::LParen)) {
    synchronize();
    return;
  }
  while (!at(TokenKind::RParen)) {
    ast::Param p;
    p.is_mut = accept(TokenKind::Mut);
    if (!at(TokenKind::Identifier)) {
      error_unexpected("a parameter name");
      synchronize();
      return;
    }
    p.span = span_of(peek());
    p.name = std::string(text(advance()));
    if (!accept(TokenKind::Colon)) {
      Diagnostic* d = error(DiagKind::MissingParamType, p.span, "parameter `" + p.name + "` needs a type annotation");
      if (d) d->hint = "write `" + p.name + ": int` (every parameter is annotated)";
      synchronize();
      return;
    }
    p.type = parse_type();
    if (accept(TokenKind::Assign)) p.default_value = parse_expr();
    fn.params.push_back(std::move(p));
    if (!accept(TokenKind::Comma)) break;
  }
  if (!expect(TokenKind::RParen)) {
    synchronize();
    return;
  }
  if (accept(TokenKind::Arrow)) {
    fn.return_type = parse_type();
  } else {
    Diagnostic* d = error(DiagKind::MissingReturnType, fn.name_span,
                          "function `" + fn.name + "` needs a return type annotation");
    if (d) d->hint = "add `-> None` if it returns nothing";
    panic_mode_ = false;
  }
  fn.span = join(start, prev_span());
  std::size_t index = module_.functions.size();
  module_.functions.push_back(fn);  // reserve the slot in declaration order
  std::vector<ast::StmtId> body;
  parse_block(body, fn.span);
  // A leading string statement is a docstring.
  if (!body.empty()) {
    const ast::Stmt& first = module_.stmts[body.front().index];
    if (first.kind == ast::StmtKind::Expr && module_.exprs[first.value.index].kind == ast::ExprKind::StrLit) {
      module_.functions[index].docstring = module_.exprs[first.value.index].text;
      body.erase(body.begin());
    }
  }
  module_.functions[index].body = std::move(body);
}

ast::TypeExprId Parser::parse_type() {
  ast::TypeExpr t;
  t.span = span_of(peek());
  if (!enter()) {
    leave();
    t.is_error = true;
    return add_type(std::move(t));
  }
  if (at(TokenKind::LParen)) {  // `(A, B)` is `tuple[A, B]`
    advance();
    t.name = "tuple";
    while (!at(TokenKind::RParen)) {
      t.args.push_back(parse_type());
      if (!accept(TokenKind::Comma)) break;
    }
    if (!expect(TokenKind::RParen)) t.is_error = true;
  } else if (at(TokenKind::Identifier) || at(TokenKind::None)) {
    t.name = std::string(text(advance()));
    if (accept(TokenKind::LBracket)) {
      while (!at(TokenKind::RBracket)) {
        t.args.push_back(parse_type());
        if (!accept(TokenKind::Comma)) break;
      }
      if (!expect(TokenKind::RBracket)) t.is_error = true;
    }
  } else {
    error_unexpected("a type");
    t.is_error = true;
  }
  t.span = join(t.span, prev_span());
  leave();
  return add_type(std::move(t));
}

}  // namespace incan::parse
