// Private parser state shared by parse_*.cpp. Not part of the frontend's API.
#pragma once

#include <string>

#include "frontend/parse/parser.h"

namespace incan::parse {

using lex::Token;
using lex::TokenKind;

class Parser {
 public:
  Parser(const SourceManager& sources, const lex::TokenBuffer& tokens, DiagnosticEmitter& diags);
  ast::Module run();

  // --- token cursor ---
  const Token& peek(std::size_t ahead = 0) const;
  TokenKind kind(std::size_t ahead = 0) const { return peek(ahead).kind; }
  bool at(TokenKind k) const { return kind() == k; }
  const Token& advance();
  bool accept(TokenKind k);
  // Consumes `k` or reports "expected `k`, found ..." (returns false).
  bool expect(TokenKind k, const char* what = nullptr);
  std::string_view text(const Token& t) const { return tokens_.text_of(sources_, t); }
  bool at_identifier(std::string_view word) const { return at(TokenKind::Identifier) && text(peek()) == word; }
  Span span_of(const Token& t) const { return Span{tokens_.file, t.begin, t.end}; }
  Span join(Span a, Span b) const { return Span{a.file, a.begin, b.end > a.end ? b.end : a.end}; }
  Span prev_span() const { return span_of(tokens_.tokens[pos_ > 0 ? pos_ - 1 : 0]); }

  // --- diagnostics ---
  // Reports unless the offending token is an Error token (the lexer already spoke)
  // or the parser is in panic mode for the current statement.
  Diagnostic* error(DiagKind kind, Span span, std::string message);
  Diagnostic* error_unexpected(const char* expected);
  std::string describe(const Token& t) const;
  // Skips to the end of the current logical line (and any block it opens).
  void synchronize();

  // --- declarations (parse_decl.cpp) ---
  void parse_module_item();
  void parse_import();
  void parse_const(bool is_pub, Span start);
  bool parse_type_params(std::vector<std::string>& out);
  ast::ExprId skip_block_expression();
  void parse_function(bool is_pub, bool is_async, Span start, std::vector<ast::Decorator> decorators,
                      ast::TypeDeclId owner, bool in_trait = false);
  // `@name` / `@name(args)` lines; false after reporting a malformed one.
  bool parse_decorators(std::vector<ast::Decorator>& out);
  // `model`/`class`/`trait`/`enum` declarations and newtypes (parse_type_decl.cpp).
  void parse_type_decl(bool is_pub, Span start, std::vector<ast::Decorator> decorators);
  void parse_type_body(ast::TypeDecl& decl, std::size_t index);
  ast::TypeExprId parse_type();

  // --- statements (parse_stmt.cpp) ---
  // Parses `:` NEWLINE INDENT stmts DEDENT. Returns false on a missing block.
  bool parse_block(std::vector<ast::StmtId>& out, Span header);
  // Statements up to and including the Dedent that closes the current block.
  void parse_statements_until_dedent(std::vector<ast::StmtId>& out);
  // `if let` / `while let` after the keyword: `let PATTERN = expr:` and the block.
  bool parse_let_pattern(ast::Stmt& s, ast::StmtKind kind, Span start);
  ast::StmtId parse_statement();
  ast::StmtId parse_if(Span start, bool is_elif);
  ast::StmtId parse_simple_statement();
  ast::StmtId parse_match(Span start);
  ast::ExprId parse_loop_expr();
  // One statement on the rest of the line (an inline arm body): simple statements
  // and `return` / `pass` / `break` / `continue`.
  ast::StmtId parse_simple_statement_or_keyword();
  // An arm or `if let` body: an indented block after NEWLINE, or one inline statement.
  void parse_arm_body(std::vector<ast::StmtId>& out, Span header);
  ast::PatternId parse_pattern();
  ast::PatternId parse_pattern_atom();
  void end_statement();

  // --- expressions (parse_expr.cpp) ---
  ast::ExprId parse_expr();
  ast::ExprId parse_or();
  ast::ExprId parse_and();
  ast::ExprId parse_not();
  ast::ExprId parse_comparison();
  ast::ExprId parse_range();
  ast::ExprId parse_additive();
  ast::ExprId parse_multiplicative();
  ast::ExprId parse_power();
  ast::ExprId parse_unary();
  ast::ExprId parse_postfix();
  ast::ExprId parse_atom();
  // At `(` that starts a closure `(a, b) => expr`?
  bool at_lambda() const;
  ast::ExprId parse_lambda();
  ast::ExprId parse_fstring(const Token& t);
  // After `[elem` or `{k: v`: parses `for names in iterable [if cond]` into `e`.
  bool parse_comprehension_tail(ast::Expr& e);
  void parse_call_args(std::vector<ast::Arg>& args);

  // --- node construction ---
  ast::ExprId add_expr(ast::Expr e);
  ast::StmtId add_stmt(ast::Stmt s);
  ast::TypeExprId add_type(ast::TypeExpr t);
  ast::ExprId error_expr(Span span);
  ast::Expr& expr(ast::ExprId id) { return module_.exprs[id.index]; }

  // Nesting guard: returns false (after reporting once) when too deep.
  bool enter();
  void leave() { --depth_; }
  // Counts one operator of the current statement against kMaxOperators; false
  // (after reporting once) when the statement has too many. Bounds the depth of
  // left-leaning operator chains, which the parser builds with loops but later
  // stages walk recursively.
  bool count_operator();

  const SourceManager& sources_;
  const lex::TokenBuffer& tokens_;
  DiagnosticEmitter& diags_;
  ast::Module module_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  int operators_ = 0;  // operators in the current statement
  bool too_deep_ = false;
  bool panic_mode_ = false;   // a diagnostic was reported for the current statement
  bool lexer_failed_ = false;  // the lexer reported errors: the parser stays quiet
  bool no_try_ = false;  // parsing the operand of `await`: leave a trailing `?` to it
};

}  // namespace incan::parse
