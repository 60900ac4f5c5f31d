#include "server/batch_variables.hpp"

#include "server/backend.hpp"

#include <algorithm>

namespace tds_server {

void BatchVariables::clear() {
  scalars_.clear();
  tables_.clear();
}

bool BatchVariables::declared(const std::string &name) const {
  return scalars_.count(name) > 0 || is_table(name);
}

const BatchVariables::Scalar *BatchVariables::scalar(const std::string &name) const {
  auto found = scalars_.find(name);
  return found == scalars_.end() ? nullptr : &found->second;
}

bool BatchVariables::is_table(const std::string &name) const {
  return std::find(tables_.begin(), tables_.end(), name) != tables_.end();
}

void BatchVariables::declare_scalar(const std::string &name, tds::ColumnType type) {
  scalars_[name] = Scalar{type, std::nullopt};
}

void BatchVariables::assign(const std::string &name, std::optional<std::string> value) {
  scalars_.at(name).value = std::move(value);
}

void BatchVariables::declare_table(const std::string &name) { tables_.push_back(name); }

std::vector<std::string> BatchVariables::drop_sql() const {
  std::vector<std::string> sql;
  for (const std::string &name : tables_)
    sql.push_back("DROP TABLE IF EXISTS " + table_variable_relation(name));
  return sql;
}

std::string table_variable_relation(const std::string &name) { return "pg_temp." + pg_ident(name); }

std::string variable_reference(const BatchVariables *variables, const std::string &name, bool table_position) {
  if (variables != nullptr && variables->is_table(name))
    return table_variable_relation(name);
  const BatchVariables::Scalar *scalar = variables != nullptr ? variables->scalar(name) : nullptr;
  if (scalar == nullptr) {
    if (table_position)
      throw SqlServerError(1087, 15, "Must declare the table variable \"" + name + "\".");
    throw SqlServerError(137, 15, "Must declare the scalar variable \"" + name + "\".");
  }
  return "CAST(" + (scalar->value ? pg_string(*scalar->value) : std::string("NULL")) + " AS " +
         tds::backend_pg_type(scalar->type) + ")";
}

namespace {

void already_declared(const BatchVariables *variables, const std::string &name) {
  if (variables != nullptr && variables->declared(name))
    throw SqlServerError(134, 15, "The variable name '" + name +
                                      "' has already been declared. Variable names must be unique "
                                      "within a query batch or stored procedure.");
}

// The end of the item starting at i: the next ',' at depth 0, or the end.
std::size_t item_end(const std::vector<Token> &t, std::size_t i) {
  int depth = 0;
  for (; i < t.size(); ++i) {
    if (is_symbol(t[i], "("))
      ++depth;
    else if (is_symbol(t[i], ")"))
      --depth;
    else if (depth == 0 && is_symbol(t[i], ","))
      break;
  }
  return i;
}

RewrittenStatement declare_table(const std::vector<Token> &t, const RewriteContext &context) {
  // DECLARE @v [AS] TABLE ( ... ): created as CREATE TABLE pg_temp.[@v] ( ... )
  auto statement = std::make_shared<VariableStatement>();
  statement->table_name = t[1].text;
  already_declared(context.variables, statement->table_name);
  std::size_t open = is_word(t[2], "AS") ? 4 : 3;
  std::vector<Token> create = {{Token::Word, "CREATE"}, {Token::Word, "TABLE"}, {Token::Word, "pg_temp"},
                               {Token::Symbol, "."}, {Token::QuotedName, statement->table_name}};
  create.insert(create.end(), t.begin() + static_cast<std::ptrdiff_t>(open), t.end());
  statement->table_create = rewrite_statement(create, context);
  RewrittenStatement result;
  result.kind = StatementKind::Declare;
  result.variables = statement;
  return result;
}

} // namespace

RewrittenStatement rewrite_variable_statement(const std::vector<Token> &t, const RewriteContext &context) {
  RewrittenStatement result;
  auto statement = std::make_shared<VariableStatement>();
  if (is_word(t[0], "SET")) {
    // SET @x = expr
    if (t.size() < 4 || !is_symbol(t[2], "="))
      syntax_error(t.size() > 2 ? t[2].text : t[1].text);
    const BatchVariables::Scalar *scalar = context.variables ? context.variables->scalar(t[1].text) : nullptr;
    if (scalar == nullptr)
      throw SqlServerError(137, 15, "Must declare the scalar variable \"" + t[1].text + "\".");
    statement->is_set = true;
    statement->scalars.push_back({t[1].text, scalar->type, rewrite_tokens(t, 3, t.size(), context)});
    result.kind = StatementKind::SetVariable;
    result.variables = statement;
    return result;
  }
  if (t.size() >= 3 && t[1].kind == Token::Variable &&
      (is_word(t[2], "TABLE") || (is_word(t[2], "AS") && t.size() >= 4 && is_word(t[3], "TABLE"))))
    return declare_table(t, context);
  // DECLARE @a type [= expr], @b type [= expr] ...
  for (std::size_t i = 1; i < t.size();) {
    std::size_t end = item_end(t, i);
    if (t[i].kind != Token::Variable || i + 1 >= end)
      syntax_error(t[i].text);
    ScalarAssignment scalar;
    scalar.name = t[i].text;
    already_declared(context.variables, scalar.name);
    std::size_t k = i + 1;
    if (is_word(t[k], "AS"))
      ++k;
    std::string declared;
    while (k < end && !is_symbol(t[k], "="))
      declared += t[k++].text;
    auto type = tds::parse_sql_type(declared);
    if (!type)
      throw SqlServerError(2715, 16, "Column, parameter, or variable #1: Cannot find data type " + declared + ".");
    scalar.type = *type;
    if (k < end)
      scalar.value_sql = rewrite_tokens(t, k + 1, end, context);
    statement->scalars.push_back(scalar);
    i = end + 1;
  }
  result.kind = StatementKind::Declare;
  result.variables = statement;
  return result;
}

void run_variable_statement(const VariableStatement &statement, Backend &backend, BatchVariables &variables) {
  if (!statement.table_name.empty()) {
    backend.execute("DROP TABLE IF EXISTS " + table_variable_relation(statement.table_name));
    backend.execute(statement.table_create.pg_sql);
    for (const std::string &sql : statement.table_create.pg_after)
      backend.execute(sql);
    variables.declare_table(statement.table_name);
    return;
  }
  for (const ScalarAssignment &scalar : statement.scalars) {
    std::optional<std::string> value;
    if (!scalar.value_sql.empty())
      value = backend.query_text("SELECT CAST((" + scalar.value_sql + ") AS " +
                                 tds::backend_pg_type(scalar.type) + ")::text");
    if (!statement.is_set)
      variables.declare_scalar(scalar.name, scalar.type);
    variables.assign(scalar.name, value);
  }
}

} // namespace tds_server
