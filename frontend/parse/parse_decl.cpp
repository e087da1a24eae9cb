// Module items: imports and function declarations; type expressions.
#include "frontend/parse/parser_impl.h"
#include "frontend/common/gcc_warnings.h"

namespace incan::parse {

bool Parser::parse_decorators(std::vector<ast::Decorator>& out) {
  while (at(TokenKind::At)) {
    ast::Decorator d;
    d.span = span_of(advance());
    if (!at(TokenKind::Identifier)) {
      error_unexpected("a decorator name");
      return false;
    }
    d.name = std::string(text(advance()));
    while (at(TokenKind::Dot) && kind(1) == TokenKind::Identifier) {  // `@rust.extern`
      advance();
      INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
      d.name += "." + std::string(text(advance()));
      INCAN_GCC_NO_RESTRICT_END
    }
    if (accept(TokenKind::LParen)) {
      while (!at(TokenKind::RParen)) {
        if (at(TokenKind::Identifier) && kind(1) == TokenKind::Colon) {  // `@requires(name: Type)`
          ast::Param f;
          f.span = span_of(peek());
          f.name = std::string(text(advance()));
          advance();
          f.type = parse_type();
          d.fields.push_back(std::move(f));
        } else if (at(TokenKind::Identifier) && (kind(1) == TokenKind::Comma || kind(1) == TokenKind::RParen)) {
          d.name_spans.push_back(span_of(peek()));
          d.names.emplace_back(text(advance()));
        } else {
          parse_expr();  // other decorator arguments are checked (and rejected) later
        }
        if (!accept(TokenKind::Comma)) break;
      }
      if (!expect(TokenKind::RParen)) return false;
    }
    d.span = join(d.span, prev_span());
    if (!accept(TokenKind::Newline)) {
      error_unexpected("the end of the line after the decorator");
      return false;
    }
    while (accept(TokenKind::Newline)) {
    }
    out.push_back(std::move(d));
  }
  return true;
}

void Parser::parse_module_item() {
  Span start = span_of(peek());
  if (at(TokenKind::Import) || at(TokenKind::From)) {
    parse_import();
    return;
  }
  std::vector<ast::Decorator> decorators;
  if (!parse_decorators(decorators)) {
    synchronize();
    return;
  }
  bool is_pub = accept(TokenKind::Pub);
  if (at(TokenKind::Const) && decorators.empty()) {
    parse_const(is_pub, start);
    return;
  }
  if (at(TokenKind::Model) || at(TokenKind::Class) || at(TokenKind::Trait) || at(TokenKind::Enum) ||
      at(TokenKind::Newtype) || at(TokenKind::Type)) {
    parse_type_decl(is_pub, start, std::move(decorators));
    return;
  }
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
    parse_function(is_pub, is_async, start, std::move(decorators), ast::TypeDeclId::invalid());
    return;
  }
  if (!is_pub && decorators.empty() && (at(TokenKind::StringLiteral))) {  // module docstring
    advance();
    end_statement();
    return;
  }
  Diagnostic* d = error(DiagKind::TopLevelStatement, span_of(peek()), "statements are not allowed at module level");
  if (d) d->hint = "put executable code inside a function, e.g. `def main() -> None:`";
  synchronize();
}

// `[T, U: Bound, ...]` after a function or type name; bounds are parsed and dropped.
bool Parser::parse_type_params(std::vector<std::string>& out) {
  advance();  // [
  while (at(TokenKind::Identifier)) {
    out.emplace_back(text(advance()));
    if (accept(TokenKind::Colon)) {
      parse_type();
      while (accept(TokenKind::Plus)) parse_type();
    }
    if (!accept(TokenKind::Comma)) break;
  }
  return expect(TokenKind::RBracket);
}

// `[pub] const NAME: Type = expr`.
void Parser::parse_const(bool is_pub, Span start) {
  advance();  // const
  if (!at(TokenKind::Identifier)) {
    error_unexpected("the name of the const");
    synchronize();
    return;
  }
  ast::ConstDecl c;
  c.is_pub = is_pub;
  c.name_span = span_of(peek());
  c.name = std::string(text(advance()));
  if (!at(TokenKind::Colon)) {
    Diagnostic* d = error(DiagKind::UnexpectedToken, span_of(peek()), "expected `:` and the type of const `" + c.name + "`");
    if (d) d->hint = "a const names its type: `const " + c.name + ": int = ...`";
    synchronize();
    return;
  }
  advance();
  c.annotation = parse_type();
  if (!expect(TokenKind::Assign)) {
    synchronize();
    return;
  }
  c.value = parse_expr();
  c.span = join(start, prev_span());
  module_.consts.push_back(std::move(c));
  end_statement();
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
  // `from rust::serde @ "1.0" import ...`: a crate's version (the checker rejects Rust
  // crates with one diagnostic per import).
  if (!imp.path.empty() && imp.path[0] == "rust" && accept(TokenKind::At)) {
    if (!at(TokenKind::StringLiteral)) {
      error_unexpected("a version string such as \"1.0\"");
      synchronize();
      return;
    }
    advance();
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

void Parser::parse_function(bool is_pub, bool is_async, Span start, std::vector<ast::Decorator> decorators,
                            ast::TypeDeclId owner, bool in_trait) {
  advance();  // def / fn
  ast::Function fn;
  fn.is_pub = is_pub;
  fn.is_async = is_async;
  fn.owner = owner;
  fn.decorators = std::move(decorators);
  if (!at(TokenKind::Identifier)) {
    error_unexpected("a function name");
    synchronize();
    return;
  }
  fn.name_span = span_of(peek());
  fn.name = std::string(text(advance()));
  if (at(TokenKind::LBracket)) {  // `[T, U: Bound]`: the checker reports generics as unsupported
    Span open = span_of(peek());
    if (!parse_type_params(fn.type_params)) {
      synchronize();
      return;
    }
    fn.type_params_span = join(open, prev_span());
  }
  if (!expect(TokenKind::LParen)) {
    synchronize();
    return;
  }
  bool first = true;
  while (!at(TokenKind::RParen)) {
    ast::Param p;
    Span mut_span = span_of(peek());
    p.is_mut = accept(TokenKind::Mut);
    if (at(TokenKind::SelfKw)) {
      if (!first || !owner.is_valid()) {
        error(DiagKind::UnexpectedToken, span_of(peek()),
              owner.is_valid() ? "`self` must be the first parameter" : "`self` is only allowed in methods");
        synchronize();
        return;
      }
      fn.receiver_span = join(p.is_mut ? mut_span : span_of(peek()), span_of(peek()));
      advance();
      fn.receiver = p.is_mut ? ast::Receiver::MutSelf : ast::Receiver::Self;
      first = false;
      if (at(TokenKind::Colon)) {  // `self: Self` is allowed and ignored
        advance();
        parse_type();
      }
      if (!accept(TokenKind::Comma)) break;
      continue;
    }
    first = false;
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
  if (in_trait && (at(TokenKind::Newline) || (at(TokenKind::Colon) && kind(1) == TokenKind::Ellipsis))) {
    // A required trait method: `def f(self) -> T` or `def f(self) -> T: ...`.
    if (accept(TokenKind::Colon)) advance();
    fn.has_body = false;
    module_.functions.push_back(std::move(fn));
    end_statement();
    return;
  }
  module_.functions.push_back(fn);  // reserve the slot in declaration order
  std::vector<ast::StmtId> body;
  parse_block(body, fn.span);
  if (in_trait && body.size() == 1 && module_.stmts[body.front().index].kind == ast::StmtKind::Pass) {
    // A body that is only `...` (not `pass`) also declares a required method.
    const ast::Stmt& only = module_.stmts[body.front().index];
    std::string_view src = sources_.file(only.span.file).text;
    if (src.substr(only.span.begin, 3) == "...") module_.functions[index].has_body = false;
  }
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
  if (at(TokenKind::LParen)) {  // `(A, B)` is `tuple[A, B]`; `(A, B) -> R` a function type
    advance();
    t.name = "tuple";
    while (!at(TokenKind::RParen)) {
      t.args.push_back(parse_type());
      if (!accept(TokenKind::Comma)) break;
    }
    if (!expect(TokenKind::RParen)) t.is_error = true;
    if (!t.is_error && accept(TokenKind::Arrow)) {
      t.name = "(function)";
      t.args.push_back(parse_type());  // the result type comes last
    }
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
