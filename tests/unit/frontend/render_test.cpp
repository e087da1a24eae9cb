// Tests for the diagnostic renderers: the text format
// `file:line:col: error[CODE]: message [Kind]` with snippet, caret, labels, notes and
// help, and the JSON format for tools.
#include "frontend/diag/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace incan {
namespace {

class RenderTest : public ::testing::Test {
 protected:
  FileId add(std::string text) { return sources_.add_file("t.incn", std::move(text)); }
  Span span_of(FileId f, std::string_view needle, std::size_t from = 0) {
    const std::string& text = sources_.file(f).text;
    auto at = static_cast<std::uint32_t>(text.find(needle, from));
    EXPECT_NE(at, static_cast<std::uint32_t>(std::string::npos)) << needle;
    return Span{f, at, at + static_cast<std::uint32_t>(needle.size())};
  }
  std::string text() const { return render_text(diags_.sorted(sources_), sources_, false); }

  SourceManager sources_;
  DiagnosticEmitter diags_;
};

TEST_F(RenderTest, HeaderSnippetCaretAndHelp) {
  FileId f = add("def main() -> None:\n    x = y\n");
  diags_.emit(DiagKind::UnknownName, span_of(f, "y"), "unknown name `y`").hint = "did you mean `x`?";
  EXPECT_EQ(text(),
            "t.incn:2:9: error[E0200]: unknown name `y` [UnknownName]\n"
            "  |\n"
            "2 |     x = y\n"
            "  |         ^\n"
            "  = help: did you mean `x`?\n");
}

TEST_F(RenderTest, CaretCoversTheSpanOnItsLine) {
  FileId f = add("def main() -> None:\n    total = count + 1\n");
  diags_.emit(DiagKind::UnknownName, span_of(f, "count"), "unknown name `count`");
  EXPECT_EQ(text(),
            "t.incn:2:13: error[E0200]: unknown name `count` [UnknownName]\n"
            "  |\n"
            "2 |     total = count + 1\n"
            "  |             ^^^^^\n");
}

TEST_F(RenderTest, MultiLineSpanGetsOneCaret) {
  FileId f = add("x = (1 +\n  2)\n");
  diags_.emit(DiagKind::TypeMismatch, span_of(f, "(1 +\n  2)"), "m");
  EXPECT_EQ(text(),
            "t.incn:1:5: error[E0202]: m [TypeMismatch]\n"
            "  |\n"
            "1 | x = (1 +\n"
            "  |     ^\n");
}

TEST_F(RenderTest, CaretAlignsAfterTabsAndMultibyteCharacters) {
  FileId f = add("\tx = \"é日\" + y\n");
  diags_.emit(DiagKind::UnknownName, span_of(f, "y"), "unknown name `y`");
  // The tab is shown as four spaces; é and 日 each take one column.
  EXPECT_EQ(text(),
            std::string("t.incn:1:13: error[E0200]: unknown name `y` [UnknownName]\n"
                        "  |\n"
                        "1 |     x = \"é日\" + y\n"
                        "  | ") +
                std::string(15, ' ') + "^\n");
}

TEST_F(RenderTest, LabelsNotesAndWideGutter) {
  std::string src;
  for (int i = 1; i < 12; ++i) src += "\n";
  src += "    x = 1\n    x = 2\n";
  FileId f = add(src);
  Diagnostic& d = diags_.emit(DiagKind::ImmutableAssign, span_of(f, "x = 2"), "Cannot mutate 'x' - variable is immutable");
  // Narrow the primary span to the name.
  d.span.end = d.span.begin + 1;
  d.labels.push_back({span_of(f, "x = 1"), "declared here without `mut`"});
  d.labels.back().span.end = d.labels.back().span.begin + 1;
  d.notes.push_back("a note");
  d.hint = "declare it with `mut x = ...` to allow reassignment";
  EXPECT_EQ(text(),
            "t.incn:13:5: error[E0300]: Cannot mutate 'x' - variable is immutable [ImmutableAssign]\n"
            "   |\n"
            "13 |     x = 2\n"
            "   |     ^\n"
            "   |\n"
            "12 |     x = 1\n"
            "   |     ^ declared here without `mut`\n"
            "  = note: a note\n"
            "  = help: declare it with `mut x = ...` to allow reassignment\n");
}

TEST_F(RenderTest, WarningsAndColor) {
  FileId f = add("f()\n");
  diags_.emit(DiagKind::UnawaitedAsyncCall, span_of(f, "f()"), "Async call `f` is not awaited");
  std::string plain = text();
  EXPECT_EQ(plain.substr(0, plain.find('\n')),
            "t.incn:1:1: warning[W0400]: Async call `f` is not awaited [UnawaitedAsyncCall]");
  std::string colored = render_text(diags_.sorted(sources_), sources_, true);
  EXPECT_NE(colored.find("\x1b[1;33mwarning[W0400]\x1b[0m"), std::string::npos) << colored;
}

TEST_F(RenderTest, ControlBytesInTheSnippetArePrintable) {
  FileId f = add("x = \x01 y\n");
  diags_.emit(DiagKind::InvalidCharacter, span_of(f, "\x01"), "unexpected character");
  std::string out = text();
  EXPECT_NE(out.find("1 | x = ? y\n"), std::string::npos) << out;
}

TEST_F(RenderTest, JsonFields) {
  FileId f = add("def main() -> None:\n    x = count\n");
  Diagnostic& d = diags_.emit(DiagKind::UnknownName, span_of(f, "count"), "unknown name `count`");
  d.labels.push_back({span_of(f, "main"), "in this function"});
  d.notes.push_back("n1");
  d.hint = "did you mean `x`?";
  auto json = nlohmann::json::parse(render_json(diags_.sorted(sources_), sources_));
  ASSERT_EQ(json["diagnostics"].size(), 1u);
  const auto& j = json["diagnostics"][0];
  EXPECT_EQ(j["severity"], "error");
  EXPECT_EQ(j["code"], "E0200");
  EXPECT_EQ(j["kind"], "UnknownName");
  EXPECT_EQ(j["message"], "unknown name `count`");
  EXPECT_EQ(j["file"], "t.incn");
  EXPECT_EQ(j["line"], 2);
  EXPECT_EQ(j["column"], 9);
  EXPECT_EQ(j["end_line"], 2);
  EXPECT_EQ(j["end_column"], 14);
  ASSERT_EQ(j["labels"].size(), 1u);
  EXPECT_EQ(j["labels"][0]["line"], 1);
  EXPECT_EQ(j["labels"][0]["column"], 5);
  EXPECT_EQ(j["labels"][0]["message"], "in this function");
  EXPECT_EQ(j["notes"], nlohmann::json::array({"n1"}));
  EXPECT_EQ(j["hint"], "did you mean `x`?");
}

TEST_F(RenderTest, JsonOfNoDiagnosticsAndInvalidUtf8Message) {
  EXPECT_EQ(render_json({}, sources_), "{\"diagnostics\":[]}\n");
  FileId f = add("x\n");
  diags_.emit(DiagKind::InvalidCharacter, Span{f, 0, 1}, "bad \xff byte");
  std::string out = render_json(diags_.sorted(sources_), sources_);
  auto json = nlohmann::json::parse(out);  // must be valid JSON
  EXPECT_EQ(json["diagnostics"][0]["kind"], "InvalidCharacter");
}

}  // namespace
}  // namespace incan
