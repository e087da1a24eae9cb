// Type declarations (LANGUAGE.md 5.3-5.9): `model`, `class`, `trait`, `enum` and
// newtypes (`type X = newtype T`, `newtype X = T`), with their fields, variants and
// methods.
#include "frontend/parse/parser_impl.h"

namespace incan::parse {

void Parser::parse_type_decl(bool is_pub, Span start, std::vector<ast::Decorator> decorators) {
  ast::TypeDecl decl;
  decl.is_pub = is_pub;
  decl.decorators = std::move(decorators);
  TokenKind keyword = kind();
  advance();
  switch (keyword) {
    case TokenKind::Model: decl.kind = ast::DeclKind::Model; break;
    case TokenKind::Class: decl.kind = ast::DeclKind::Class; break;
    case TokenKind::Trait: decl.kind = ast::DeclKind::Trait; break;
    case TokenKind::Enum: decl.kind = ast::DeclKind::Enum; break;
    default: decl.kind = ast::DeclKind::Newtype; break;
  }
  if (!at(TokenKind::Identifier)) {
    error_unexpected("a type name");
    synchronize();
    return;
  }
  decl.name_span = span_of(peek());
  decl.name = std::string(text(advance()));
  if (at(TokenKind::LBracket)) {  // generic parameters
    if (!parse_type_params(decl.type_params)) {
      synchronize();
      return;
    }
  }
  if (decl.kind == ast::DeclKind::Newtype) {
    // `type X = newtype T` or `newtype X = T`; `type X = T` is an alias.
    if (!expect(TokenKind::Assign)) {
      synchronize();
      return;
    }
    if (keyword == TokenKind::Type && !accept(TokenKind::Newtype)) {
      Diagnostic* d = error(DiagKind::Unsupported, decl.name_span, "type aliases are not supported yet");
      if (d) d->hint = "write `type " + decl.name + " = newtype T` for a distinct type, or use the type directly";
      synchronize();
      return;
    }
    decl.underlying = parse_type();
  }
  if (accept(TokenKind::Extends)) {
    if (!at(TokenKind::Identifier)) {
      error_unexpected("the name of the parent class");
      synchronize();
      return;
    }
    decl.base_span = span_of(peek());
    decl.base = std::string(text(advance()));
  }
  if (accept(TokenKind::With)) {
    for (;;) {
      if (!at(TokenKind::Identifier)) {
        error_unexpected("a trait name");
        synchronize();
        return;
      }
      decl.trait_spans.push_back(span_of(peek()));
      decl.traits.emplace_back(text(advance()));
      if (at(TokenKind::LBracket)) {  // `with Carton[int]`: generic traits are checked later
        parse_type();
      }
      if (!accept(TokenKind::Comma)) break;
    }
  }
  decl.span = join(start, prev_span());
  std::size_t index = module_.decls.size();
  module_.decls.push_back(decl);  // reserve the slot: methods refer to it
  if (decl.kind == ast::DeclKind::Newtype && !at(TokenKind::Colon)) {
    end_statement();
    return;
  }
  if (!expect(TokenKind::Colon) || !accept(TokenKind::Newline) || !at(TokenKind::Indent)) {
    if (!panic_mode_) {
      Diagnostic* d = error(DiagKind::ExpectedBlock, span_of(peek()), "expected an indented block after `:`");
      if (d) d->labels.push_back({decl.span, "this declaration needs a body"});
    }
    synchronize();
    return;
  }
  advance();  // Indent
  parse_type_body(module_.decls[index], index);
}

void Parser::parse_type_body(ast::TypeDecl& decl_ref, std::size_t index) {
  ast::TypeDeclId owner(static_cast<std::uint32_t>(index));
  ast::DeclKind dk = decl_ref.kind;
  bool first = true;
  while (!at(TokenKind::Dedent) && !at(TokenKind::Eof)) {
    if (accept(TokenKind::Newline)) continue;
    panic_mode_ = false;
    operators_ = 0;
    std::size_t before = pos_;
    Span start = span_of(peek());
    if (first && at(TokenKind::StringLiteral)) {  // docstring
      module_.decls[index].docstring = std::string(text(advance()));
      end_statement();
      first = false;
      continue;
    }
    first = false;
    if (at(TokenKind::Pass) || at(TokenKind::Ellipsis)) {
      advance();
      end_statement();
      continue;
    }
    std::vector<ast::Decorator> decorators;
    if (!parse_decorators(decorators)) {
      synchronize();
      continue;
    }
    bool is_pub = accept(TokenKind::Pub);
    bool is_async = false;
    if (at_identifier("async") && (kind(1) == TokenKind::Def || kind(1) == TokenKind::Fn)) {
      if (!module_.async_enabled) {
        Diagnostic* d = error(DiagKind::AsyncWithoutImport, span_of(peek()),
                              "`async` is only available after importing `std.async`");
        if (d) d->hint = "Add `import std.async` or `from std.async import ...`";
        panic_mode_ = false;
      }
      advance();
      is_async = true;
    }
    if (at(TokenKind::Def) || at(TokenKind::Fn)) {
      std::size_t fn_index = module_.functions.size();
      parse_function(is_pub, is_async, start, std::move(decorators), owner, dk == ast::DeclKind::Trait);
      if (module_.functions.size() > fn_index)
        module_.decls[index].methods.push_back(ast::FunctionId(static_cast<std::uint32_t>(fn_index)));
    } else if (at(TokenKind::Identifier) && kind(1) == TokenKind::Colon && dk != ast::DeclKind::Enum) {
      ast::Field f;
      f.is_pub = is_pub;
      f.span = span_of(peek());
      f.name = std::string(text(advance()));
      advance();  // `:`
      f.type = parse_type();
      if (accept(TokenKind::Assign)) f.default_value = parse_expr();
      if (dk == ast::DeclKind::Trait || dk == ast::DeclKind::Newtype) {
        Diagnostic* d = error(DiagKind::Unsupported, f.span,
                              dk == ast::DeclKind::Trait ? "traits cannot declare fields"
                                                         : "newtypes cannot declare fields");
        if (d && dk == ast::DeclKind::Trait) d->hint = "list the fields adopters must have with `@requires(name: Type)`";
        synchronize();
        continue;
      }
      module_.decls[index].fields.push_back(std::move(f));
      end_statement();
    } else if (at(TokenKind::Identifier) && dk == ast::DeclKind::Enum && !is_pub && decorators.empty()) {
      ast::Variant v;
      v.span = span_of(peek());
      v.name = std::string(text(advance()));
      if (accept(TokenKind::LParen)) {
        while (!at(TokenKind::RParen)) {
          v.payload.push_back(parse_type());
          if (!accept(TokenKind::Comma)) break;
        }
        if (!expect(TokenKind::RParen)) {
          synchronize();
          continue;
        }
      }
      v.span = join(v.span, prev_span());
      if (!module_.decls[index].methods.empty()) {
        error(DiagKind::UnexpectedToken, v.span, "enum variants must come before the methods");
        synchronize();
        continue;
      }
      module_.decls[index].variants.push_back(std::move(v));
      end_statement();
    } else {
      const char* what = dk == ast::DeclKind::Enum    ? "a variant or a method"
                         : dk == ast::DeclKind::Trait ? "a method"
                         : dk == ast::DeclKind::Newtype ? "a method"
                                                        : "a field (`name: Type`) or a method";
      error_unexpected(what);
      synchronize();
    }
    if (too_deep_) break;
    if (pos_ == before) advance();
  }
  accept(TokenKind::Dedent);
  (void)decl_ref;
}

}  // namespace incan::parse
