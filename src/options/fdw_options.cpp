#include "options/fdw_options.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"
#include "sqlgen/tsql_predicate.hpp"

#include <charconv>
#include <climits>
#include <set>

namespace mssql_upsert::options {

namespace {
// SQLSTATEs of the FDW class that postgres_fdw uses for the same problems.
constexpr const char *kInvalidOptionName = sqlstate::kFdwInvalidOptionName;
constexpr const char *kInvalidAttributeValue = sqlstate::kFdwInvalidAttributeValue;

std::string valid_options_hint(OptionContext context) {
  std::string names;
  for (const OptionSpec &spec : all_options()) {
    if (spec.context != context)
      continue;
    if (!names.empty())
      names += ", ";
    names += spec.name;
  }
  return names.empty() ? "There are no valid options in this context."
                       : "Valid options in this context are: " + names + ".";
}

const OptionSpec *find_option(OptionContext context, std::string_view name) {
  for (const OptionSpec &spec : all_options())
    if (spec.context == context && name == spec.name)
      return &spec;
  return nullptr;
}

void validate_value(const OptionSpec &spec, const std::string &value) {
  switch (spec.kind) {
  case ValueKind::Text:
    if (value.empty())
      throw Error("option \"" + std::string(spec.name) + "\" must not be empty",
                  kInvalidAttributeValue);
    break;
  case ValueKind::Port:
    parse_integer_option(spec.name, value, 1, 65535);
    break;
  case ValueKind::NonNegativeInt:
    parse_integer_option(spec.name, value, 0, INT_MAX);
    break;
  case ValueKind::PacketSize:
    parse_integer_option(spec.name, value, 512, 32767);
    break;
  case ValueKind::TdsVersion: {
    static const std::set<std::string> versions = {"7.0", "7.1", "7.2", "7.3", "7.4", "auto"};
    if (versions.count(ascii_lowercase(value)) == 0)
      throw Error("invalid value for option \"tds_version\": \"" + value + "\"",
                  kInvalidAttributeValue, "", "Valid values are 7.0, 7.1, 7.2, 7.3, 7.4 and auto.");
    break;
  }
  case ValueKind::Boolean:
    parse_boolean_option(spec.name, value);
    break;
  case ValueKind::TsqlSelect:
    sqlgen::check_tsql_derived_query(value);
    break;
  }
}
} // namespace

const std::vector<OptionSpec> &all_options() {
  static const std::vector<OptionSpec> specs = {
      {"host", OptionContext::Server, ValueKind::Text, "SQL Server host name or address"},
      {"port", OptionContext::Server, ValueKind::Port, "TCP port (default 1433)"},
      {"database", OptionContext::Server, ValueKind::Text, "database to use after login"},
      {"tds_version", OptionContext::Server, ValueKind::TdsVersion, "TDS protocol version (7.4)"},
      {"login_timeout", OptionContext::Server, ValueKind::NonNegativeInt,
       "seconds to wait for a login, 0 = no limit"},
      {"query_timeout", OptionContext::Server, ValueKind::NonNegativeInt,
       "seconds to wait for a remote result, 0 = no limit"},
      {"appname", OptionContext::Server, ValueKind::Text, "application name shown by SQL Server"},
      {"packet_size", OptionContext::Server, ValueKind::PacketSize, "TDS packet size in bytes"},
      {"use_remote_estimate", OptionContext::Server, ValueKind::Boolean,
       "count a foreign table's matching rows on SQL Server when planning"},
      {"username", OptionContext::UserMapping, ValueKind::Text, "SQL Server login name"},
      {"password", OptionContext::UserMapping, ValueKind::Text, "SQL Server login password"},
      {"password_required", OptionContext::UserMapping, ValueKind::Boolean,
       "false lets a superuser-created mapping connect without a password"},
      {"schema_name", OptionContext::ForeignTable, ValueKind::Text, "remote schema (dbo)"},
      {"table_name", OptionContext::ForeignTable, ValueKind::Text, "remote table name"},
      {"query", OptionContext::ForeignTable, ValueKind::TsqlSelect,
       "remote SELECT instead of a table (superuser-only)"},
      {"use_remote_estimate", OptionContext::ForeignTable, ValueKind::Boolean,
       "count matching rows on SQL Server when planning (overrides the server's)"},
      {"column_name", OptionContext::Column, ValueKind::Text, "remote column name"},
  };
  return specs;
}

const char *context_name(OptionContext context) {
  switch (context) {
  case OptionContext::Wrapper:
    return "foreign-data wrapper";
  case OptionContext::Server:
    return "server";
  case OptionContext::UserMapping:
    return "user mapping";
  case OptionContext::ForeignTable:
    return "foreign table";
  case OptionContext::Column:
    return "column";
  }
  return "object";
}

void validate_options(OptionContext context, const OptionList &options) {
  std::set<std::string> seen;
  for (const auto &[name, value] : options) {
    const OptionSpec *spec = find_option(context, name);
    if (spec == nullptr)
      throw Error(std::string("invalid ") + context_name(context) + " option \"" + name + "\"",
                  kInvalidOptionName, "", valid_options_hint(context));
    if (!seen.insert(name).second)
      throw Error("option \"" + name + "\" given more than once", kInvalidOptionName);
    validate_value(*spec, value);
  }
  if (context == OptionContext::ForeignTable && seen.count("query") != 0 &&
      (seen.count("table_name") != 0 || seen.count("schema_name") != 0))
    throw Error("option \"query\" cannot be combined with \"schema_name\" or \"table_name\"",
                kInvalidOptionName, "",
                "Name a remote table with schema_name and table_name, or give a query.");
}

std::string option_value(const OptionList &options, std::string_view name, std::string fallback) {
  for (const auto &[key, value] : options)
    if (key == name)
      return value;
  return fallback;
}

bool parse_boolean_option(std::string_view name, std::string_view value) {
  // The spellings PostgreSQL's parse_bool accepts: prefixes of true/false/yes/no,
  // on, of/off, 1, 0.
  const std::string v = ascii_lowercase(value);
  auto is_prefix_of = [&](std::string_view word) {
    return !v.empty() && v.size() <= word.size() && word.substr(0, v.size()) == v;
  };
  if (v == "on" || v == "1" || is_prefix_of("true") || is_prefix_of("yes"))
    return true;
  if (v == "of" || v == "off" || v == "0" || is_prefix_of("false") || is_prefix_of("no"))
    return false;
  throw Error("option \"" + std::string(name) + "\" requires a boolean value, not \"" +
                  std::string(value) + "\"",
              kInvalidAttributeValue);
}

int parse_integer_option(std::string_view name, std::string_view value, long min, long max) {
  const std::string text(value);
  // from_chars, unlike strtol, ignores the locale and accepts no blanks or '+'.
  long parsed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  const bool is_integer = !text.empty() && error == std::errc() && end == text.data() + text.size();
  if (!is_integer || parsed < min || parsed > max)
    throw Error("option \"" + std::string(name) + "\" requires an integer between " +
                    std::to_string(min) + " and " + std::to_string(max) + ", not \"" + text +
                    "\"",
                kInvalidAttributeValue);
  return static_cast<int>(parsed);
}

} // namespace mssql_upsert::options
