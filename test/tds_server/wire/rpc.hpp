// RPC requests (packet type 0x03, MS-TDS 2.2.6.6): the procedure and its typed
// parameters, each value decoded into a text form the server can bind into
// T-SQL. python3-tds sends every parameterized query as sp_executesql.
#pragma once

#include "wire/byte_writer.hpp"
#include "wire/sql_type.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tds {

struct RpcParameter {
  std::string name;    // as sent, e.g. "@P1"; "" for a positional parameter
  bool by_reference = false; // OUTPUT parameter
  ColumnType type;     // from the parameter's TYPE_INFO
  bool is_null = true;
  // The value's text form: UTF-8 for character types; the raw bytes for binary
  // types; decimal digits ("-12", "1.50", money with 4 decimals); "0"/"1" for bit;
  // floats with round-trip digits; "2024-03-04", "05:06:07.1234567",
  // "2024-03-04 05:06:07.890" (datetime, milliseconds), "... +02:00" for
  // datetimeoffset (local time and offset); uniqueidentifier in canonical upper case.
  std::string value;
};

struct RpcRequest {
  std::string procedure; // the name, or for a ProcID the well-known name ("sp_executesql")
  uint16_t option_flags = 0;
  std::vector<RpcParameter> parameters;
};

// Parses an RPC payload (ALL_HEADERS first). Throws WireError naming what is
// malformed or unsupported (sql_variant, table-valued parameters, batched RPCs).
RpcRequest parse_rpc_request(const Bytes &payload);

} // namespace tds
