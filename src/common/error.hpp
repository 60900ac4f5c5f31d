// The one error type pure C++ code throws. The SQL entry points turn it into
// ereport(ERROR) with the same SQLSTATE, message, detail and hint.
#pragma once

#include <stdexcept>
#include <string>

namespace mssql_upsert {

// SQLSTATEs used by the extension, as five-character codes.
namespace sqlstate {
inline constexpr const char *kInvalidParameterValue = "22023";
inline constexpr const char *kSyntaxError = "42601";
inline constexpr const char *kUndefinedTable = "42P01";
inline constexpr const char *kUndefinedColumn = "42703";
inline constexpr const char *kDuplicateColumn = "42701";
inline constexpr const char *kDuplicateTable = "42P07";
inline constexpr const char *kInsufficientPrivilege = "42501";
inline constexpr const char *kNameTooLong = "42622";
inline constexpr const char *kInvalidName = "42602";
inline constexpr const char *kDatatypeMismatch = "42804";
inline constexpr const char *kInvalidColumnReference = "42P10";
inline constexpr const char *kCardinalityViolation = "21000";
inline constexpr const char *kNotNullViolation = "23502";
inline constexpr const char *kUniqueViolation = "23505";
inline constexpr const char *kForeignKeyViolation = "23503";
inline constexpr const char *kCheckViolation = "23514";
inline constexpr const char *kObjectNotInPrerequisiteState = "55000";
inline constexpr const char *kNumericOutOfRange = "22003";
inline constexpr const char *kStringTooLong = "22001";
inline constexpr const char *kDatetimeOverflow = "22008";
inline constexpr const char *kFdwError = "HV000";
inline constexpr const char *kFdwUnableToEstablishConnection = "08001";
inline constexpr const char *kConnectionFailure = "08006";
inline constexpr const char *kQueryCanceled = "57014";
inline constexpr const char *kInternalError = "XX000";
inline constexpr const char *kFeatureNotSupported = "0A000";
inline constexpr const char *kDataException = "22000";
inline constexpr const char *kUndefinedObject = "42704";
inline constexpr const char *kWrongObjectType = "42809";
inline constexpr const char *kInvalidSchemaName = "3F000";
inline constexpr const char *kProhibitedSqlStatement = "2F003"; // postgres_fdw's "password is required"
inline constexpr const char *kDeadlockDetected = "40P01";
inline constexpr const char *kOutOfMemory = "53200";
inline constexpr const char *kFdwInvalidOptionName = "HV00D";
inline constexpr const char *kFdwInvalidAttributeValue = "HV024";
} // namespace sqlstate

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message,
                 const char *sqlstate_code = sqlstate::kFdwError,
                 std::string detail = {}, std::string hint = {})
      : std::runtime_error(message), sqlstate_(sqlstate_code),
        detail_(std::move(detail)), hint_(std::move(hint)) {}

  const std::string &sqlstate() const { return sqlstate_; }
  const std::string &detail() const { return detail_; }
  const std::string &hint() const { return hint_; }

private:
  std::string sqlstate_;
  std::string detail_;
  std::string hint_;
};

} // namespace mssql_upsert
