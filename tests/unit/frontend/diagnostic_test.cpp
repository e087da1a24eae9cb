// Tests for the diagnostic registry (diagnostic_kinds.def) and DiagnosticEmitter.
#include "frontend/diag/diagnostic.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace incan {
namespace {

TEST(DiagnosticRegistryTest, NamesAndCodesAreUniqueAndWellFormed) {
  std::set<std::string_view> names, codes;
  for (DiagKind kind : all_diag_kinds()) {
    const DiagKindInfo& info = diag_info(kind);
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
    EXPECT_TRUE(codes.insert(info.code).second) << "duplicate code " << info.code;
    ASSERT_EQ(info.code.size(), 5u) << info.name;
    for (char c : info.code.substr(1)) EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(c))) << info.code;
    // Warnings use W codes, everything else E codes.
    EXPECT_EQ(info.code[0], info.severity == Severity::Warning ? 'W' : 'E') << info.name;
  }
  EXPECT_GT(all_diag_kinds().size(), 40u);
}

TEST(DiagnosticRegistryTest, KnownEntries) {
  EXPECT_EQ(diag_info(DiagKind::TypeMismatch).name, "TypeMismatch");
  EXPECT_EQ(diag_info(DiagKind::TypeMismatch).code, "E0202");
  EXPECT_EQ(diag_info(DiagKind::ImmutableAssign).code, "E0300");
  EXPECT_EQ(diag_info(DiagKind::UnawaitedAsyncCall).severity, Severity::Warning);
  EXPECT_EQ(severity_name(Severity::Error), "error");
  EXPECT_EQ(severity_name(Severity::Warning), "warning");
  EXPECT_EQ(severity_name(Severity::Note), "note");
}

TEST(DiagnosticEmitterTest, WarningsDoNotCountAsErrors) {
  SourceManager sources;
  FileId f = sources.add_file("a.incn", "abc\n");
  DiagnosticEmitter diags;
  diags.emit(DiagKind::UnawaitedAsyncCall, Span{f, 0, 1}, "Async call `f` is not awaited");
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 0u);
  Diagnostic& d = diags.emit(DiagKind::UnknownName, Span{f, 1, 2}, "unknown name `b`");
  d.hint = "a hint";
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 1u);
  ASSERT_EQ(diags.diagnostics().size(), 2u);
  EXPECT_EQ(diags.diagnostics()[1].hint, "a hint");  // the returned reference is the stored record
}

TEST(DiagnosticEmitterTest, SortedByFileThenOffsetAndStable) {
  SourceManager sources;
  FileId a = sources.add_file("a.incn", "0123456789");
  FileId b = sources.add_file("b.incn", "0123456789");
  DiagnosticEmitter diags;
  diags.emit(DiagKind::UnknownName, Span{b, 1, 2}, "b1");
  diags.emit(DiagKind::UnknownName, Span{a, 5, 6}, "a5");
  diags.emit(DiagKind::UnknownName, Span{a, 2, 3}, "a2-first");
  diags.emit(DiagKind::TypeMismatch, Span{a, 2, 4}, "a2-second");
  std::vector<Diagnostic> sorted = diags.sorted(sources);
  std::vector<std::string> messages;
  for (const Diagnostic& d : sorted) messages.push_back(d.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"a2-first", "a2-second", "a5", "b1"}));
  EXPECT_EQ(diags.diagnostics()[0].message, "b1");  // emission order is kept
}

}  // namespace
}  // namespace incan
