#include "wire/tokens.hpp"

namespace tds {

namespace {

void env_change_strings(Bytes &out, uint8_t type, const std::string &new_value,
                        const std::string &old_value) {
  Bytes body;
  put_u8(body, type);
  put_b_varchar(body, new_value);
  put_b_varchar(body, old_value);
  put_u8(out, 0xE3);
  put_u16(out, static_cast<uint16_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}


} // namespace

void TokenWriter::env_change_database(const std::string &new_db, const std::string &old_db) {
  env_change_strings(out_, 1, new_db, old_db);
}

void TokenWriter::env_change_language(const std::string &language) {
  env_change_strings(out_, 2, language, "");
}

void TokenWriter::env_change_packet_size(uint32_t new_size, uint32_t old_size) {
  env_change_strings(out_, 4, std::to_string(new_size), std::to_string(old_size));
}

void TokenWriter::env_change_collation() {
  const uint8_t bytes[] = {0xE3, 0x08, 0x00, 0x07, 0x05, 0x09, 0x04, 0xD0, 0x00, 0x34, 0x00};
  put_bytes(out_, bytes, sizeof bytes);
}

void TokenWriter::message(uint8_t token, int32_t number, uint8_t state, uint8_t severity,
                          const std::string &text, const std::string &server) {
  Bytes body;
  put_u32(body, static_cast<uint32_t>(number));
  put_u8(body, state);
  put_u8(body, severity);
  put_us_varchar(body, text);
  put_b_varchar(body, server);
  put_b_varchar(body, "");
  put_u32(body, 1);
  put_u8(out_, token);
  put_u16(out_, static_cast<uint16_t>(body.size()));
  out_.insert(out_.end(), body.begin(), body.end());
}

void TokenWriter::info(int32_t number, uint8_t state, uint8_t severity, const std::string &text,
                       const std::string &server) {
  message(0xAB, number, state, severity, text, server);
}

void TokenWriter::error(int32_t number, uint8_t state, uint8_t severity, const std::string &text,
                        const std::string &server) {
  message(0xAA, number, state, severity, text, server);
}

void TokenWriter::login_ack() {
  Bytes body;
  put_u8(body, 1); // interface: SQL
  const uint8_t version[] = {0x74, 0x00, 0x00, 0x04};
  put_bytes(body, version, 4);
  put_b_varchar(body, "Microsoft SQL Server");
  const uint8_t program_version[] = {0x0F, 0x00, 0x07, 0xD0};
  put_bytes(body, program_version, 4);
  put_u8(out_, 0xAD);
  put_u16(out_, static_cast<uint16_t>(body.size()));
  out_.insert(out_.end(), body.begin(), body.end());
}

void TokenWriter::done(uint16_t status, uint16_t cur_cmd, uint64_t rows) {
  put_u8(out_, done_token_);
  put_u16(out_, status);
  put_u16(out_, cur_cmd);
  put_u64(out_, rows);
}

void TokenWriter::return_status(int32_t value) {
  put_u8(out_, 0x79);
  put_u32(out_, static_cast<uint32_t>(value));
}

void TokenWriter::done_proc(uint16_t status) {
  put_u8(out_, done_token::kDoneProc);
  put_u16(out_, status);
  put_u16(out_, 0);
  put_u64(out_, 0);
}

void TokenWriter::col_metadata(const std::vector<ColumnMeta> &columns) {
  put_u8(out_, 0x81);
  put_u16(out_, static_cast<uint16_t>(columns.size()));
  for (const ColumnMeta &c : columns) {
    put_u32(out_, c.rowversion ? 80 : 0); // user type: 80 is timestamp (rowversion)
    uint16_t flags = 0x08 | (c.nullable ? 0x01 : 0) | (c.identity ? 0x10 : 0) | (c.computed ? 0x20 : 0);
    put_u16(out_, flags);
    const ColumnType &t = c.type;
    switch (t.type) {
    case SqlType::Bit:
      put_u8(out_, 0x68), put_u8(out_, 1);
      break;
    case SqlType::TinyInt:
      put_u8(out_, 0x26), put_u8(out_, 1);
      break;
    case SqlType::SmallInt:
      put_u8(out_, 0x26), put_u8(out_, 2);
      break;
    case SqlType::Int:
      put_u8(out_, 0x26), put_u8(out_, 4);
      break;
    case SqlType::BigInt:
      put_u8(out_, 0x26), put_u8(out_, 8);
      break;
    case SqlType::Real:
      put_u8(out_, 0x6D), put_u8(out_, 4);
      break;
    case SqlType::Float:
      put_u8(out_, 0x6D), put_u8(out_, 8);
      break;
    case SqlType::Decimal:
    case SqlType::Numeric:
      put_u8(out_, t.type == SqlType::Decimal ? 0x6A : 0x6C);
      put_u8(out_, static_cast<uint8_t>(sys_max_length(t)));
      put_u8(out_, t.precision), put_u8(out_, t.scale);
      break;
    case SqlType::Money:
      put_u8(out_, 0x6E), put_u8(out_, 8);
      break;
    case SqlType::SmallMoney:
      put_u8(out_, 0x6E), put_u8(out_, 4);
      break;
    case SqlType::DateTime:
      put_u8(out_, 0x6F), put_u8(out_, 8);
      break;
    case SqlType::SmallDateTime:
      put_u8(out_, 0x6F), put_u8(out_, 4);
      break;
    case SqlType::Date:
      put_u8(out_, 0x28);
      break;
    case SqlType::Time:
      put_u8(out_, 0x29), put_u8(out_, t.scale);
      break;
    case SqlType::DateTime2:
      put_u8(out_, 0x2A), put_u8(out_, t.scale);
      break;
    case SqlType::DateTimeOffset:
      put_u8(out_, 0x2B), put_u8(out_, t.scale);
      break;
    case SqlType::UniqueIdentifier:
      put_u8(out_, 0x24), put_u8(out_, 16);
      break;
    case SqlType::Char:
    case SqlType::VarChar:
    case SqlType::Text:
      put_u8(out_, t.type == SqlType::Char ? 0xAF : 0xA7);
      put_u16(out_, is_plp(t) ? 0xFFFF : static_cast<uint16_t>(t.length));
      put_bytes(out_, kCollation, 5);
      break;
    case SqlType::NChar:
    case SqlType::NVarChar:
    case SqlType::NText:
    case SqlType::Xml:
      put_u8(out_, t.type == SqlType::NChar ? 0xEF : 0xE7);
      put_u16(out_, is_plp(t) ? 0xFFFF : static_cast<uint16_t>(t.length * 2));
      put_bytes(out_, kCollation, 5);
      break;
    case SqlType::Binary:
    case SqlType::VarBinary:
    case SqlType::Image:
      put_u8(out_, t.type == SqlType::Binary ? 0xAD : 0xA5);
      put_u16(out_, is_plp(t) ? 0xFFFF : static_cast<uint16_t>(t.length));
      break;
    }
    put_b_varchar(out_, c.name);
  }
}

} // namespace tds
