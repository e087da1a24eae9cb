// Line tables for source files.
#include "frontend/source/source_manager.h"

#include <algorithm>

namespace incan {

FileId SourceManager::add_file(std::string path, std::string text) {
  SourceFile f{std::move(path), std::move(text), {0}};
  for (std::uint32_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  }
  files_.push_back(std::move(f));
  return FileId(static_cast<std::uint32_t>(files_.size() - 1));
}

LineCol SourceManager::line_col(FileId id, std::uint32_t offset) const {
  const SourceFile& f = files_[id.index];
  offset = std::min<std::uint32_t>(offset, f.text.size());
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  std::uint32_t line = static_cast<std::uint32_t>(it - f.line_starts.begin());
  std::uint32_t start = f.line_starts[line - 1];
  std::uint32_t column = 1;
  for (std::uint32_t i = start; i < offset; ++i) {
    // Count scalars: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(f.text[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string_view SourceManager::line_text(FileId id, std::uint32_t line) const {
  const SourceFile& f = files_[id.index];
  if (line == 0 || line > f.line_starts.size()) return {};
  std::uint32_t begin = f.line_starts[line - 1];
  std::uint32_t end = line < f.line_starts.size() ? f.line_starts[line] : f.text.size();
  std::string_view text(f.text.data() + begin, end - begin);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace incan
