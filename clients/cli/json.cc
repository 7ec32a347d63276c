#include "clients/cli/json.h"

#include <limits>

#include <google/protobuf/descriptor.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fondbok::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void AppendMessage(const Message& message, std::string& out);

// One value of `field`; `index` < 0 for a singular field.
void AppendValue(const Message& message, const FieldDescriptor* field, int index, std::string& out) {
  const Reflection* reflection = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(&out, repeated ? reflection->GetRepeatedInt32(message, field, index)
                                     : reflection->GetInt32(message, field));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(&out, repeated ? reflection->GetRepeatedInt64(message, field, index)
                                     : reflection->GetInt64(message, field));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(&out, repeated ? reflection->GetRepeatedUInt32(message, field, index)
                                     : reflection->GetUInt32(message, field));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(&out, repeated ? reflection->GetRepeatedUInt64(message, field, index)
                                     : reflection->GetUInt64(message, field));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const double value =
          field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE
              ? (repeated ? reflection->GetRepeatedDouble(message, field, index)
                          : reflection->GetDouble(message, field))
              : (repeated ? reflection->GetRepeatedFloat(message, field, index)
                          : reflection->GetFloat(message, field));
      if (value != value) {
        out += "\"NaN\"";
      } else if (value == std::numeric_limits<double>::infinity()) {
        out += "\"Infinity\"";
      } else if (value == -std::numeric_limits<double>::infinity()) {
        out += "\"-Infinity\"";
      } else {
        absl::StrAppend(&out, absl::StrFormat("%.17g", value));
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      out += (repeated ? reflection->GetRepeatedBool(message, field, index)
                       : reflection->GetBool(message, field))
                 ? "true"
                 : "false";
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = repeated ? reflection->GetRepeatedEnumValue(message, field, index)
                                  : reflection->GetEnumValue(message, field);
      const auto* value = field->enum_type()->FindValueByNumber(number);
      if (value != nullptr) {
        out += JsonQuote(value->name());
      } else {
        absl::StrAppend(&out, number);  // a value newer than this client: its number
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          repeated ? reflection->GetRepeatedStringReference(message, field, index, &scratch)
                   : reflection->GetStringReference(message, field, &scratch);
      out += field->type() == FieldDescriptor::TYPE_BYTES ? JsonQuote(Hex(text)) : JsonQuote(text);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      AppendMessage(repeated ? reflection->GetRepeatedMessage(message, field, index)
                             : reflection->GetMessage(message, field),
                    out);
      break;
  }
}

// A map entry's key as a JSON object key (the JSON mapping quotes every key).
std::string MapKey(const Message& entry) {
  const FieldDescriptor* key = entry.GetDescriptor()->map_key();
  std::string text;
  AppendValue(entry, key, -1, text);
  if (key->cpp_type() == FieldDescriptor::CPPTYPE_STRING) return text;
  return JsonQuote(text);
}

void AppendField(const Message& message, const FieldDescriptor* field, std::string& out) {
  const Reflection* reflection = message.GetReflection();
  out += JsonQuote(field->name());
  out += ':';
  if (field->is_map()) {
    out += '{';
    const int size = reflection->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      const Message& entry = reflection->GetRepeatedMessage(message, field, i);
      if (i > 0) out += ',';
      out += MapKey(entry);
      out += ':';
      AppendValue(entry, entry.GetDescriptor()->map_value(), -1, out);
    }
    out += '}';
  } else if (field->is_repeated()) {
    out += '[';
    const int size = reflection->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      if (i > 0) out += ',';
      AppendValue(message, field, i, out);
    }
    out += ']';
  } else {
    AppendValue(message, field, -1, out);
  }
}

void AppendMessage(const Message& message, std::string& out) {
  const auto* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  out += '{';
  bool first = true;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    // As with always_print_primitive_fields: scalars and lists always, messages and oneof
    // members (which have presence) only when set.
    if (!field->is_repeated() && field->has_presence() && !reflection->HasField(message, field)) {
      continue;
    }
    if (!first) out += ',';
    first = false;
    AppendField(message, field, out);
  }
  out += '}';
}

}  // namespace

std::string ProtoToJson(const Message& message) {
  std::string out;
  AppendMessage(message, out);
  return out;
}

std::string BalanceToJson(const v1::Balance& balance) { return ProtoToJson(balance); }

std::string WriteResultToJson(const v1::WriteResult& result) {
  if (result.entries_size() != 1) return ProtoToJson(result);
  // One entry prints flat, {"seq":N,"hash":"…","replayed":false}, so scripts read .seq directly.
  std::string entry = ProtoToJson(result.entries(0));
  entry.pop_back();  // the closing brace
  return absl::StrCat(entry, ",\"replayed\":", result.replayed() ? "true" : "false", "}");
}

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      // Escaped so that the JSON can be embedded in HTML and JavaScript unchanged, as protobuf does.
      case '<': out += "\\u003c"; continue;
      case '>': out += "\\u003e"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", c));
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      // U+2028 and U+2029 end lines in JavaScript.
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out += '"';
  return out;
}

std::string Hex(absl::string_view bytes) { return absl::BytesToHexString(bytes); }

}  // namespace fondbok::cli
