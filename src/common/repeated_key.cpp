#include "common/repeated_key.hpp"

namespace mssql_upsert {

std::string format_key(const std::vector<std::string> &names,
                       const std::vector<std::optional<std::string>> &values) {
  std::string shown_names, shown_values;
  for (std::size_t k = 0; k < names.size(); ++k) {
    shown_names += (k == 0 ? "" : ", ") + names[k];
    const std::optional<std::string> value = k < values.size() ? values[k] : std::nullopt;
    shown_values += (k == 0 ? "" : ", ") + value.value_or("NULL");
  }
  return "(" + shown_names + ")=(" + shown_values + ")";
}

Error repeated_key_error(const std::string &source_and_verb, const std::string &key,
                         const std::string &hint) {
  return Error(source_and_verb + " the key " + key + " more than once in one chunk",
               sqlstate::kCardinalityViolation, "", hint);
}

} // namespace mssql_upsert
