#include "server/merge_rewriter.hpp"

#include "server/batch_variables.hpp"
#include "server/identity_insert.hpp"

#include <algorithm>

namespace tds_server {

namespace {

struct Clause {
  enum When { Matched, NotMatchedByTarget, NotMatchedBySource } when;
  std::string condition = "TRUE";
  enum Action { Update, Delete, Insert } action;
  std::string set_list;       // Update
  std::string insert_columns; // Insert: "(a, b)" or ""
  std::string insert_select;  // Insert: select list ("" = DEFAULT VALUES)
};

// Scans from i to the first token at paren depth 0 and outside CASE ... END for
// which stop() holds; returns its index (or tokens.size()).
template <typename Stop>
std::size_t scan_to(const std::vector<Token> &t, std::size_t i, Stop stop) {
  int depth = 0, cases = 0;
  for (; i < t.size(); ++i) {
    if (depth == 0 && cases == 0 && stop(t[i]))
      return i;
    if (is_symbol(t[i], "("))
      ++depth;
    else if (is_symbol(t[i], ")"))
      --depth;
    else if (is_word(t[i], "CASE"))
      ++cases;
    else if (is_word(t[i], "END"))
      --cases;
  }
  return i;
}

std::size_t matching_paren(const std::vector<Token> &t, std::size_t open) {
  std::size_t close = scan_to(t, open + 1, [](const Token &x) { return is_symbol(x, ")"); });
  if (close >= t.size())
    syntax_error("(");
  return close;
}

void expect(const std::vector<Token> &t, std::size_t i, const char *word) {
  if (i >= t.size() || !is_word(t[i], word))
    syntax_error(i < t.size() ? t[i].text : word);
}

bool is_alias(const Token &t) {
  static const char *not_aliases[] = {"USING", "ON", "WITH", "WHEN", "OUTPUT", "AS"};
  if (t.kind == Token::QuotedName)
    return true;
  if (t.kind != Token::Word)
    return false;
  for (const char *word : not_aliases)
    if (is_word(t, word))
      return false;
  return true;
}

// [AS] alias at t[i]; "" when none.
std::string parse_alias(const std::vector<Token> &t, std::size_t &i) {
  if (i < t.size() && is_word(t[i], "AS")) {
    ++i;
    if (i >= t.size() || !is_alias(t[i]))
      syntax_error(i < t.size() ? t[i].text : "AS");
  }
  return i < t.size() && is_alias(t[i]) ? t[i++].text : "";
}

// A derived table: its column aliases fold to lower case like every other name
// the backend sees, so "s.Id" finds "SELECT 1 AS Id".
std::string derived_table_sql(std::vector<Token> inner, const RewriteContext &context) {
  for (std::size_t k = 1; k < inner.size(); ++k)
    if (is_word(inner[k - 1], "AS") && (inner[k].kind == Token::Word || inner[k].kind == Token::QuotedName))
      std::transform(inner[k].text.begin(), inner[k].text.end(), inner[k].text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string limit;
  std::string sql = rewrite_tokens(inner, 0, inner.size(), context, &limit);
  return limit.empty() ? sql : sql + " LIMIT " + limit;
}

bool clause_end(const Token &x) { return is_word(x, "WHEN") || is_word(x, "OUTPUT") || is_word(x, "OPTION"); }

// "$action" -> the action column of "__o".
std::vector<Token> with_action_column(const std::vector<Token> &t, std::size_t from, std::size_t to) {
  std::vector<Token> out;
  for (std::size_t i = from; i < to; ++i) {
    if (is_symbol(t[i], "$") && i + 1 < to && is_word(t[i + 1], "ACTION")) {
      out.push_back({Token::QuotedName, "__action"});
      ++i;
    } else {
      out.push_back(t[i]);
    }
  }
  return out;
}

MergeOutputItem output_item(const std::vector<Token> &t, std::size_t from, std::size_t to,
                            const RewriteContext &context) {
  MergeOutputItem item;
  std::size_t n = to - from;
  if (n == 3 && (is_word(t[from], "INSERTED") || is_word(t[from], "DELETED")) && is_symbol(t[from + 1], ".") &&
      is_symbol(t[from + 2], "*")) {
    item.star = is_word(t[from], "INSERTED") ? "inserted" : "deleted";
    return item;
  }
  std::size_t end = to;
  if (n >= 3 && is_word(t[to - 2], "AS")) {
    item.name = t[to - 1].text;
    end = to - 2;
  } else if (n == 2 && is_symbol(t[from], "$")) {
    item.name = "$action";
  } else if (n >= 3 && is_symbol(t[to - 2], ".")) {
    item.name = t[to - 1].text;
  }
  std::vector<Token> tokens = with_action_column(t, from, end);
  item.sql = rewrite_tokens(tokens, 0, tokens.size(), context);
  return item;
}

std::string join_items(const MergePlan &plan, const std::vector<MergeTargetColumn> *columns, bool aliased) {
  std::string out;
  int n = 0;
  auto add = [&](const std::string &sql) {
    out += (out.empty() ? "" : ", ") + sql;
    if (aliased)
      out += " AS \"c" + std::to_string(n) + "\"";
    ++n;
  };
  for (const MergeOutputItem &item : plan.output_items) {
    if (item.star.empty())
      add(item.sql);
    else if (columns == nullptr)
      add(pg_ident(item.star) + ".*");
    else
      for (const MergeTargetColumn &c : *columns)
        add(pg_ident(item.star) + "." + pg_ident(c.pg_name));
  }
  return out;
}

} // namespace

std::string merge_count_sql(const MergePlan &plan) {
  return plan.with_sql + " SELECT count(*) FROM \"__o\"";
}

std::string merge_into_sql(const MergePlan &plan) {
  return plan.with_sql + " " + plan.into_sql + " SELECT " + join_items(plan, nullptr, false) + " " + plan.output_from;
}

std::string merge_output_table_sql(const MergePlan &plan, const std::vector<MergeTargetColumn> &columns) {
  return std::string("CREATE TEMP TABLE ") + kMergeOutputRelation + " AS " + plan.with_sql + " SELECT " +
         join_items(plan, &columns, true) + " " + plan.output_from;
}

std::string merge_output_select_sql(const MergePlan &plan, const std::vector<MergeTargetColumn> &columns) {
  std::string out;
  int n = 0;
  auto add = [&](const std::string &name) {
    out += std::string(out.empty() ? "SELECT " : ", ") + "\"c" + std::to_string(n++) + "\" AS \"" +
           kSpelledAlias;
    for (char c : name)
      out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += "\"";
  };
  for (const MergeOutputItem &item : plan.output_items) {
    if (item.star.empty())
      add(item.name);
    else
      for (const MergeTargetColumn &c : columns)
        add(c.name);
  }
  return out + " FROM " + kMergeOutputRelation;
}

RewrittenStatement rewrite_merge(const std::vector<Token> &t, const RewriteContext &context) {
  auto plan = std::make_shared<MergePlan>();
  std::size_t i = 1;
  if (i < t.size() && is_word(t[i], "TOP"))
    throw SqlServerError(102, 15, "Incorrect syntax near 'TOP'. (The TDS test server does not support MERGE TOP.)");
  if (i < t.size() && is_word(t[i], "INTO"))
    ++i;
  auto target = parse_object_name(t, i);
  if (!target)
    syntax_error(i < t.size() ? t[i].text : "MERGE");
  plan->target = *target;
  if (i < t.size() && is_word(t[i], "WITH")) {
    if (i + 1 >= t.size() || !is_symbol(t[i + 1], "("))
      syntax_error("WITH");
    std::size_t close = matching_paren(t, i + 1);
    for (std::size_t k = i + 2; k < close; ++k)
      if (is_word(t[k], "TABLOCK") || is_word(t[k], "TABLOCKX"))
        plan->tablock = true;
    i = close + 1;
  }
  std::string target_alias = parse_alias(t, i);
  const std::string ta = pg_ident(target_alias.empty() ? target->name : target_alias);
  const std::string target_rel = target->pg();

  // USING source [AS] alias [(columns)]
  expect(t, i, "USING");
  ++i;
  std::string source_sql, default_alias;
  if (i < t.size() && is_symbol(t[i], "(")) {
    std::size_t close = matching_paren(t, i);
    std::vector<Token> inner(t.begin() + static_cast<std::ptrdiff_t>(i + 1), t.begin() + static_cast<std::ptrdiff_t>(close));
    if (inner.empty())
      syntax_error(")");
    source_sql = "(" + derived_table_sql(inner, context) + ")";
    i = close + 1;
  } else if (i < t.size() && t[i].kind == Token::Variable) {
    source_sql = variable_reference(context.variables, t[i].text, true);
    default_alias = t[i].text;
    ++i;
  } else {
    auto source = parse_object_name(t, i);
    if (!source)
      syntax_error(i < t.size() ? t[i].text : "USING");
    source_sql = source->pg();
    default_alias = source->name; // "table.column" references name the table
  }
  std::string source_alias = parse_alias(t, i);
  if (source_alias.empty() && default_alias.empty())
    syntax_error("ON"); // a derived table needs an alias
  if (source_alias.empty())
    source_alias = default_alias;
  const std::string sa = pg_ident(source_alias);
  std::string source_columns;
  if (i < t.size() && is_symbol(t[i], "(")) {
    std::size_t close = matching_paren(t, i);
    source_columns = rewrite_tokens(t, i, close + 1, context);
    i = close + 1;
  }

  // ON condition
  expect(t, i, "ON");
  std::size_t on_end = scan_to(t, i + 1, [](const Token &x) { return is_word(x, "WHEN"); });
  if (on_end == i + 1)
    syntax_error("WHEN");
  const std::string on_sql = rewrite_tokens(t, i + 1, on_end, context);
  i = on_end;

  // WHEN clauses
  std::vector<Clause> clauses;
  while (i < t.size() && is_word(t[i], "WHEN")) {
    Clause clause{};
    ++i;
    if (i < t.size() && is_word(t[i], "MATCHED")) {
      clause.when = Clause::Matched;
      ++i;
    } else if (i + 1 < t.size() && is_word(t[i], "NOT") && is_word(t[i + 1], "MATCHED")) {
      i += 2;
      clause.when = Clause::NotMatchedByTarget;
      if (i + 1 < t.size() && is_word(t[i], "BY")) {
        if (is_word(t[i + 1], "SOURCE"))
          clause.when = Clause::NotMatchedBySource;
        else if (!is_word(t[i + 1], "TARGET"))
          syntax_error(t[i + 1].text);
        i += 2;
      }
    } else {
      syntax_error(i < t.size() ? t[i].text : "WHEN");
    }
    if (i < t.size() && is_word(t[i], "AND")) {
      std::size_t then = scan_to(t, i + 1, [](const Token &x) { return is_word(x, "THEN"); });
      clause.condition = rewrite_tokens(t, i + 1, then, context);
      i = then;
    }
    expect(t, i, "THEN");
    ++i;
    std::size_t end = scan_to(t, i, clause_end);
    if (i < t.size() && is_word(t[i], "UPDATE") && clause.when != Clause::NotMatchedByTarget) {
      clause.action = Clause::Update;
      expect(t, i + 1, "SET");
      // SET col = expr, ... (a column may be written target.col)
      for (std::size_t k = i + 2; k < end;) {
        std::size_t item = scan_to(t, k, [](const Token &x) { return is_symbol(x, ","); });
        item = std::min(item, end);
        std::size_t eq = scan_to(t, k, [](const Token &x) { return is_symbol(x, "="); });
        if (eq >= item || eq == k)
          syntax_error(t[k].text);
        clause.set_list += (clause.set_list.empty() ? "" : ", ") + pg_ident(t[eq - 1].text) + " = " +
                           rewrite_tokens(t, eq + 1, item, context);
        k = item + 1;
      }
      if (clause.set_list.empty())
        syntax_error("SET");
    } else if (i < t.size() && is_word(t[i], "DELETE") && clause.when != Clause::NotMatchedByTarget) {
      clause.action = Clause::Delete;
      if (end != i + 1)
        syntax_error(t[i + 1].text);
    } else if (i < t.size() && is_word(t[i], "INSERT") && clause.when == Clause::NotMatchedByTarget) {
      clause.action = Clause::Insert;
      std::size_t k = i + 1;
      if (k < end && is_symbol(t[k], "(")) {
        std::size_t close = matching_paren(t, k);
        clause.insert_columns = rewrite_tokens(t, k, close + 1, context);
        k = close + 1;
      }
      if (k + 1 < end && is_word(t[k], "DEFAULT") && is_word(t[k + 1], "VALUES")) {
        if (k + 2 != end)
          syntax_error(t[k + 2].text);
      } else {
        expect(t, k, "VALUES");
        if (k + 1 >= end || !is_symbol(t[k + 1], "(") || matching_paren(t, k + 1) + 1 != end)
          syntax_error(k + 1 < t.size() ? t[k + 1].text : "VALUES");
        clause.insert_select = rewrite_tokens(t, k + 2, end - 1, context);
      }
    } else {
      syntax_error(i < t.size() ? t[i].text : "THEN");
    }
    clauses.push_back(clause);
    i = end;
  }
  auto count = [&](Clause::When when) {
    return std::count_if(clauses.begin(), clauses.end(), [&](const Clause &c) { return c.when == when; });
  };
  if (clauses.empty())
    syntax_error(i < t.size() ? t[i].text : "ON");
  if (count(Clause::Matched) > 2 || count(Clause::NotMatchedBySource) > 2 || count(Clause::NotMatchedByTarget) > 1)
    throw SqlServerError(10714, 15, "An action of type 'WHEN MATCHED' cannot appear more than once in a "
                                    "'UPDATE' clause of a MERGE statement.");

  // OUTPUT items [INTO dest [(columns)]]
  if (i < t.size() && is_word(t[i], "OUTPUT")) {
    std::size_t k = i + 1;
    std::size_t items_end = scan_to(t, k, [](const Token &x) { return is_word(x, "INTO"); });
    while (k < items_end) {
      std::size_t item = std::min(items_end, scan_to(t, k, [](const Token &x) { return is_symbol(x, ","); }));
      if (item == k)
        syntax_error(t[k].text);
      plan->output_items.push_back(output_item(t, k, item, context));
      k = item + 1;
    }
    if (plan->output_items.empty())
      syntax_error("OUTPUT");
    plan->output = MergePlan::Output::ResultSet;
    i = items_end;
    if (i < t.size()) { // INTO
      ++i;
      std::string dest;
      if (i < t.size() && t[i].kind == Token::Variable) {
        dest = variable_reference(context.variables, t[i].text, true);
        ++i;
      } else if (auto table = parse_object_name(t, i)) {
        dest = table->pg();
      } else {
        syntax_error(i < t.size() ? t[i].text : "INTO");
      }
      plan->into_sql = "INSERT INTO " + dest;
      if (i < t.size() && is_symbol(t[i], "(")) {
        std::size_t close = matching_paren(t, i);
        plan->into_sql += " " + rewrite_tokens(t, i, close + 1, context);
        i = close + 1;
      }
      plan->output = MergePlan::Output::Into;
    }
  }
  if (i < t.size())
    syntax_error(t[i].text);

  // The backend statement.
  plan->identity_insert = identity_insert_on(context, *target);
  plan->lock_sql = "LOCK TABLE ONLY " + target_rel + " IN " +
                   (plan->tablock ? "EXCLUSIVE" : "SHARE ROW EXCLUSIVE") + " MODE";
  bool by_target = count(Clause::NotMatchedByTarget) > 0, by_source = count(Clause::NotMatchedBySource) > 0;
  const char *join = by_target && by_source ? "FULL JOIN" : by_target ? "RIGHT JOIN" : by_source ? "LEFT JOIN" : "JOIN";
  auto choose = [&](Clause::When when) {
    std::string sql;
    for (std::size_t k = 0; k < clauses.size(); ++k)
      if (clauses[k].when == when)
        sql += " WHEN " + clauses[k].condition + " THEN " + std::to_string(k + 1);
    return sql.empty() ? std::string("NULL") : "CASE" + sql + " END";
  };
  const std::string row_type = target_rel;
  std::string with = "WITH \"__s\" AS MATERIALIZED (SELECT \"__src\".*, row_number() OVER () AS \"__srow\" FROM " +
                     source_sql + " AS \"__src\"" + source_columns + "), \"__m\" AS MATERIALIZED (SELECT " + ta +
                     ".ctid AS \"__tid\", " + sa + ".\"__srow\" AS \"__srow\", CASE WHEN " + ta +
                     ".ctid IS NULL THEN NULL ELSE ROW(" + ta + ".*)::" + row_type + " END AS \"__old\", CASE WHEN " +
                     ta + ".ctid IS NOT NULL AND " + sa + ".\"__srow\" IS NOT NULL THEN " + choose(Clause::Matched) +
                     " WHEN " + sa + ".\"__srow\" IS NOT NULL THEN " + choose(Clause::NotMatchedByTarget) + " ELSE " +
                     choose(Clause::NotMatchedBySource) + " END AS \"__clause\" FROM ONLY " + target_rel + " AS " + ta +
                     " " + join + " \"__s\" AS " + sa + " ON (" + on_sql + "))";
  if (count(Clause::Matched) > 0)
    plan->check_sql = with + " SELECT EXISTS (SELECT 1 FROM \"__m\" WHERE \"__tid\" IS NOT NULL AND \"__srow\" IS "
                             "NOT NULL AND \"__clause\" IS NOT NULL GROUP BY \"__tid\" HAVING count(*) > 1)";
  std::string actions;
  for (std::size_t k = 0; k < clauses.size(); ++k) {
    const Clause &c = clauses[k];
    const std::string name = "\"__a" + std::to_string(k + 1) + "\"";
    const std::string chosen = "\"__m\".\"__clause\" = " + std::to_string(k + 1);
    const std::string new_row = "ROW(" + ta + ".*)::" + row_type, no_row = "NULL::" + row_type;
    with += ", " + name + " AS (";
    if (c.action == Clause::Update)
      with += "UPDATE " + target_rel + " AS " + ta + " SET " + c.set_list + " FROM \"__m\" LEFT JOIN \"__s\" AS " + sa +
              " ON " + sa + ".\"__srow\" = \"__m\".\"__srow\" WHERE " + ta + ".ctid = \"__m\".\"__tid\" AND " + chosen +
              " RETURNING 'UPDATE'::varchar(10) AS \"__action\", " + new_row + " AS \"__ins\", \"__m\".\"__old\" AS \"__del\"";
    else if (c.action == Clause::Delete)
      with += "DELETE FROM " + target_rel + " AS " + ta + " USING \"__m\" WHERE " + ta + ".ctid = \"__m\".\"__tid\" AND " +
              chosen + " RETURNING 'DELETE'::varchar(10) AS \"__action\", " + no_row + " AS \"__ins\", \"__m\".\"__old\" AS \"__del\"";
    else
      with += "INSERT INTO " + target_rel + " AS " + ta + " " + c.insert_columns +
              (plan->identity_insert ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + c.insert_select +
              " FROM \"__m\" JOIN \"__s\" AS " + sa + " ON " + sa + ".\"__srow\" = \"__m\".\"__srow\" WHERE " + chosen +
              " RETURNING 'INSERT'::varchar(10) AS \"__action\", " + new_row + " AS \"__ins\", " + no_row + " AS \"__del\"";
    with += ")";
    actions += std::string(actions.empty() ? "" : " UNION ALL ") + "SELECT * FROM " + name;
  }
  plan->with_sql = with + ", \"__o\" AS (" + actions + ")";
  plan->output_from = "FROM \"__o\" CROSS JOIN LATERAL (SELECT (\"__o\".\"__ins\").*) AS \"inserted\" CROSS JOIN "
                      "LATERAL (SELECT (\"__o\".\"__del\").*) AS \"deleted\"";

  RewrittenStatement result;
  result.kind = StatementKind::Merge;
  result.cur_cmd = 0x117; // not in [MS-TDS]'s table; what SQL Server sends for MERGE is unconfirmed
  result.merge = plan;
  result.error_object = target->name;
  return result;
}

} // namespace tds_server
