// Tests for the lexer (LANGUAGE.md section 2): layout tokens, literals, strings and
// their escapes, f-string parts, keywords, and the lexical diagnostics.
#include "frontend/lex/lexer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace incan::lex {
namespace {

struct Lexed {
  SourceManager sources;
  DiagnosticEmitter diags;
  FileId file;
  TokenBuffer tokens;

  // Token kinds as one line: `ID(x) = INT(1) NL EOF`. Literal values are shown for
  // names and ints; punctuation and keywords by their spelling.
  std::string kinds() const {
    std::string out;
    for (const Token& t : tokens.tokens) {
      if (!out.empty()) out += ' ';
      switch (t.kind) {
        case TokenKind::Eof: out += "EOF"; break;
        case TokenKind::Newline: out += "NL"; break;
        case TokenKind::Indent: out += "INDENT"; break;
        case TokenKind::Dedent: out += "DEDENT"; break;
        case TokenKind::Identifier: out += "ID(" + std::string(tokens.text_of(sources, t)) + ")"; break;
        case TokenKind::IntLiteral: out += "INT(" + std::to_string(tokens.ints[t.payload]) + ")"; break;
        case TokenKind::FloatLiteral: out += "FLOAT"; break;
        case TokenKind::StringLiteral: out += "STR"; break;
        case TokenKind::FStringLiteral: out += "FSTR"; break;
        case TokenKind::Error: out += "ERROR"; break;
        default: out += std::string(token_spelling(t.kind)); break;
      }
    }
    return out;
  }

  // "Kind@line" for every diagnostic, in emission order.
  std::vector<std::string> diag_kinds() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics())
      out.push_back(std::string(diag_info(d.kind).name) + "@" +
                    std::to_string(sources.line_col(d.span.file, d.span.begin).line));
    return out;
  }

  const Token& first(TokenKind kind) const {
    for (const Token& t : tokens.tokens)
      if (t.kind == kind) return t;
    ADD_FAILURE() << "no token of kind " << token_spelling(kind);
    return tokens.tokens.back();
  }

  // The payload of the first string literal.
  const std::string& string_value() const { return tokens.strings.at(first(TokenKind::StringLiteral).payload); }
  double float_value() const { return tokens.floats.at(first(TokenKind::FloatLiteral).payload); }
  const std::vector<FStringPart>& fstring() const {
    return tokens.fstrings.at(first(TokenKind::FStringLiteral).payload);
  }
  std::string text(std::uint32_t begin, std::uint32_t end) const {
    return sources.file(file).text.substr(begin, end - begin);
  }
};

std::unique_ptr<Lexed> lex_text(std::string text) {
  auto l = std::make_unique<Lexed>();
  l->file = l->sources.add_file("t.incn", std::move(text));
  l->tokens = lex(l->sources, l->file, l->diags);
  return l;
}

using Strings = std::vector<std::string>;

// --- layout ---------------------------------------------------------------------

TEST(LexerTest, IndentAndDedentSequence) {
  auto l = lex_text("if a:\n    b\n    if c:\n        d\ne\n");
  EXPECT_EQ(l->kinds(), "if ID(a) : NL INDENT ID(b) NL if ID(c) : NL INDENT ID(d) NL DEDENT DEDENT ID(e) NL EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, EndOfFileClosesBlocksWithoutTrailingNewline) {
  auto l = lex_text("if a:\n    if b:\n        c");
  EXPECT_EQ(l->kinds(), "if ID(a) : NL INDENT if ID(b) : NL INDENT ID(c) NL DEDENT DEDENT EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, TabCountsFourColumns) {
  // A tab and four spaces are the same level; `  \t    ` and `      \t` are both ten.
  auto l = lex_text("if a:\n\tb\n    c\n    if d:\n  \t    e\n      \tf\n");
  EXPECT_EQ(l->kinds(),
            "if ID(a) : NL INDENT ID(b) NL ID(c) NL if ID(d) : NL INDENT ID(e) NL ID(f) NL DEDENT DEDENT EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, BlankAndCommentLinesDoNotAffectLayout) {
  auto l = lex_text("if a:\n    b\n\n  # a comment at an odd indentation\n        \n\t# tab comment\n    c\n# last\n");
  EXPECT_EQ(l->kinds(), "if ID(a) : NL INDENT ID(b) NL ID(c) NL DEDENT EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, TrailingCommentIsSkipped) {
  auto l = lex_text("x = 1  # the answer (not 42\n");
  EXPECT_EQ(l->kinds(), "ID(x) = INT(1) NL EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, UnindentToUnknownLevelIsInconsistent) {
  auto l = lex_text("if a:\n    b\n  c\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"InconsistentIndentation@3"});
}

TEST(LexerTest, CrlfLinesLexLikeLf) {
  auto crlf = lex_text("if a:\r\n    b = 1\r\n\r\n    c\r\nd\r\n");
  auto lf = lex_text("if a:\n    b = 1\n\n    c\nd\n");
  EXPECT_EQ(crlf->kinds(), lf->kinds());
  EXPECT_TRUE(crlf->diag_kinds().empty());
}

TEST(LexerTest, ImplicitLineJoiningInsideBrackets) {
  auto l = lex_text("x = f(1,\n      2,  # comment\n  [3,\n4],\n)\ny\n");
  EXPECT_EQ(l->kinds(), "ID(x) = ID(f) ( INT(1) , INT(2) , [ INT(3) , INT(4) ] , ) NL ID(y) NL EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, ImplicitLineJoiningInsideIndentedBlock) {
  auto l = lex_text("def f() -> None:\n    g(1,\n2)\n    h\n");
  EXPECT_EQ(l->kinds(), "def ID(f) ( ) -> None : NL INDENT ID(g) ( INT(1) , INT(2) ) NL ID(h) NL DEDENT EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

// --- numbers --------------------------------------------------------------------

TEST(LexerTest, IntegerLiteralsWithUnderscores) {
  auto l = lex_text("1_000_000 0 42 9223372036854775807");
  EXPECT_EQ(l->kinds(), "INT(1000000) INT(0) INT(42) INT(9223372036854775807) NL EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
}

TEST(LexerTest, IntegerLiteralTooLarge) {
  auto l = lex_text("x = 9223372036854775808\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"IntLiteralTooLarge@1"});
  EXPECT_EQ(l->diags.diagnostics()[0].message, "integer literal is too large for `int`");
}

TEST(LexerTest, FloatLiterals) {
  struct Case {
    const char* text;
    double value;
  };
  for (Case c : {Case{"2.5", 2.5}, Case{"1e5", 1e5}, Case{"2.5E-3", 2.5e-3}, Case{"3e+2", 300.0},
                 Case{"1_0.2_5", 10.25}, Case{"0.1", 0.1}, Case{"1e400", __builtin_inf()}}) {
    auto l = lex_text(c.text);
    EXPECT_EQ(l->kinds(), "FLOAT NL EOF") << c.text;
    EXPECT_EQ(l->float_value(), c.value) << c.text;
    EXPECT_TRUE(l->diag_kinds().empty()) << c.text;
  }
}

TEST(LexerTest, OneDotIsNotAFloat) {
  // `1.` is `1` followed by `.`; this is what makes ranges and tuple fields work.
  EXPECT_EQ(lex_text("1.")->kinds(), "INT(1) . NL EOF");
  EXPECT_EQ(lex_text("1..5")->kinds(), "INT(1) .. INT(5) NL EOF");
  EXPECT_EQ(lex_text("1..=5")->kinds(), "INT(1) ..= INT(5) NL EOF");
  EXPECT_EQ(lex_text("t.0")->kinds(), "ID(t) . INT(0) NL EOF");
  EXPECT_EQ(lex_text(".5")->kinds(), ". INT(5) NL EOF");
}

TEST(LexerTest, UnderscoreIsNotAllowedInTheExponentOrAtTheEnd) {
  EXPECT_EQ(lex_text("1e1_0")->diag_kinds(), Strings{"InvalidNumber@1"});
  EXPECT_EQ(lex_text("1_")->diag_kinds(), Strings{"InvalidNumber@1"});
}

TEST(LexerTest, NumericSuffixesAreInvalid) {
  auto l = lex_text("x = 42i32\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"InvalidNumber@1"});
  EXPECT_EQ(l->kinds(), "ID(x) = ERROR NL EOF");
}

// --- strings --------------------------------------------------------------------

TEST(LexerTest, RecognisedEscapes) {
  EXPECT_EQ(lex_text(R"("a\nb")")->string_value(), "a\nb");
  EXPECT_EQ(lex_text(R"("a\tb")")->string_value(), "a\tb");
  EXPECT_EQ(lex_text(R"("a\rb")")->string_value(), "a\rb");
  EXPECT_EQ(lex_text(R"("a\\b")")->string_value(), "a\\b");
  EXPECT_EQ(lex_text(R"("say \"hi\"")")->string_value(), "say \"hi\"");
  EXPECT_EQ(lex_text(R"('it\'s')")->string_value(), "it's");
  EXPECT_EQ(lex_text(R"("ends with \\")")->string_value(), "ends with \\");
}

TEST(LexerTest, OtherBackslashSequencesStayVerbatim) {
  EXPECT_EQ(lex_text(R"("\0")")->string_value(), "\\0");
  EXPECT_EQ(lex_text(R"("\x41")")->string_value(), "\\x41");
  EXPECT_EQ(lex_text(R"("\u00e9")")->string_value(), "\\u00e9");
  EXPECT_EQ(lex_text(R"("\q")")->string_value(), "\\q");
  // The other quote is not an escape: the backslash stays.
  EXPECT_EQ(lex_text(R"("it\'s")")->string_value(), "it\\'s");
  EXPECT_EQ(lex_text(R"('say \"hi\"')")->string_value(), "say \\\"hi\\\"");
}

TEST(LexerTest, QuotesOfTheOtherKindNeedNoEscape) {
  EXPECT_EQ(lex_text(R"('mixed "double"')")->string_value(), "mixed \"double\"");
  EXPECT_EQ(lex_text(R"("mixed 'single'")")->string_value(), "mixed 'single'");
  EXPECT_EQ(lex_text(R"("")")->string_value(), "");
  EXPECT_EQ(lex_text("\"é ü 日本\"")->string_value(), "é ü 日本");
}

TEST(LexerTest, TripleQuotedStringsSpanLinesVerbatim) {
  auto l = lex_text("x = \"\"\"\nline1\n  line2 \"quoted\" \"\"\"\ny = 1\n");
  EXPECT_EQ(l->string_value(), "\nline1\n  line2 \"quoted\" ");
  EXPECT_EQ(l->kinds(), "ID(x) = STR NL ID(y) = INT(1) NL EOF");
  EXPECT_TRUE(l->diag_kinds().empty());
  EXPECT_EQ(lex_text("'''it's'''")->string_value(), "it's");
}

TEST(LexerTest, UnterminatedStringGivesOneDiagnostic) {
  auto l = lex_text("x = \"abc\ny = 1\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"UnterminatedString@1"});
  EXPECT_EQ(l->diags.diagnostics()[0].message, "unterminated string literal");
  // The next line lexes normally.
  EXPECT_EQ(l->kinds(), "ID(x) = ERROR NL ID(y) = INT(1) NL EOF");
}

TEST(LexerTest, UnterminatedTripleQuotedString) {
  auto l = lex_text("x = '''abc\ndef\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"UnterminatedString@1"});
}

TEST(LexerTest, UnterminatedStringInsideCallGivesOneDiagnostic) {
  // The unclosed `(` is an echo of the string error, not a second mistake.
  auto l = lex_text("def main() -> None:\n    println(\"abc)\n    x = 1\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"UnterminatedString@2"});
}

// --- f-strings ------------------------------------------------------------------

TEST(LexerTest, FStringPartsTextExpressionAndDebug) {
  auto l = lex_text("f\"a{x}b{y:?}c\"");
  ASSERT_TRUE(l->diag_kinds().empty());
  const auto& parts = l->fstring();
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_FALSE(parts[0].is_expr);
  EXPECT_EQ(parts[0].text, "a");
  EXPECT_TRUE(parts[1].is_expr);
  EXPECT_EQ(l->text(parts[1].begin, parts[1].end), "x");
  EXPECT_FALSE(parts[1].debug);
  EXPECT_EQ(parts[2].text, "b");
  EXPECT_TRUE(parts[3].is_expr);
  EXPECT_EQ(l->text(parts[3].begin, parts[3].end), "y");
  EXPECT_TRUE(parts[3].debug);
  EXPECT_EQ(parts[4].text, "c");
}

TEST(LexerTest, FStringDoubledBracesAreLiteral) {
  auto l = lex_text("f\"{{x}} and }}{{\"");
  ASSERT_TRUE(l->diag_kinds().empty());
  ASSERT_EQ(l->fstring().size(), 1u);
  EXPECT_EQ(l->fstring()[0].text, "{x} and }{");
}

TEST(LexerTest, FStringLoneClosingBraceIsAnError) {
  auto l = lex_text("x = f\"a}b\"\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"InvalidFString@1"});
  EXPECT_EQ(l->diags.diagnostics()[0].message, "f-string: single `}` is not allowed");
}

TEST(LexerTest, FStringEmptyAndUnclosedInterpolations) {
  EXPECT_EQ(lex_text("f\"{}\"")->diag_kinds(), Strings{"InvalidFString@1"});
  EXPECT_EQ(lex_text("f\"{ }\"")->diag_kinds(), Strings{"InvalidFString@1"});
  EXPECT_EQ(lex_text("f\"{x\"")->diag_kinds(), Strings{"InvalidFString@1"});
}

TEST(LexerTest, FStringDebugMarkerIgnoresSpacesAndOnlyCountsAtDepthZero) {
  auto l = lex_text("f\"{x : ? }{xs[f(1:2)]}\"");
  const auto& parts = l->fstring();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_TRUE(parts[0].debug);
  EXPECT_EQ(l->text(parts[0].begin, parts[0].end), "x ");
  EXPECT_FALSE(parts[1].debug);
  EXPECT_EQ(l->text(parts[1].begin, parts[1].end), "xs[f(1:2)]");
}

TEST(LexerTest, FStringEscapesInLiteralParts) {
  auto l = lex_text(R"(f"a\tb\"{x}\\")");
  ASSERT_TRUE(l->diag_kinds().empty());
  ASSERT_EQ(l->fstring().size(), 3u);
  EXPECT_EQ(l->fstring()[0].text, "a\tb\"");
  EXPECT_EQ(l->fstring()[2].text, "\\");
}

TEST(LexerTest, FStringInterpolationMayContainQuotes) {
  // LANGUAGE.md 2.7: quotes inside the interpolation are fine, even the f-string's own.
  auto l = lex_text("x = f\"{\", \".join(xs)}|{'-'}|{\"k\":?}\"\n");
  EXPECT_TRUE(l->diag_kinds().empty());
  const auto& parts = l->fstring();
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(l->text(parts[0].begin, parts[0].end), "\", \".join(xs)");
  EXPECT_EQ(l->text(parts[2].begin, parts[2].end), "'-'");
  EXPECT_EQ(l->text(parts[4].begin, parts[4].end), "\"k\"");
  EXPECT_TRUE(parts[4].debug);
}

TEST(LexerTest, EmptyFString) {
  auto l = lex_text("f\"\"");
  ASSERT_EQ(l->fstring().size(), 1u);
  EXPECT_EQ(l->fstring()[0].text, "");
}

// --- keywords and identifiers ----------------------------------------------------

TEST(LexerTest, TrueAndFalseAreAliases) {
  auto l = lex_text("True False true false");
  EXPECT_EQ(l->kinds(), "true false true false NL EOF");
  EXPECT_EQ(l->tokens.tokens[0].kind, TokenKind::True);
  EXPECT_EQ(l->tokens.tokens[1].kind, TokenKind::False);
}

TEST(LexerTest, SoftAndContextualKeywordsAreIdentifiers) {
  auto l = lex_text("async await assert race cls default _");
  EXPECT_EQ(l->kinds(), "ID(async) ID(await) ID(assert) ID(race) ID(cls) ID(default) ID(_) NL EOF");
}

TEST(LexerTest, HardKeywords) {
  auto l = lex_text("def fn let mut None and or not in is self pass");
  EXPECT_EQ(l->kinds(), "def fn let mut None and or not in is self pass NL EOF");
}

TEST(LexerTest, PunctuationUsesLongestMatch) {
  auto l = lex_text("a //= b ** c -> d => e ..= f ... g // h != i <= j >= k == l");
  EXPECT_EQ(l->kinds(),
            "ID(a) //= ID(b) ** ID(c) -> ID(d) => ID(e) ..= ID(f) ... ID(g) // ID(h) != ID(i) <= ID(j) >= ID(k) == "
            "ID(l) NL EOF");
}

// --- invalid input --------------------------------------------------------------

TEST(LexerTest, InvalidUtf8GivesExactlyOneDiagnostic) {
  auto l = lex_text("x = 1\ny = \"\xff\xfe\"\nz = \"\xc0\x80\"\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"InvalidUtf8@2"});
  EXPECT_EQ(l->kinds(), "EOF");
}

TEST(LexerTest, OverlongAndSurrogateEncodingsAreInvalid) {
  EXPECT_EQ(lex_text("\"\xc0\x80\"")->diag_kinds(), Strings{"InvalidUtf8@1"});
  EXPECT_EQ(lex_text("\"\xed\xa0\x80\"")->diag_kinds(), Strings{"InvalidUtf8@1"});
  EXPECT_EQ(lex_text("\"\xe6\x97\"")->diag_kinds(), Strings{"InvalidUtf8@1"});  // truncated
  EXPECT_TRUE(lex_text("\"\xe6\x97\xa5\"")->diag_kinds().empty());            // 日
}

TEST(LexerTest, UnexpectedCharacterRunGivesOneDiagnostic) {
  auto l = lex_text("x = 1 $$$ 2\ny = 3; z = 4\n");
  EXPECT_EQ(l->diag_kinds(), (Strings{"InvalidCharacter@1", "InvalidCharacter@2"}));
  EXPECT_EQ(l->diags.diagnostics()[0].message, "unexpected character `$`");
  EXPECT_EQ(l->diags.diagnostics()[1].hint, "Incan has no `;`: put each statement on its own line");
}

TEST(LexerTest, UnmatchedClosingBracket) {
  auto l = lex_text("x = 1)\ny = 2\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"UnmatchedBracket@1"});
  EXPECT_EQ(l->diags.diagnostics()[0].message, "unmatched `)`");
}

TEST(LexerTest, UnclosedBracketIsReportedAtItsOpening) {
  auto l = lex_text("x = [1,\n2\ny = (3\n");
  ASSERT_EQ(l->diag_kinds(), Strings{"UnmatchedBracket@1"});
  const Diagnostic& d = l->diags.diagnostics()[0];
  EXPECT_EQ(d.message, "unclosed `[`");
  EXPECT_EQ(l->sources.line_col(d.span.file, d.span.begin).column, 5u);
}

TEST(LexerTest, MismatchedBracketGivesOneDiagnostic) {
  auto l = lex_text("x = (1]\n");
  EXPECT_EQ(l->diag_kinds(), Strings{"UnmatchedBracket@1"});
  EXPECT_EQ(l->diags.diagnostics()[0].message, "unmatched `]`");
}

TEST(LexRangeTest, LexesOneExpressionWithoutLayout) {
  SourceManager sources;
  DiagnosticEmitter diags;
  std::string text = "if a:\n    f\"{x + 1}\"\n";
  FileId file = sources.add_file("r.incn", text);
  auto begin = static_cast<std::uint32_t>(text.find('x'));
  TokenBuffer tokens = lex_range(sources, file, begin, begin + 5, diags);
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens.tokens) kinds.push_back(t.kind);
  EXPECT_EQ(kinds, (std::vector<TokenKind>{TokenKind::Identifier, TokenKind::Plus, TokenKind::IntLiteral,
                                           TokenKind::Newline, TokenKind::Eof}));
  EXPECT_TRUE(diags.diagnostics().empty());
}

}  // namespace
}  // namespace incan::lex
