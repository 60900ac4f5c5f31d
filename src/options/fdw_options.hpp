// The options of the foreign-data wrapper: which exist where, and what values
// they accept. Pure C++: the PostgreSQL validator and the connection code ask here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mssql_upsert::options {

enum class OptionContext { Wrapper, Server, UserMapping, ForeignTable, Column };

enum class ValueKind {
  Text,           // any non-empty string
  Port,           // 1..65535
  NonNegativeInt, // 0..INT_MAX (timeouts in seconds, 0 = none)
  PacketSize,     // 512..32767, as SQL Server accepts
  TdsVersion,     // 7.0 7.1 7.2 7.3 7.4 auto
  Boolean,        // PostgreSQL boolean spellings
  TsqlSelect,     // one SELECT that stays in its derived table (check_tsql_derived_query)
};

struct OptionSpec {
  const char *name;
  OptionContext context;
  ValueKind kind;
  const char *description;
};

using OptionList = std::vector<std::pair<std::string, std::string>>;

const std::vector<OptionSpec> &all_options();
const char *context_name(OptionContext context);

// Checks every option given for an object of this context: names known here,
// values of the right kind, no option twice, no contradicting options.
// Throws mssql_upsert::Error naming the option and the problem, with a hint
// listing the valid options.
void validate_options(OptionContext context, const OptionList &options);

// The value of option name in options, or fallback when it is not given.
std::string option_value(const OptionList &options, std::string_view name, std::string fallback = "");

// Value parsers (throw Error naming the option on bad input).
bool parse_boolean_option(std::string_view name, std::string_view value);
int parse_integer_option(std::string_view name, std::string_view value, long min, long max);

} // namespace mssql_upsert::options
