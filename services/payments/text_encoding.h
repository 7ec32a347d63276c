// Text decoding shared by the bank-file readers. Bank files arrive as ISO-8859-1 / Windows-1252 or
// as UTF-8, seldom labelled; these helpers decide once per file and hand out UTF-8. Pure functions.
#ifndef FONDBOK_SERVICES_PAYMENTS_TEXT_ENCODING_H_
#define FONDBOK_SERVICES_PAYMENTS_TEXT_ENCODING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace fondbok::payments {

// True when `bytes` is well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(absl::string_view bytes);

// True when `bytes` holds a byte at or above 0x80.
bool HasNonAscii(absl::string_view bytes);

// The encoding of a file whose label we do not know: UTF-8 when the bytes are valid UTF-8 and hold
// at least one non-ASCII sequence (Latin-1 text is almost never valid UTF-8 by accident), else
// Windows-1252, which agrees with ISO-8859-1 on every printable character and also maps the bytes
// 0x80-0x9F that Windows tools put into "ISO-8859-1" files (€, ‚, …).
enum class TextEncoding { kUtf8, kWindows1252 };
TextEncoding DetectEncoding(absl::string_view bytes);

// Decodes `bytes` into code points. REQUIRES: for kUtf8, IsValidUtf8(bytes).
// Windows-1252's five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode to U+FFFD.
std::u32string DecodeText(absl::string_view bytes, TextEncoding encoding);

// Appends the UTF-8 form of `code_point` (REQUIRES: a Unicode scalar value).
void AppendUtf8(char32_t code_point, std::string* out);
std::string ToUtf8(std::u32string_view text);

// True for characters no bank text should hold: C0 and C1 controls, DEL and U+FFFD (an undecodable
// byte). Tab is a control too.
bool IsControl(char32_t code_point);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_TEXT_ENCODING_H_
