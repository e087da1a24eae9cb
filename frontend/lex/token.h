// Tokens and the token buffer the lexer hands to the parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/source/source_manager.h"

namespace incan::lex {

enum class TokenKind : std::uint8_t {
#define INCAN_TOKEN(kind, spelling) kind,
#include "frontend/lex/token_kind.def"
};

std::string_view token_spelling(TokenKind kind);

struct Token {
  TokenKind kind;
  std::uint32_t begin;    // byte offsets in the file
  std::uint32_t end;
  std::uint32_t payload;  // index into the buffer's literal table for the kind, else 0
};

// One interpolated or literal piece of an f-string.
struct FStringPart {
  bool is_expr = false;
  std::string text;          // literal text (escapes applied) when !is_expr
  std::uint32_t begin = 0;   // the expression's byte range when is_expr
  std::uint32_t end = 0;
  bool debug = false;        // `{x:?}`
};

struct TokenBuffer {
  FileId file;
  std::vector<Token> tokens;
  std::vector<std::string> strings;  // StringLiteral payloads (escapes applied)
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  std::vector<std::vector<FStringPart>> fstrings;

  std::string_view text_of(const SourceManager& sources, const Token& t) const {
    return std::string_view(sources.file(file).text).substr(t.begin, t.end - t.begin);
  }
};

}  // namespace incan::lex
