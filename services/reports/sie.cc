#include "services/reports/sie.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/status_macros.h"

namespace fondbok::reports {
namespace {

// The upper half of code page 437 (bytes 0x80–0xFF) as Unicode code points.
constexpr char32_t kCp437High[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,  // 80 Ç ü é â ä à å ç
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,  // 88 ê ë è ï î ì Ä Å
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,  // 90 É æ Æ ô ö ò û ù
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,  // 98 ÿ Ö Ü ¢ £ ¥ ₧ ƒ
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,  // A0 á í ó ú ñ Ñ ª º
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,  // A8 ¿ ⌐ ¬ ½ ¼ ¡ « »
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,  // B0 box drawing
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,  // B8
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,  // C0
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,  // C8
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,  // D0
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,  // D8
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,  // E0 α ß Γ π Σ σ µ τ
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,  // E8 Φ Θ Ω δ ∞ φ ε ∩
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,  // F0 ≡ ± ≥ ≤ ⌠ ⌡ ÷ ≈
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,  // F8 ° ∙ · √ ⁿ ² ■ nbsp
};

char EncodeCodePoint(char32_t cp) {
  if (cp < 0x80) return static_cast<char>(cp);
  for (size_t i = 0; i < 128; ++i) {
    if (kCp437High[i] == cp) return static_cast<char>(0x80 + i);
  }
  return '?';
}

// Decodes one UTF-8 sequence at `text[*i]`, advancing *i; invalid input yields U+FFFD.
char32_t NextCodePoint(absl::string_view text, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(text[*i]);
  size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 4;
  if (extra == 4 || text.size() - *i <= extra) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (size_t k = 1; k <= extra; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[*i + k]);
    if ((next >> 6) != 0x2) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  *i += extra + 1;
  return cp;
}

// A quoted SIE field: at most kSieTextCharsMax characters, escaped, control characters as spaces.
std::string Quoted(absl::string_view utf8) {
  std::string encoded = Utf8ToCp437(utf8);
  if (encoded.size() > kSieTextCharsMax) encoded.resize(kSieTextCharsMax);
  std::string out = "\"";
  for (char c : encoded) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c);
  }
  out.push_back('"');
  return out;
}

std::string SieDate(absl::CivilDay day) {
  return absl::StrFormat("%04d%02d%02d", day.year(), day.month(), day.day());
}

absl::Status CheckInput(const SieExport& input, std::set<int32_t>* numbers) {
  if (input.vouchers.size() > kSieVouchersMax) {
    return absl::InvalidArgumentError(absl::StrCat("an SIE file holds at most ", kSieVouchersMax, " vouchers"));
  }
  if (input.year_end < input.year_start) return absl::InvalidArgumentError("the fiscal year ends before it starts");
  for (const SieAccount& account : input.accounts) {
    if (account.number < 1000 || account.number > 8999) {
      return absl::InvalidArgumentError(absl::StrCat("account ", account.number, " is not 1000–8999"));
    }
    if (!numbers->insert(account.number).second) {
      return absl::InvalidArgumentError(absl::StrCat("account ", account.number, " is listed twice"));
    }
  }
  for (const SieVoucher& voucher : input.vouchers) {
    if (voucher.transactions.size() > kSieTransactionsPerVoucherMax) {
      return absl::InvalidArgumentError(absl::StrCat("voucher ", voucher.number, " has more than ",
                                                     kSieTransactionsPerVoucherMax, " transactions"));
    }
    int64_t sum = 0;
    for (const SieTransaction& t : voucher.transactions) {
      if (numbers->count(t.account) == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("voucher ", voucher.number, " books on account ", t.account, " that is not listed"));
      }
      if (__builtin_add_overflow(sum, t.amount_ore, &sum)) {
        return absl::InvalidArgumentError(absl::StrCat("voucher ", voucher.number, " overflows"));
      }
    }
    if (sum != 0) {
      return absl::InvalidArgumentError(absl::StrCat("voucher ", voucher.number, " does not sum to zero (",
                                                     FormatSieAmount(sum), ")"));
    }
  }
  return absl::OkStatus();
}

void AppendLine(std::string& out, absl::string_view line) {
  out.append(line.data(), line.size());
  out.append("\r\n");
}

void AppendHeader(const SieExport& input, std::string& out) {
  AppendLine(out, "#FLAGGA 0");
  AppendLine(out, absl::StrCat("#PROGRAM \"fondbok\" ", Quoted(input.program_version)));
  AppendLine(out, "#FORMAT PC8");
  AppendLine(out, absl::StrCat("#GEN ", SieDate(input.generated), " \"fondbok\""));
  AppendLine(out, "#SIETYP 4");
  AppendLine(out, absl::StrCat("#FNAMN ", Quoted(input.fund_name)));
  if (!input.organisation_number.empty()) {
    AppendLine(out, absl::StrCat("#ORGNR ", Utf8ToCp437(input.organisation_number)));
  }
  AppendLine(out, absl::StrCat("#RAR 0 ", SieDate(input.year_start), " ", SieDate(input.year_end)));
  AppendLine(out, "#KPTYP BAS2014");
  AppendLine(out, absl::StrCat("#VALUTA ", Utf8ToCp437(input.currency)));
}

void AppendAccounts(const SieExport& input, std::string& out) {
  std::vector<const SieAccount*> sorted;
  for (const SieAccount& account : input.accounts) sorted.push_back(&account);
  std::sort(sorted.begin(), sorted.end(), [](const SieAccount* a, const SieAccount* b) { return a->number < b->number; });
  for (const SieAccount* a : sorted) {
    AppendLine(out, absl::StrCat("#KONTO ", a->number, " ", Quoted(a->name)));
    AppendLine(out, absl::StrCat("#KTYP ", a->number, " ", std::string(1, static_cast<char>(a->type))));
  }
  for (const SieAccount* a : sorted) {
    if (a->type == SieAccountType::kAsset || a->type == SieAccountType::kDebt) {
      AppendLine(out, absl::StrCat("#IB 0 ", a->number, " ", FormatSieAmount(a->opening_ore)));
      AppendLine(out, absl::StrCat("#UB 0 ", a->number, " ", FormatSieAmount(a->closing_ore)));
    } else {
      AppendLine(out, absl::StrCat("#RES 0 ", a->number, " ", FormatSieAmount(a->result_ore)));
    }
  }
}

void AppendVoucher(const SieVoucher& voucher, std::string& out) {
  AppendLine(out, absl::StrCat("#VER ", Quoted(voucher.series), " ", voucher.number, " ", SieDate(voucher.date), " ",
                               Quoted(voucher.text), " ", SieDate(voucher.registered)));
  AppendLine(out, "{");
  for (const SieTransaction& t : voucher.transactions) {
    AppendLine(out, absl::StrCat("#TRANS ", t.account, " {} ", FormatSieAmount(t.amount_ore), " ",
                                 SieDate(voucher.date), " ", Quoted(t.text)));
  }
  AppendLine(out, "}");
}

}  // namespace

std::string FormatSieAmount(int64_t amount_ore) {
  // Unsigned magnitude so that INT64_MIN formats too.
  const bool negative = amount_ore < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(amount_ore) : static_cast<uint64_t>(amount_ore);
  return absl::StrCat(negative ? "-" : "", magnitude / 100, ".", absl::StrFormat("%02d", magnitude % 100));
}

std::string Utf8ToCp437(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) out.push_back(EncodeCodePoint(NextCodePoint(utf8, &i)));
  return out;
}

absl::StatusOr<std::string> WriteSie(const SieExport& input) {
  std::set<int32_t> numbers;
  RETURN_IF_ERROR(CheckInput(input, &numbers));
  std::string out;
  AppendHeader(input, out);
  AppendAccounts(input, out);
  for (const SieVoucher& voucher : input.vouchers) AppendVoucher(voucher, out);
  return out;
}

}  // namespace fondbok::reports
