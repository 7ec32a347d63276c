// Swedish identifiers with check digits (FORMATS.md "Check digits", "OCR reference", "Numbers"):
// the Luhn ("10-modul") digit, OCR references with a length digit, organisation numbers,
// bankgiro numbers, personnummer and kommunkoder. Pure functions on text; no I/O after the
// municipality table has been parsed once (thread-safe). Every error is INVALID_ARGUMENT with a
// message that names the value and the rule.
#ifndef FONDBOK_SERVICES_PARTIES_CHECK_DIGITS_H_
#define FONDBOK_SERVICES_PARTIES_CHECK_DIGITS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fondbok::parties {

// True when `text` is non-empty and only ASCII digits.
bool AllDigits(absl::string_view text);

// The Luhn check digit (0–9) for `body`: from the rightmost digit of the body multiply by 2, 1,
// 2, …; a product over 9 has 9 subtracted; check = (10 − sum mod 10) mod 10.
// REQUIRES: AllDigits(body).
int LuhnCheckDigit(absl::string_view body);

// True when `digits` (at least 2, digits only) ends in the Luhn check digit of the rest.
bool LuhnValid(absl::string_view digits);

// OCR references: fondbok issues variable-length references with a length digit.
inline constexpr size_t kOcrDigitsMin = 2;
inline constexpr size_t kOcrDigitsMax = 25;

// body + length digit (total length mod 10) + Luhn digit over both: "123" → "12351".
// INVALID_ARGUMENT unless `body_digits` is 1–23 digits (the reference is 3–25 digits).
absl::StatusOr<std::string> MakeOcr(absl::string_view body_digits);

// Checks an OCR reference as fondbok issues them: 2–25 digits (spaces ignored), the last the Luhn
// digit, the second-last the length digit. Returns the digits without spaces.
absl::StatusOr<std::string> ValidateOcr(absl::string_view text);

// "NNNNNN-NNNN", ten digits, or twelve digits starting with "16" (the form in BgMax files) → ten
// digits. Digits 3–4 form a number ≥ 20 (what tells an organisation from a person); Luhn over
// the ten digits.
absl::StatusOr<std::string> NormalizeOrgNumber(absl::string_view text);
// Ten digits → "NNNNNN-NNNN"; anything else is returned unchanged.
std::string FormatOrgNumber(absl::string_view digits);

// Seven or eight digits, optionally with one hyphen before the last four ("NNN-NNNN",
// "NNNN-NNNN"); Luhn over all digits. Returns the digits.
absl::StatusOr<std::string> NormalizeBankgiro(absl::string_view text);
// Seven or eight digits → "NNN-NNNN" / "NNNN-NNNN"; anything else is returned unchanged.
std::string FormatBankgiro(absl::string_view digits);

// "YYMMDD-NNNN" ("+" instead of "-" for someone 100 or older), ten digits, "YYYYMMDD-NNNN" or
// twelve digits → twelve digits YYYYMMDDNNNN. The century of a ten-digit form is the latest one
// that puts the birth date on or before `today` (minus 100 years for "+"). The date must exist;
// a day of 61–91 is a coordination number (samordningsnummer, day + 60) and is accepted. Luhn
// over the last ten digits.
absl::StatusOr<std::string> NormalizePersonnummer(absl::string_view text, absl::CivilDay today);

// The county (län) name for a two-digit county code, e.g. "05" → "Östergötland"; nullopt for
// codes that are not among the 21 counties.
std::optional<std::string> CountyName(absl::string_view county_code);

// Sweden's municipalities, kommunkod → name, from municipalities.tsv (checked into this folder
// and compiled in; 290 entries). Parsed once on first use.
const std::map<std::string, std::string>& Municipalities();

// Parses a municipality table: one "KKKK<TAB>name" a line, '#' comments and blank lines ignored.
// Every code must be four digits of a known county, and unique. Exposed so that a table can be
// loaded from elsewhere (an admin's file) with the same rules.
absl::StatusOr<std::map<std::string, std::string>> ParseMunicipalityTable(absl::string_view text);

// A kommunkod: four digits, the first two one of the 21 county codes, and a municipality in
// Municipalities().
absl::Status ValidateKommunkod(absl::string_view code);

}  // namespace fondbok::parties

#endif  // FONDBOK_SERVICES_PARTIES_CHECK_DIGITS_H_
