#include "services/payments/text_encoding.h"

namespace fondbok::payments {
namespace {

// Windows-1252 bytes 0x80-0x9F; 0 marks the five undefined bytes.
constexpr char32_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

// Length of the UTF-8 sequence starting at bytes[i] and its code point; 0 when malformed.
size_t DecodeUtf8At(absl::string_view bytes, size_t i, char32_t* code_point) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(bytes[i + k]); };
  const unsigned char lead = b(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b(k) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

}  // namespace

bool IsValidUtf8(absl::string_view bytes) {
  char32_t ignored;
  for (size_t i = 0; i < bytes.size();) {
    size_t length = DecodeUtf8At(bytes, i, &ignored);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

bool HasNonAscii(absl::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

TextEncoding DetectEncoding(absl::string_view bytes) {
  return HasNonAscii(bytes) && IsValidUtf8(bytes) ? TextEncoding::kUtf8 : TextEncoding::kWindows1252;
}

std::u32string DecodeText(absl::string_view bytes, TextEncoding encoding) {
  std::u32string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    const unsigned char byte = static_cast<unsigned char>(bytes[i]);
    if (encoding == TextEncoding::kUtf8) {
      char32_t code_point = 0xFFFD;
      size_t length = DecodeUtf8At(bytes, i, &code_point);
      out.push_back(length == 0 ? 0xFFFD : code_point);
      i += length == 0 ? 1 : length;
      continue;
    }
    if (byte >= 0x80 && byte < 0xA0) {
      char32_t mapped = kWindows1252High[byte - 0x80];
      out.push_back(mapped == 0 ? 0xFFFD : mapped);
    } else {
      out.push_back(byte);
    }
    ++i;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) AppendUtf8(cp, &out);
  return out;
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD; }

}  // namespace fondbok::payments
