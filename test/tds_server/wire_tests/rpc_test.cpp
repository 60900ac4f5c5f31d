#include "wire/packet.hpp"
#include "wire/rpc.hpp"

#include <gtest/gtest.h>

using namespace tds;

namespace {

// Builds an RPC payload: ALL_HEADERS, sp_executesql by ProcID, flags, parameters.
class RpcBuilder {
public:
  RpcBuilder() {
    const uint8_t headers[] = {0x16, 0, 0, 0, 0x12, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
    bytes.insert(bytes.end(), headers, headers + sizeof headers);
    put_u16(bytes, 0xFFFF);
    put_u16(bytes, 10);
    put_u16(bytes, 0);
  }
  RpcBuilder &param(const std::string &name, std::initializer_list<uint8_t> type_and_value, uint8_t status = 0) {
    put_b_varchar(bytes, name);
    put_u8(bytes, status);
    bytes.insert(bytes.end(), type_and_value);
    return *this;
  }
  RpcBuilder &nvarchar_max(const std::string &name, const std::string &utf8) {
    put_b_varchar(bytes, name);
    put_u8(bytes, 0);
    const uint8_t info[] = {0xE7, 0xFF, 0xFF, 0x09, 0x04, 0xD0, 0x00, 0x34};
    bytes.insert(bytes.end(), info, info + sizeof info);
    std::string utf16 = utf8_to_utf16le(utf8);
    put_u64(bytes, 0xFFFFFFFFFFFFFFFEull); // unknown total length
    put_u32(bytes, static_cast<uint32_t>(utf16.size() / 2)); // two chunks
    put_bytes(bytes, utf16.data(), utf16.size() / 2);
    put_u32(bytes, static_cast<uint32_t>(utf16.size() - utf16.size() / 2));
    put_bytes(bytes, utf16.data() + utf16.size() / 2, utf16.size() - utf16.size() / 2);
    put_u32(bytes, 0);
    return *this;
  }
  Bytes bytes;
};

RpcParameter only(const Bytes &payload) {
  RpcRequest request = parse_rpc_request(payload);
  EXPECT_EQ(request.procedure, "sp_executesql");
  EXPECT_EQ(request.parameters.size(), 1u);
  return request.parameters.at(0);
}

std::string value_of(std::initializer_list<uint8_t> type_and_value) {
  RpcParameter p = only(RpcBuilder().param("@P1", type_and_value).bytes);
  return p.is_null ? "NULL" : p.value;
}

} // namespace

TEST(RpcRequest, ParsesProcIdNamesAndPlpStrings) {
  RpcRequest request =
      parse_rpc_request(RpcBuilder().nvarchar_max("", "SELECT @P1 -- Zoë 😀").param("@P1", {0x26, 4, 4, 42, 0, 0, 0}).bytes);
  EXPECT_EQ(request.procedure, "sp_executesql");
  ASSERT_EQ(request.parameters.size(), 2u);
  EXPECT_EQ(request.parameters[0].name, "");
  EXPECT_EQ(request.parameters[0].value, "SELECT @P1 -- Zoë 😀");
  EXPECT_EQ(format_sql_type(request.parameters[0].type), "nvarchar(max)");
  EXPECT_EQ(request.parameters[1].name, "@P1");
  EXPECT_EQ(request.parameters[1].value, "42");
  EXPECT_EQ(format_sql_type(request.parameters[1].type), "int");
}

TEST(RpcRequest, ParsesAProcedureGivenByName) {
  Bytes payload;
  put_u16(payload, 6);
  std::string name = utf8_to_utf16le("sp_who");
  put_bytes(payload, name.data(), name.size());
  put_u16(payload, 0);
  EXPECT_EQ(parse_rpc_request(payload).procedure, "sp_who");
}

TEST(RpcRequest, DecodesIntegersBitsAndFloats) {
  EXPECT_EQ(value_of({0x26, 1, 1, 255}), "255");
  EXPECT_EQ(value_of({0x26, 2, 2, 0xFE, 0xFF}), "-2");
  EXPECT_EQ(value_of({0x26, 8, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), "9223372036854775807");
  EXPECT_EQ(value_of({0x26, 4, 0}), "NULL");
  EXPECT_EQ(value_of({0x38, 0xF9, 0xFF, 0xFF, 0xFF}), "-7"); // fixed INT4
  EXPECT_EQ(value_of({0x68, 1, 1, 1}), "1");
  EXPECT_EQ(value_of({0x6D, 8, 8, 0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xF1, 0x3F}), "1.1000000000000001");
  EXPECT_EQ(value_of({0x6D, 4, 4, 0x00, 0x00, 0xC0, 0x3F}), "1.5");
}

TEST(RpcRequest, DecodesDecimalsAndMoneyExactly) {
  // decimal(10,2) -12.34: sign 0, magnitude 1234
  EXPECT_EQ(value_of({0x6A, 9, 10, 2, 9, 0, 0xD2, 0x04, 0, 0, 0, 0, 0, 0}), "-12.34");
  EXPECT_EQ(value_of({0x6A, 5, 5, 4, 5, 1, 1, 0, 0, 0}), "0.0001");
  EXPECT_EQ(value_of({0x6A, 5, 5, 0, 5, 1, 0, 0, 0, 0}), "0");
  // money 922337203685477.5807: high int32 0x7FFFFFFF, low 0xFFFFFFFF
  EXPECT_EQ(value_of({0x6E, 8, 8, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF}), "922337203685477.5807");
  EXPECT_EQ(value_of({0x6E, 4, 4, 0xF0, 0xD8, 0xFF, 0xFF}), "-1.0000"); // smallmoney -10000
}

TEST(RpcRequest, DecodesDatesAndTimes) {
  EXPECT_EQ(value_of({0x28, 3, 0, 0, 0}), "0001-01-01");
  EXPECT_EQ(value_of({0x28, 3, 0x07, 0x24, 0x0B}), "2000-01-01"); // day 730119 = 0x0B2407
  // time(3) 23:59:59.999 = 86399999 ms
  EXPECT_EQ(value_of({0x29, 3, 4, 0xFF, 0x5B, 0x26, 0x05}), "23:59:59.999");
  // datetime2(0) 2000-01-01 00:00:01
  EXPECT_EQ(value_of({0x2A, 0, 6, 1, 0, 0, 0x07, 0x24, 0x0B}), "2000-01-01 00:00:01");
  // datetime 1900-01-01 + 1 day, 300 ticks (1 s) + 1 tick
  EXPECT_EQ(value_of({0x6F, 8, 8, 1, 0, 0, 0, 0x2D, 0x01, 0, 0}), "1900-01-02 00:00:01.003");
  EXPECT_EQ(value_of({0x6F, 8, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0}), "1899-12-31 00:00:00.000");
  // smalldatetime 1900-01-01 00:01
  EXPECT_EQ(value_of({0x6F, 4, 4, 0, 0, 1, 0}), "1900-01-01 00:01:00");
  // datetimeoffset(0) 2000-01-01 00:00:00 UTC at -05:30 is the day before, 18:30 local
  EXPECT_EQ(value_of({0x2B, 0, 8, 0, 0, 0, 0x07, 0x24, 0x0B, 0xB6, 0xFE}), "1999-12-31 18:30:00 -05:30");
}

TEST(RpcRequest, DecodesGuidsStringsAndBinaries) {
  EXPECT_EQ(value_of({0x24, 16, 16, 0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F,
                      0xC9, 0x64, 0xFF}),
            "6F9619FF-8B86-D011-B42D-00C04FC964FF");
  EXPECT_EQ(value_of({0xA7, 10, 0, 0x09, 0x04, 0xD0, 0x00, 0x34, 4, 0, 'c', 'a', 'f', 0xE9}), "café");
  EXPECT_EQ(value_of({0xE7, 20, 0, 0x09, 0x04, 0xD0, 0x00, 0x34, 0xFF, 0xFF}), "NULL");
  EXPECT_EQ(value_of({0xA5, 16, 0, 3, 0, 0x00, 0x01, 0xFF}), std::string("\x00\x01\xff", 3));
  RpcParameter p = only(RpcBuilder().param("@P1", {0xA5, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).bytes);
  EXPECT_FALSE(p.is_null);
  EXPECT_EQ(p.value, "");
  EXPECT_EQ(format_sql_type(p.type), "varbinary(max)");
  EXPECT_EQ(format_sql_type(only(RpcBuilder().param("@P1", {0xEF, 8, 0, 0x09, 0x04, 0xD0, 0x00, 0x34, 0xFF, 0xFF}).bytes).type),
            "nchar(4)");
}

TEST(RpcRequest, RejectsMalformedAndUnsupportedInput) {
  EXPECT_THROW(parse_rpc_request(RpcBuilder().param("@P1", {0x26, 4, 4, 1, 2}).bytes), WireError);
  EXPECT_THROW(parse_rpc_request(RpcBuilder().param("@P1", {0x62, 0, 0, 0, 0}).bytes), WireError);
  EXPECT_THROW(parse_rpc_request(RpcBuilder().param("@P1", {0xE7, 4, 0, 0x09, 0x04, 0xD0, 0x00, 0x34, 1, 0, 0x41}).bytes),
               WireError); // odd UTF-16 byte count
  Bytes batched = RpcBuilder().param("@P1", {0x26, 4, 0}).bytes;
  batched.push_back(0xFF);
  EXPECT_THROW(parse_rpc_request(batched), WireError);
  try {
    parse_rpc_request(RpcBuilder().param("@P1", {0x62, 0}).bytes);
  } catch (const WireError &e) {
    EXPECT_STREQ(e.what(), "RPC parameter of TDS type 0x62 is not supported by the TDS test server");
  }
  RpcParameter output = only(RpcBuilder().param("@P1", {0x26, 4, 0}, 0x01).bytes);
  EXPECT_TRUE(output.by_reference);
}
