#include "server/bulk_load.hpp"

#include "server/backend.hpp"

#include <cctype>

namespace tds_server {

namespace {

constexpr std::size_t kCopyChunkBytes = 1 << 20;
constexpr char kStagingTable[] = "pg_temp.\"tds bulk staging\"";

std::string upper(const std::string &s) {
  std::string out;
  for (char c : s)
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(const std::string &s) {
  std::string out;
  for (char c : s)
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_name(const Token &t) { return t.kind == Token::Word || t.kind == Token::QuotedName; }

[[noreturn]] void syntax_error(const std::vector<Token> &t, std::size_t i) {
  throw SqlServerError(102, 15, "Incorrect syntax near '" + (i < t.size() ? t[i].text : t.back().text) + "'.");
}

// Skips a parenthesised group starting at t[i] == "("; returns the index after its ")".
std::size_t skip_group(const std::vector<Token> &t, std::size_t i) {
  int depth = 0;
  for (; i < t.size(); ++i) {
    if (is_symbol(t[i], "("))
      ++depth;
    if (is_symbol(t[i], ")") && --depth == 0)
      return i + 1;
  }
  syntax_error(t, t.size());
}

void apply_hint(InsertBulkRequest &request, const std::string &hint) {
  if (hint == "KEEP_NULLS")
    request.keep_nulls = true;
  else if (hint == "TABLOCK")
    request.tablock = true;
  else if (hint == "CHECK_CONSTRAINTS")
    request.check_constraints = true;
  else if (hint == "FIRE_TRIGGERS")
    request.fire_triggers = true;
  else if (hint != "ORDER" && hint != "ROWS_PER_BATCH" && hint != "KILOBYTES_PER_BATCH" &&
           hint != "KEEP_IDENTITY")
    throw SqlServerError(102, 15, "Incorrect syntax near '" + hint + "'.");
}

} // namespace

bool is_insert_bulk(const std::vector<Token> &t) {
  return t.size() >= 2 && is_word(t[0], "INSERT") && is_word(t[1], "BULK");
}

InsertBulkRequest parse_insert_bulk(const std::vector<Token> &t) {
  InsertBulkRequest request;
  std::vector<std::string> parts{""}; // [database.][schema.]table; tempdb..#x has an empty part
  std::size_t i = 2;
  for (; i < t.size() && !is_symbol(t[i], "(") && !is_word(t[i], "WITH"); ++i) {
    if (is_symbol(t[i], "."))
      parts.emplace_back();
    else if (is_name(t[i]) && parts.back().empty())
      parts.back() = t[i].text;
    else
      syntax_error(t, i);
  }
  if (parts.back().empty() || parts.size() > 3)
    syntax_error(t, i);
  for (std::size_t p = 0; p < parts.size(); ++p)
    request.table += (p ? "." : "") + parts[p];
  const std::string &table = parts.back();
  bool temporary = table[0] == '#';
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  request.backend_table = temporary || schema.empty() ? pg_ident(table) : pg_ident(schema) + "." + pg_ident(table);

  if (i < t.size() && is_symbol(t[i], "(")) {
    std::size_t end = skip_group(t, i);
    bool expect_name = true;
    int depth = 0;
    for (std::size_t k = i + 1; k + 1 < end; ++k) {
      if (depth == 0 && expect_name) {
        if (!is_name(t[k]))
          syntax_error(t, k);
        request.columns.push_back(t[k].text);
        expect_name = false;
      } else if (is_symbol(t[k], "(")) {
        ++depth;
      } else if (is_symbol(t[k], ")")) {
        --depth;
      } else if (depth == 0 && is_symbol(t[k], ",")) {
        expect_name = true;
      }
    }
    i = end;
  }
  if (i < t.size() && is_word(t[i], "WITH")) {
    if (i + 1 >= t.size() || !is_symbol(t[i + 1], "("))
      syntax_error(t, i + 1);
    std::size_t end = skip_group(t, i + 1);
    for (std::size_t k = i + 2; k + 1 < end; ++k) {
      if (t[k].kind == Token::Word && (k == i + 2 || is_symbol(t[k - 1], ",")))
        apply_hint(request, upper(t[k].text));
      if (is_symbol(t[k], "("))
        k = skip_group(t, k) - 1; // ORDER (...)
    }
    i = end;
  }
  if (i < t.size())
    syntax_error(t, i);
  return request;
}

BulkLoadPlan plan_bulk_load(const InsertBulkRequest &request, const std::vector<BulkTargetColumn> &target,
                            const std::vector<tds::BulkColumn> &stream) {
  BulkLoadPlan plan;
  std::string columns, staging_columns, values;
  bool direct = true;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const tds::BulkColumn &s = stream[i];
    const BulkTargetColumn *found = nullptr;
    for (const BulkTargetColumn &c : target)
      if (c.name == lower(s.name))
        found = &c;
    if (found == nullptr)
      throw SqlServerError(207, 16, "Invalid column name '" + s.name + "'.");
    std::string value_type = tds::bulk_value_pg_type(s.type);
    bool use_default = !request.keep_nulls && !found->default_sql.empty() && !found->identity;
    direct = direct && !use_default && found->declared && tds::bulk_value_pg_type(*found->declared) == value_type;
    std::string sep = i ? ", " : "";
    std::string staged = "c" + std::to_string(i);
    columns += sep + pg_ident(found->name);
    staging_columns += sep + staged + " " + value_type;
    // Strings are assigned, not cast, so a value too long for varchar(n) fails as on SQL Server.
    bool string_target = found->declared && tds::bulk_value_pg_type(*found->declared) == "text";
    std::string value = string_target ? staged : staged + "::" + found->backend_type;
    values += sep + (use_default ? "coalesce(" + value + ", " + found->default_sql + ")" : value);
  }
  if (direct) {
    plan.copy_sql = "COPY " + request.backend_table + " (" + columns + ") FROM STDIN (FORMAT binary)";
    return plan;
  }
  plan.staging_sql = std::string("CREATE TEMP TABLE ") + kStagingTable + " (" + staging_columns + ")";
  plan.copy_sql = std::string("COPY ") + kStagingTable + " FROM STDIN (FORMAT binary)";
  plan.insert_sql = "INSERT INTO " + request.backend_table + " (" + columns + ") SELECT " + values +
                    " FROM " + kStagingTable;
  return plan;
}

BulkLoad::BulkLoad(Backend &backend, InsertBulkRequest request)
    : backend_(backend), request_(std::move(request)) {
  auto rows = backend_.query_rows(
      "SELECT a.attname, col_description(a.attrelid, a.attnum), format_type(a.atttypid, a.atttypmod), "
      "coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity <> '' "
      "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE a.attrelid = to_regclass(" + pg_string(request_.backend_table) + ") "
      "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
  if (rows.empty())
    throw SqlServerError(208, 16, "Invalid object name '" + request_.table + "'.");
  for (const auto &row : rows) {
    BulkTargetColumn column{*row[0], std::nullopt, *row[2], *row[3], *row[4] == "t"};
    const std::string comment = row[1].value_or("");
    auto bar = comment.find('|');
    if (comment.rfind("tds:", 0) == 0 && bar != std::string::npos)
      column.declared = tds::parse_sql_type(comment.substr(4, bar - 4));
    target_.push_back(column);
  }
  for (const std::string &name : request_.columns) {
    bool known = false;
    for (const BulkTargetColumn &c : target_)
      known = known || c.name == lower(name);
    if (!known)
      throw SqlServerError(207, 16, "Invalid column name '" + name + "'.");
  }
}

BulkLoad::~BulkLoad() { abort(); }

void BulkLoad::start() {
  plan_ = plan_bulk_load(request_, target_, decoder_.columns());
  if (!plan_.staging_sql.empty()) {
    transaction_ = std::make_unique<BackendTransaction>(backend_);
    backend_.execute(std::string("DROP TABLE IF EXISTS ") + kStagingTable);
    backend_.execute(plan_.staging_sql);
  }
  backend_.copy_in_begin(plan_.copy_sql);
  copying_ = true;
  tds::put_copy_binary_header(copy_data_);
}

void BulkLoad::feed(const tds::Bytes &piece) {
  decoder_.feed(piece.data(), piece.size());
  if (!copying_) {
    if (!decoder_.read_metadata())
      return;
    start();
  }
  decoder_.take_rows(copy_data_);
  if (copy_data_.size() >= kCopyChunkBytes) {
    backend_.copy_in_send(copy_data_);
    copy_data_.clear();
  }
}

int64_t BulkLoad::finish() {
  decoder_.finish();
  tds::put_copy_binary_trailer(copy_data_);
  backend_.copy_in_send(copy_data_);
  copy_data_.clear();
  copying_ = false;
  int64_t rows = backend_.copy_in_end();
  if (!plan_.staging_sql.empty()) {
    rows = backend_.execute(plan_.insert_sql);
    backend_.execute(std::string("DROP TABLE ") + kStagingTable);
    transaction_->commit();
  }
  return rows;
}

void BulkLoad::abort() noexcept {
  if (copying_)
    backend_.copy_in_abort();
  copying_ = false;
  transaction_.reset(); // rolls back what it began
}

std::string serve_bulk_load(std::unique_ptr<BulkLoad> load, tds::Message message,
                            const std::function<bool(tds::Message &)> &next_piece, tds::TokenWriter &tokens) {
  std::optional<SqlServerError> error;
  if (!load)
    error = SqlServerError(4804, 16, "The TDS test server received bulk-load data without a preceding "
                                     "INSERT BULK statement.");
  auto fail = [&](int32_t number, uint8_t severity, const std::string &text) {
    if (!error)
      error = SqlServerError(number, severity, text);
    if (load)
      load->abort();
  };
  while (true) {
    if (message.type == tds::packet_type::kAttention) {
      if (load)
        load->abort();
      tokens.done(tds::done_status::kAttention, 0, 0);
      return "bulk load cancelled by an attention; nothing kept";
    }
    try {
      if (!error)
        load->feed(message.payload);
    } catch (const SqlServerError &e) {
      fail(e.number, e.severity, e.what());
    } catch (const tds::BulkDataError &e) {
      fail(e.number, 16, e.what());
    }
    if (message.end_of_message)
      break;
    if (!next_piece(message)) {
      if (load)
        load->abort();
      throw std::runtime_error("client connection lost during a bulk load");
    }
  }
  if (message.ignore) {
    if (load)
      load->abort();
    tokens.done(tds::done_status::kError, 0, 0);
    return "bulk load marked IGNORE by the client; nothing kept";
  }
  if (!error) {
    try {
      int64_t rows = load->finish();
      tokens.done(tds::done_status::kCount, 0, static_cast<uint64_t>(rows));
      return "bulk load: " + std::to_string(rows) + " rows into " + load->table();
    } catch (const SqlServerError &e) {
      fail(e.number, e.severity, e.what());
    } catch (const tds::BulkDataError &e) {
      fail(e.number, 16, e.what());
    }
  }
  tokens.error(error->number, 1, error->severity, error->what());
  tokens.done(tds::done_status::kError, 0, 0);
  return "bulk load failed: error " + std::to_string(error->number) + ": " + error->what();
}

} // namespace tds_server
