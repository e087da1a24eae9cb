// Tests for SourceManager: byte offsets to 1-based line and column (columns count
// Unicode scalars), line text without terminators (LANGUAGE.md 2.1).
#include "frontend/source/source_manager.h"

#include <gtest/gtest.h>

#include <string>

namespace incan {
namespace {

// Column and line of `offset` as "line:column", for compact expectations.
std::string at(const SourceManager& sources, FileId file, std::uint32_t offset) {
  LineCol lc = sources.line_col(file, offset);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

TEST(SourceManagerTest, LineAndColumnOfAsciiText) {
  SourceManager sources;
  FileId f = sources.add_file("a.incn", "abc\ndef\n");
  EXPECT_EQ(at(sources, f, 0), "1:1");
  EXPECT_EQ(at(sources, f, 2), "1:3");
  EXPECT_EQ(at(sources, f, 3), "1:4");  // the newline itself ends line 1
  EXPECT_EQ(at(sources, f, 4), "2:1");
  EXPECT_EQ(at(sources, f, 6), "2:3");
  EXPECT_EQ(at(sources, f, 8), "3:1");  // just past the final newline: an empty line 3
}

TEST(SourceManagerTest, ColumnsCountUnicodeScalarsNotBytes) {
  SourceManager sources;
  // é is 2 bytes, 日 is 3 bytes, 😀 is 4 bytes.
  std::string text = "x = \"é日😀\" + y\n";
  FileId f = sources.add_file("u.incn", text);
  std::uint32_t y = static_cast<std::uint32_t>(text.find('y'));
  EXPECT_EQ(y, 18u);
  EXPECT_EQ(at(sources, f, y), "1:13");
  std::uint32_t closing_quote = static_cast<std::uint32_t>(text.rfind('"'));
  EXPECT_EQ(at(sources, f, closing_quote), "1:9");
}

TEST(SourceManagerTest, CrlfLineEndings) {
  SourceManager sources;
  std::string text = "ab\r\ncd\r\nef";
  FileId f = sources.add_file("crlf.incn", text);
  EXPECT_EQ(at(sources, f, static_cast<std::uint32_t>(text.find('c'))), "2:1");
  EXPECT_EQ(at(sources, f, static_cast<std::uint32_t>(text.find('f'))), "3:2");
  EXPECT_EQ(sources.line_text(f, 1), "ab");
  EXPECT_EQ(sources.line_text(f, 2), "cd");
  EXPECT_EQ(sources.line_text(f, 3), "ef");
}

TEST(SourceManagerTest, LastLineWithoutNewline) {
  SourceManager sources;
  FileId f = sources.add_file("n.incn", "first\nlast");
  EXPECT_EQ(sources.line_text(f, 2), "last");
  EXPECT_EQ(at(sources, f, 10), "2:5");  // end of file
  EXPECT_EQ(at(sources, f, 9), "2:4");
}

TEST(SourceManagerTest, OffsetsPastTheEndAreClamped) {
  SourceManager sources;
  FileId f = sources.add_file("c.incn", "ab\ncd");
  EXPECT_EQ(at(sources, f, 5), "2:3");
  EXPECT_EQ(at(sources, f, 1000), "2:3");
}

TEST(SourceManagerTest, LineTextOutOfRangeIsEmpty) {
  SourceManager sources;
  FileId f = sources.add_file("r.incn", "one\ntwo\n");
  EXPECT_EQ(sources.line_text(f, 0), "");
  EXPECT_EQ(sources.line_text(f, 1), "one");
  EXPECT_EQ(sources.line_text(f, 3), "");  // the empty line after the final newline
  EXPECT_EQ(sources.line_text(f, 4), "");
  EXPECT_EQ(sources.line_text(f, 99), "");
}

TEST(SourceManagerTest, EmptyFile) {
  SourceManager sources;
  FileId f = sources.add_file("e.incn", "");
  EXPECT_EQ(at(sources, f, 0), "1:1");
  EXPECT_EQ(sources.line_text(f, 1), "");
  EXPECT_EQ(sources.file(f).line_starts.size(), 1u);
}

TEST(SourceManagerTest, FilesAreIndependent) {
  SourceManager sources;
  FileId a = sources.add_file("a.incn", "a\nb\n");
  FileId b = sources.add_file("b.incn", "xyz");
  EXPECT_NE(a.index, b.index);
  EXPECT_EQ(sources.file(a).path, "a.incn");
  EXPECT_EQ(sources.file(b).path, "b.incn");
  EXPECT_EQ(at(sources, b, 2), "1:3");
  EXPECT_EQ(at(sources, a, 2), "2:1");
}

}  // namespace
}  // namespace incan
