// Source files and their line tables: byte offsets to 1-based line and column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/common/id.h"

namespace incan {

struct FileIdTag;
using FileId = Id<FileIdTag>;

// A half-open byte range [begin, end) in one source file.
struct Span {
  FileId file;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in Unicode scalars
};

struct SourceFile {
  std::string path;
  std::string text;
  std::vector<std::uint32_t> line_starts;  // byte offset of each line's first byte
};

// Owns every source file of a compilation. Files are never removed.
class SourceManager {
 public:
  FileId add_file(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return files_[id.index]; }
  LineCol line_col(FileId id, std::uint32_t offset) const;
  // The text of 1-based line `line` without its line terminator.
  std::string_view line_text(FileId id, std::uint32_t line) const;

 private:
  std::vector<SourceFile> files_;
};

}  // namespace incan
