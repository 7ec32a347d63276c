#include "services/payments/text_encoding.h"

#include <gtest/gtest.h>

namespace fondbok::payments {
namespace {

TEST(TextEncodingTest, Utf8Validity) {
  struct Case {
    std::string bytes;
    bool valid;
  } cases[] = {
      {"", true},           {"abc", true},          {"\xC3\x85sa", true},       {"\xE2\x82\xAC", true},
      {"\xF0\x9F\x92\xB0", true}, {"\xC5sa", false}, {"\xC0\xAF", false},       {"\xED\xA0\x80", false},
      {"\xF4\x90\x80\x80", false}, {"\xE2\x82", false}, {"\x80", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << c.bytes;
}

TEST(TextEncodingTest, DetectAndDecode) {
  EXPECT_EQ(DetectEncoding("plain"), TextEncoding::kWindows1252);
  EXPECT_EQ(DetectEncoding("\xC3\x85sa"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("\xC5sa"), TextEncoding::kWindows1252);
  EXPECT_EQ(ToUtf8(DecodeText("\xC5sa \xD6" "berg \x80", TextEncoding::kWindows1252)), "Åsa Öberg €");
  EXPECT_EQ(DecodeText("\x81", TextEncoding::kWindows1252), std::u32string(1, 0xFFFD));
  EXPECT_EQ(DecodeText("\xC3\x85", TextEncoding::kUtf8), std::u32string(1, 0xC5));
  EXPECT_TRUE(IsControl('\t'));
  EXPECT_TRUE(IsControl(0x85));
  EXPECT_TRUE(IsControl(0xFFFD));
  EXPECT_FALSE(IsControl(0xC5));
  EXPECT_FALSE(IsControl(' '));
}

}  // namespace
}  // namespace fondbok::payments
