#include "server/identity_insert.hpp"

#include "server/backend.hpp"

namespace tds_server {

std::string identity_column_sql(const std::vector<Token> &element, std::size_t &k) {
  ++k; // IDENTITY
  std::string seed = "1", increment = "1";
  if (k < element.size() && is_symbol(element[k], "(")) {
    std::string *part = &seed;
    seed.clear();
    increment.clear();
    for (++k; k < element.size() && !is_symbol(element[k], ")"); ++k) {
      if (is_symbol(element[k], ","))
        part = &increment;
      else if (element[k].kind == Token::Number || is_symbol(element[k], "-"))
        *part += element[k].text;
      else
        syntax_error(element[k].text);
    }
    if (k >= element.size() || seed.empty() || increment.empty() || increment == "0")
      syntax_error("IDENTITY");
    ++k; // ")"
  }
  std::string sql = " GENERATED ALWAYS AS IDENTITY (START WITH " + seed + " INCREMENT BY " + increment;
  if (increment[0] == '-')
    sql += " MAXVALUE " + seed;
  else if (seed[0] == '-' || seed == "0")
    sql += " MINVALUE " + seed;
  return sql + ")";
}

RewrittenStatement rewrite_identity_insert(const std::vector<Token> &t) {
  std::size_t i = 2;
  auto table = parse_object_name(t, i);
  if (!table || i + 1 != t.size() || !(is_word(t[i], "ON") || is_word(t[i], "OFF")))
    syntax_error(i < t.size() ? t[i].text : "IDENTITY_INSERT");
  auto request = std::make_shared<IdentityInsertRequest>();
  request->table = *table;
  request->on = is_word(t[i], "ON");
  RewrittenStatement result;
  result.kind = StatementKind::IdentityInsert;
  result.identity = request;
  return result;
}

bool identity_insert_on(const RewriteContext &context, const ObjectName &table) {
  return context.identity_insert != nullptr && context.identity_insert->table.key() == table.key();
}

std::string rewrite_insert(const std::vector<Token> &t, const RewriteContext &context, std::string &object) {
  std::size_t i = 1;
  if (i < t.size() && is_word(t[i], "INTO"))
    ++i;
  auto table = parse_object_name(t, i);
  if (!table)
    return rewrite_tokens(t, 0, t.size(), context);
  object = table->name;
  if (!identity_insert_on(context, *table))
    return rewrite_tokens(t, 0, t.size(), context);
  if (i >= t.size() || !is_symbol(t[i], "("))
    throw SqlServerError(8101, 16, "An explicit value for the identity column in table '" + table->name +
                                       "' can only be specified when a column list is used and "
                                       "IDENTITY_INSERT is ON.");
  int depth = 0;
  std::size_t close = i;
  for (; close < t.size(); ++close) {
    if (is_symbol(t[close], "("))
      ++depth;
    else if (is_symbol(t[close], ")") && --depth == 0)
      break;
  }
  return rewrite_tokens(t, 0, close + 1, context) + " OVERRIDING SYSTEM VALUE " +
         rewrite_tokens(t, close + 1, t.size(), context);
}

void apply_identity_insert(const IdentityInsertRequest &request, Backend &backend,
                           std::optional<IdentityInsertState> &state, const std::string &database) {
  const std::string relation = pg_string(request.table.pg());
  if (!backend.query_bool("SELECT to_regclass(" + relation + ") IS NOT NULL"))
    throw SqlServerError(1088, 16, "Cannot find the object \"" + request.table.name +
                                       "\" because it does not exist or you do not have permissions.");
  auto column = backend.query_text("SELECT attname FROM pg_attribute WHERE attrelid = " + relation +
                                   "::regclass AND attnum > 0 AND NOT attisdropped AND attidentity <> ''");
  if (!column)
    throw SqlServerError(8106, 16, "Table '" + request.table.name +
                                       "' does not have the identity property. Cannot perform SET operation.");
  if (!request.on) {
    if (state && state->table.key() == request.table.key())
      state.reset();
    return;
  }
  if (state && state->table.key() != request.table.key())
    throw SqlServerError(8107, 16, "IDENTITY_INSERT is already ON for table '" + database + "." +
                                       state->table.schema + "." + state->table.name +
                                       "'. Cannot perform SET operation for table '" + request.table.name + "'.");
  state = IdentityInsertState{request.table, *column};
}

std::string identity_reseed_sql(const IdentityInsertState &state) {
  const std::string relation = state.table.pg(), column = pg_ident(state.column);
  return "SELECT setval(s.seq, m.v) FROM (SELECT pg_get_serial_sequence(" + pg_string(relation) + ", " +
         pg_string(state.column) + ")::regclass AS seq) AS s, (SELECT max(" + column + ") AS v FROM " +
         relation + ") AS m WHERE m.v IS NOT NULL AND m.v > coalesce(pg_sequence_last_value(s.seq), "
         "(SELECT seqstart - seqincrement FROM pg_sequence WHERE seqrelid = s.seq))";
}

} // namespace tds_server
