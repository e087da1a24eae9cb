// The lexer (LANGUAGE.md section 2).
#include "frontend/lex/lexer.h"
#include "frontend/common/large_array.h"

#include <charconv>
#include <unordered_map>

namespace incan::lex {

std::string_view token_spelling(TokenKind kind) {
  static constexpr std::string_view kSpellings[] = {
#define INCAN_TOKEN(kind, spelling) spelling,
#include "frontend/lex/token_kind.def"
  };
  return kSpellings[static_cast<int>(kind)];
}

namespace {

const std::unordered_map<std::string_view, TokenKind>& keywords() {
  static const std::unordered_map<std::string_view, TokenKind> map = [] {
    std::unordered_map<std::string_view, TokenKind> m = {
#define INCAN_KEYWORD(kind, spelling) {spelling, TokenKind::kind},
#include "frontend/lex/token_kind.def"
    };
    m["True"] = TokenKind::True;
    m["False"] = TokenKind::False;
    return m;
  }();
  return map;
}

// Returns the offset of the first invalid UTF-8 byte, or npos.
std::size_t find_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n;
  }
  return std::string_view::npos;
}

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

class Lexer {
 public:
  Lexer(const SourceManager& sources, FileId file, std::uint32_t begin, std::uint32_t end,
        DiagnosticEmitter& diags, bool layout)
      : text_(sources.file(file).text), pos_(begin), end_(end), file_(file), diags_(diags), layout_(layout) {
    buf_.file = file;
    // Typical source has a token per 4-6 bytes, dense code one per 3. Reserving more
    // than is used costs address space only: untouched pages are never mapped.
    reserve_large(buf_.tokens, (end - begin) / 2 + 16);
  }

  TokenBuffer run();

 private:
  Span span(std::uint32_t b, std::uint32_t e) const { return Span{file_, b, e}; }
  char peek(std::uint32_t ahead = 0) const { return pos_ + ahead < end_ ? text_[pos_ + ahead] : '\0'; }
  void add(TokenKind kind, std::uint32_t b, std::uint32_t e, std::uint32_t payload = 0) {
    buf_.tokens.push_back(Token{kind, b, e, payload});
  }
  bool last_is(TokenKind kind) const { return !buf_.tokens.empty() && buf_.tokens.back().kind == kind; }

  void handle_line_start();
  void lex_number();
  void lex_string(std::uint32_t start, bool is_f);
  bool lex_punct();
  // Reads the body of a quoted literal starting at pos_ (after the opening quote).
  // Returns false (after reporting) if unterminated.
  bool read_quoted(std::uint32_t start, char quote, bool triple, bool is_f, std::string& out,
                   std::vector<FStringPart>* parts);

  std::string_view text_;
  std::uint32_t pos_;
  std::uint32_t end_;
  FileId file_;
  DiagnosticEmitter& diags_;
  bool layout_;
  TokenBuffer buf_;
  std::vector<std::uint32_t> indents_{0};
  struct Open {
    char ch;
    std::uint32_t pos;
  };
  std::vector<Open> brackets_;
  bool at_line_start_ = true;
  std::size_t errors_at_start_ = diags_.error_count();
};

void Lexer::handle_line_start() {
  // Measure indentation: a space counts 1, a tab 4 (LANGUAGE.md 2.3).
  for (;;) {
    std::uint32_t width = 0;
    std::uint32_t p = pos_;
    while (p < end_ && (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\f')) {
      width += text_[p] == '\t' ? 4 : (text_[p] == ' ' ? 1 : 0);
      ++p;
    }
    char c = p < end_ ? text_[p] : '\0';
    if (c == '#') {  // comment-only line: skip it entirely
      while (p < end_ && text_[p] != '\n') ++p;
    }
    c = p < end_ ? text_[p] : '\0';
    if (c == '\r' && p + 1 < end_ && text_[p + 1] == '\n') c = '\n', ++p;
    if (c == '\n') {  // blank line: no effect on layout
      pos_ = p + 1;
      continue;
    }
    pos_ = p;
    if (p >= end_) return;  // EOF closes blocks in run()
    if (width > indents_.back()) {
      indents_.push_back(width);
      add(TokenKind::Indent, p, p);
    } else {
      while (width < indents_.back()) {
        indents_.pop_back();
        add(TokenKind::Dedent, p, p);
      }
      if (width != indents_.back()) {
        diags_.emit(DiagKind::InconsistentIndentation, span(p - (p > pos_ ? 0 : 0), p + 1),
                    "unindent does not match any outer indentation level")
            .hint = "indent this line to the level of an enclosing block";
        // Recover: treat the line as being at the enclosing level.
      }
    }
    return;
  }
}

void Lexer::lex_number() {
  std::uint32_t start = pos_;
  std::string digits;
  bool is_float = false;
  auto read_digits = [&](bool allow_underscore) {
    while (is_digit(peek()) || (allow_underscore && peek() == '_' && is_digit(peek(1)))) {
      if (peek() != '_') digits += peek();
      ++pos_;
    }
  };
  read_digits(true);
  if (peek() == '.' && is_digit(peek(1))) {
    is_float = true;
    digits += '.';
    ++pos_;
    read_digits(true);
  }
  if ((peek() == 'e' || peek() == 'E') &&
      (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
    is_float = true;
    digits += 'e';
    ++pos_;
    if (peek() == '+' || peek() == '-') digits += peek(), ++pos_;
    read_digits(false);
  }
  if (is_ident_char(peek())) {
    std::uint32_t b = pos_;
    while (is_ident_char(peek())) ++pos_;
    diags_.emit(DiagKind::InvalidNumber, span(start, pos_),
                "invalid suffix `" + std::string(text_.substr(b, pos_ - b)) + "` on numeric literal")
        .hint = "Incan has no numeric suffixes; `int` and `float` are the literal types";
    add(TokenKind::Error, start, pos_);
    return;
  }
  if (is_float) {
    double value = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) {
      // from_chars reports overflow/underflow; follow IEEE (inf / 0) like Rust's parser.
      value = digits.find("e-") != std::string::npos ? 0.0 : __builtin_inf();
    }
    buf_.floats.push_back(value);
    add(TokenKind::FloatLiteral, start, pos_, static_cast<std::uint32_t>(buf_.floats.size() - 1));
    return;
  }
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc()) {
    diags_.emit(DiagKind::IntLiteralTooLarge, span(start, pos_), "integer literal is too large for `int`")
        .hint = "the largest `int` is 9223372036854775807; use a float literal for larger values";
    value = 0;
  }
  buf_.ints.push_back(value);
  add(TokenKind::IntLiteral, start, pos_, static_cast<std::uint32_t>(buf_.ints.size() - 1));
}

bool Lexer::read_quoted(std::uint32_t start, char quote, bool triple, bool is_f, std::string& out,
                        std::vector<FStringPart>* parts) {
  auto unterminated = [&]() {
    diags_.emit(DiagKind::UnterminatedString, span(start, start + 1), "unterminated string literal")
        .hint = triple ? "close the string with three matching quotes"
                       : "close the string on the same line; use a triple-quoted string for multi-line text";
    return false;
  };
  for (;;) {
    if (pos_ >= end_) return unterminated();
    char c = text_[pos_];
    if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
      pos_ += triple ? 3 : 1;
      return true;
    }
    if (c == '\n' && !triple) return unterminated();
    if (c == '\\' && pos_ + 1 < end_) {
      char e = text_[pos_ + 1];
      // Only \n \t \r \\ and the own quote are escapes; anything else stays verbatim.
      if (e == 'n') out += '\n';
      else if (e == 't') out += '\t';
      else if (e == 'r') out += '\r';
      else if (e == '\\') out += '\\';
      else if (e == quote) out += quote;
      else {
        out += '\\';
        ++pos_;
        continue;
      }
      pos_ += 2;
      continue;
    }
    if (is_f && c == '{') {
      if (peek(1) == '{') {
        out += '{';
        pos_ += 2;
        continue;
      }
      // An interpolation: runs to the matching `}`, skipping nested brackets and quotes.
      std::uint32_t open = pos_;
      ++pos_;
      std::uint32_t expr_begin = pos_;
      int depth = 0;
      char in_quote = 0;
      std::uint32_t marker_colon = UINT32_MAX;
      while (pos_ < end_ && text_[pos_] != '\n') {
        char d = text_[pos_];
        if (in_quote) {
          if (d == '\\') ++pos_;
          else if (d == in_quote) in_quote = 0;
        } else if (d == '"' || d == '\'') {
          in_quote = d;  // a nested string literal, even with the f-string's own quote
        } else if (d == '{' || d == '(' || d == '[') {
          ++depth;
        } else if (d == ')' || d == ']') {
          --depth;
        } else if (d == '}') {
          if (depth == 0) break;
          --depth;
        } else if (d == ':' && depth == 0) {
          marker_colon = pos_;
        }
        ++pos_;
      }
      if (pos_ >= end_ || text_[pos_] != '}') {
        diags_.emit(DiagKind::InvalidFString, span(open, open + 1), "f-string: expected `}` to close `{`")
            .hint = "write `{{` for a literal brace";
        while (pos_ < end_ && text_[pos_] != '\n' && text_[pos_] != quote) ++pos_;
        if (pos_ < end_ && text_[pos_] == quote) ++pos_;
        return false;
      }
      std::uint32_t expr_end = pos_;
      bool debug = false;
      if (marker_colon != UINT32_MAX) {
        std::string_view marker = text_.substr(marker_colon + 1, expr_end - marker_colon - 1);
        while (!marker.empty() && marker.front() == ' ') marker.remove_prefix(1);
        while (!marker.empty() && marker.back() == ' ') marker.remove_suffix(1);
        if (marker == "?") {
          debug = true;
          expr_end = marker_colon;
        }
      }
      ++pos_;  // the closing `}`
      std::string_view expr = text_.substr(expr_begin, expr_end - expr_begin);
      if (expr.find_first_not_of(" \t") == std::string_view::npos) {
        diags_.emit(DiagKind::InvalidFString, span(open, pos_), "f-string: empty expression in `{}`")
            .hint = "write `{{}}` for literal braces";
        continue;
      }
      if (!out.empty()) parts->push_back(FStringPart{false, std::move(out), 0, 0, false});
      out.clear();
      parts->push_back(FStringPart{true, {}, expr_begin, expr_end, debug});
      continue;
    }
    if (is_f && c == '}') {
      if (peek(1) == '}') {
        out += '}';
        pos_ += 2;
        continue;
      }
      diags_.emit(DiagKind::InvalidFString, span(pos_, pos_ + 1), "f-string: single `}` is not allowed")
          .hint = "write `}}` for a literal brace";
      ++pos_;
      continue;
    }
    out += c;
    ++pos_;
  }
}

void Lexer::lex_string(std::uint32_t start, bool is_f) {
  char quote = peek();
  bool triple = peek(1) == quote && peek(2) == quote;
  if (triple && is_f) triple = false;  // f-strings are single-line only; `f""` is empty
  pos_ += triple ? 3 : 1;
  std::string out;
  std::vector<FStringPart> parts;
  bool ok = read_quoted(start, quote, triple, is_f, out, &parts);
  if (!ok) {
    // Skip to the end of the line so that one mistake gives one diagnostic.
    while (pos_ < end_ && text_[pos_] != '\n') ++pos_;
    add(TokenKind::Error, start, pos_);
    return;
  }
  if (is_f) {
    if (!out.empty() || parts.empty()) parts.push_back(FStringPart{false, std::move(out), 0, 0, false});
    buf_.fstrings.push_back(std::move(parts));
    add(TokenKind::FStringLiteral, start, pos_, static_cast<std::uint32_t>(buf_.fstrings.size() - 1));
  } else {
    buf_.strings.push_back(std::move(out));
    add(TokenKind::StringLiteral, start, pos_, static_cast<std::uint32_t>(buf_.strings.size() - 1));
  }
}

bool Lexer::lex_punct() {
  std::uint32_t start = pos_;
  char c = peek(), c1 = peek(1), c2 = peek(2);
  TokenKind kind;
  std::uint32_t n = 1;
  // Longest match first, dispatched on the first character.
  switch (c) {
    case '(': kind = TokenKind::LParen; break;
    case ')': kind = TokenKind::RParen; break;
    case '[': kind = TokenKind::LBracket; break;
    case ']': kind = TokenKind::RBracket; break;
    case '{': kind = TokenKind::LBrace; break;
    case '}': kind = TokenKind::RBrace; break;
    case ',': kind = TokenKind::Comma; break;
    case ':': kind = TokenKind::Colon; break;
    case '?': kind = TokenKind::Question; break;
    case '@': kind = TokenKind::At; break;
    case '~': kind = TokenKind::Tilde; break;
    case '&': kind = TokenKind::Amp; break;
    case '|': kind = TokenKind::Pipe; break;
    case '^': kind = TokenKind::Caret; break;
    case '.':
      if (c1 == '.' && c2 == '=') kind = TokenKind::DotDotEq, n = 3;
      else if (c1 == '.' && c2 == '.') kind = TokenKind::Ellipsis, n = 3;
      else if (c1 == '.') kind = TokenKind::DotDot, n = 2;
      else kind = TokenKind::Dot;
      break;
    case '=':
      if (c1 == '=') kind = TokenKind::EqEq, n = 2;
      else if (c1 == '>') kind = TokenKind::FatArrow, n = 2;
      else kind = TokenKind::Assign;
      break;
    case '!':
      if (c1 != '=') return false;
      kind = TokenKind::NotEq, n = 2;
      break;
    case '<':
      if (c1 == '=') kind = TokenKind::LessEq, n = 2;
      else if (c1 == '<') kind = TokenKind::ShiftLeft, n = 2;
      else kind = TokenKind::Less;
      break;
    case '>':
      if (c1 == '=') kind = TokenKind::GreaterEq, n = 2;
      else if (c1 == '>') kind = TokenKind::ShiftRight, n = 2;
      else kind = TokenKind::Greater;
      break;
    case '+': kind = c1 == '=' ? (n = 2, TokenKind::PlusAssign) : TokenKind::Plus; break;
    case '-':
      if (c1 == '=') kind = TokenKind::MinusAssign, n = 2;
      else if (c1 == '>') kind = TokenKind::Arrow, n = 2;
      else kind = TokenKind::Minus;
      break;
    case '*':
      if (c1 == '*') kind = TokenKind::StarStar, n = 2;
      else if (c1 == '=') kind = TokenKind::StarAssign, n = 2;
      else kind = TokenKind::Star;
      break;
    case '/':
      if (c1 == '/' && c2 == '=') kind = TokenKind::SlashSlashAssign, n = 3;
      else if (c1 == '/') kind = TokenKind::SlashSlash, n = 2;
      else if (c1 == '=') kind = TokenKind::SlashAssign, n = 2;
      else kind = TokenKind::Slash;
      break;
    case '%': kind = c1 == '=' ? (n = 2, TokenKind::PercentAssign) : TokenKind::Percent; break;
    default: return false;
  }
  pos_ += n;
  if (n == 1 && (c == '(' || c == '[' || c == '{')) {
    brackets_.push_back({c, start});
  } else if (n == 1 && (c == ')' || c == ']' || c == '}')) {
    char want = c == ')' ? '(' : c == ']' ? '[' : '{';
    if (brackets_.empty() || brackets_.back().ch != want) {
      diags_.emit(DiagKind::UnmatchedBracket, span(start, pos_), "unmatched `" + std::string(1, c) + "`")
          .hint = brackets_.empty() ? "remove it, or add the opening bracket"
                                    : "the innermost open bracket is `" + std::string(1, brackets_.back().ch) + "`";
      add(TokenKind::Error, start, pos_);
      return true;
    }
    brackets_.pop_back();
  }
  add(kind, start, pos_);
  return true;
}

TokenBuffer Lexer::run() {
  if (layout_) {
    std::size_t bad = find_invalid_utf8(text_.substr(pos_, end_ - pos_));
    if (bad != std::string_view::npos) {
      std::uint32_t at = pos_ + static_cast<std::uint32_t>(bad);
      diags_.emit(DiagKind::InvalidUtf8, span(at, at + 1), "source file is not valid UTF-8")
          .hint = "Incan source files must be UTF-8 text";
      add(TokenKind::Eof, end_, end_);
      return std::move(buf_);
    }
  }
  while (true) {
    if (layout_ && at_line_start_ && brackets_.empty()) {
      handle_line_start();
      at_line_start_ = false;
    }
    if (pos_ >= end_) break;
    char c = text_[pos_];
    std::uint32_t start = pos_;
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
      ++pos_;
      continue;
    }
    if (c == '#') {
      while (pos_ < end_ && text_[pos_] != '\n') ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      if (brackets_.empty()) {
        if (!buf_.tokens.empty() && !last_is(TokenKind::Newline) && !last_is(TokenKind::Indent) &&
            !last_is(TokenKind::Dedent))
          add(TokenKind::Newline, start, start + 1);
        at_line_start_ = true;
      }
      continue;
    }
    if ((c == 'f') && (peek(1) == '"' || peek(1) == '\'')) {
      ++pos_;
      lex_string(start, true);
      continue;
    }
    if (c == '"' || c == '\'') {
      lex_string(start, false);
      continue;
    }
    if (is_ident_start(c)) {
      while (is_ident_char(peek())) ++pos_;
      std::string_view word = text_.substr(start, pos_ - start);
      auto it = keywords().find(word);
      add(it != keywords().end() ? it->second : TokenKind::Identifier, start, pos_);
      continue;
    }
    if (is_digit(c)) {
      lex_number();
      continue;
    }
    if (lex_punct()) continue;
    // Anything else: one diagnostic per run of bad characters.
    std::uint32_t len = 1;
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc >= 0xC0) len = uc >= 0xF0 ? 4 : uc >= 0xE0 ? 3 : 2;
    pos_ += len;
    std::string shown = (uc < 0x20 || uc == 0x7f) ? "\\u{" + std::to_string(uc) + "}" : std::string(text_.substr(start, len));
    if (!last_is(TokenKind::Error)) {
      diags_.emit(DiagKind::InvalidCharacter, span(start, pos_), "unexpected character `" + shown + "`")
          .hint = c == ';' ? "Incan has no `;`: put each statement on its own line"
                           : c == '\\' ? "Incan has no backslash continuation: wrap the expression in parentheses"
                                       : "remove it";
    }
    add(TokenKind::Error, start, pos_);
  }
  // An unclosed bracket after another lexer error is usually that error's echo.
  std::size_t errors_before = diags_.error_count();
  for (const Open& open : brackets_) {
    if (errors_before > errors_at_start_) break;
    diags_.emit(DiagKind::UnmatchedBracket, span(open.pos, open.pos + 1),
                "unclosed `" + std::string(1, open.ch) + "`")
        .hint = "add the matching closing bracket";
    break;  // the outermost one is enough
  }
  if (!buf_.tokens.empty() && !last_is(TokenKind::Newline) && !last_is(TokenKind::Dedent)) add(TokenKind::Newline, end_, end_);
  while (layout_ && indents_.size() > 1) {
    indents_.pop_back();
    add(TokenKind::Dedent, end_, end_);
  }
  add(TokenKind::Eof, end_, end_);
  return std::move(buf_);
}

}  // namespace

TokenBuffer lex(const SourceManager& sources, FileId file, DiagnosticEmitter& diags) {
  const SourceFile& f = sources.file(file);
  return Lexer(sources, file, 0, static_cast<std::uint32_t>(f.text.size()), diags, true).run();
}

TokenBuffer lex_range(const SourceManager& sources, FileId file, std::uint32_t begin, std::uint32_t end,
                      DiagnosticEmitter& diags) {
  return Lexer(sources, file, begin, end, diags, false).run();
}

}  // namespace incan::lex
