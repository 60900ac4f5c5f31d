#include "schema_sync/schema_plan.hpp"

#include "common/ascii.hpp"
#include "common/error.hpp"
#include "sqlgen/identifier_quoting.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace mssql_upsert::schema_sync {

namespace {

// SQL Server's default collation compares names case-insensitively.
std::string folded(const std::string &name) { return ascii_lowercase(name); }

std::string remote_reference(const std::string &schema, const std::string &table) {
  return sqlgen::quote_tsql_identifier(schema, "remote schema name") + "." +
         sqlgen::quote_tsql_identifier(table, "remote table name");
}

void add_note(PlannedTable &table, const std::string &note) {
  table.note += (table.note.empty() ? "" : "; ") + note;
}

using TablesByName = std::map<std::string, const RemoteSchemaTable *>;

// The names of a tables / except_tables argument, each checked against the schema.
std::set<std::string> named_tables(const std::optional<std::vector<std::string>> &names, const char *argument,
                                   const TablesByName &by_name, const std::string &schema) {
  std::set<std::string> out;
  if (!names)
    return out;
  for (const std::string &name : *names) {
    if (by_name.count(folded(name)) == 0)
      throw Error("table \"" + name + "\" named in " + argument + " is not a table of remote schema " +
                      sqlgen::quote_tsql_identifier(schema, "remote schema name"),
                  sqlstate::kUndefinedTable, "", "Name tables as sys.tables does, without the schema.");
    out.insert(folded(name));
  }
  return out;
}

// The key a sync upserts by: the primary key, else the first unique key
// whose columns are all NOT NULL (a NULL key cannot be matched locally).
std::optional<std::vector<std::string>> sync_key(const RemoteSchemaTable &table) {
  for (const RemoteUniqueKey &key : table.keys) {
    if (key.columns.empty() ||
        std::any_of(key.columns.begin(), key.columns.end(), [](const RemoteKeyColumn &c) { return c.nullable; }))
      continue;
    std::vector<std::string> names;
    for (const RemoteKeyColumn &column : key.columns)
      names.push_back(column.name);
    return names;
  }
  return std::nullopt;
}

const char *referential_action(int action) {
  switch (action) {
  case 1:
    return "CASCADE";
  case 2:
    return "SET NULL";
  case 3:
    return "SET DEFAULT";
  default:
    return "NO ACTION";
  }
}

std::string column_list(const std::vector<std::string> &columns) {
  std::string out;
  for (const std::string &column : columns)
    out += (out.empty() ? "" : ", ") + sqlgen::quote_pg_identifier(column, "local column name");
  return "(" + out + ")";
}

// Parents before children: repeatedly the first table by name whose synced
// parents have all been placed. Tables left in a cycle follow in name order.
std::vector<std::size_t> run_order(const std::vector<PlannedTable> &tables,
                                   const std::vector<std::set<std::size_t>> &parents,
                                   std::vector<bool> &in_cycle) {
  std::vector<std::size_t> order, pending;
  for (std::size_t i = 0; i < tables.size(); ++i)
    if (tables[i].synced)
      pending.push_back(i);
  std::vector<bool> placed(tables.size(), false);
  in_cycle.assign(tables.size(), false);
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](std::size_t i) {
      return std::all_of(parents[i].begin(), parents[i].end(), [&](std::size_t p) { return placed[p]; });
    });
    if (ready == pending.end()) {
      for (std::size_t i : pending)
        in_cycle[i] = true, order.push_back(i);
      break;
    }
    placed[*ready] = true;
    order.push_back(*ready);
    pending.erase(ready);
  }
  return order;
}

void append_json_string(std::string &out, const std::string &value) {
  out += '"';
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void append_json_field(std::string &out, const char *name, const std::string &value) {
  out += out.back() == '{' ? "" : ",";
  append_json_string(out, name);
  out += ':';
  append_json_string(out, value);
}

} // namespace

SchemaPlan plan_schema_sync(const SchemaPlanRequest &request, const std::vector<RemoteSchemaTable> &remote_tables,
                            const std::vector<RemoteForeignKey> &foreign_keys) {
  if (request.sync_group.empty())
    throw Error("argument \"sync_group\" must not be NULL or empty", sqlstate::kInvalidParameterValue);
  sqlgen::check_pg_identifier(request.local_schema, "local schema name");
  TablesByName by_name;
  for (const RemoteSchemaTable &table : remote_tables)
    by_name[folded(table.name)] = &table;
  const std::set<std::string> only = named_tables(request.tables, "tables", by_name, request.remote_schema);
  const std::set<std::string> except =
      named_tables(request.except_tables, "except_tables", by_name, request.remote_schema);

  // Tables in name order; index by folded name for the foreign keys.
  std::vector<PlannedTable> tables;
  std::map<std::string, std::size_t> index_of;
  for (const auto &[key, remote] : by_name) {
    if ((request.tables && only.count(key) == 0) || except.count(key) != 0)
      continue;
    PlannedTable table;
    table.remote_table = remote->name;
    table.remote_reference = remote_reference(request.remote_schema, remote->name);
    table.local_table = sqlgen::quote_pg_identifier(request.local_schema, "local schema name") + "." +
                        sqlgen::quote_pg_identifier(remote->name, "local table name");
    table.sync_name = request.sync_group + "." + remote->name;
    if (std::optional<std::vector<std::string>> key = sync_key(*remote)) {
      table.synced = true;
      table.key_columns = *key;
    } else {
      table.note = remote->keys.empty() ? "no primary key or unique key: not synced"
                                        : "no primary key and no unique key on NOT NULL columns: not synced";
    }
    index_of[key] = tables.size();
    tables.push_back(std::move(table));
  }

  SchemaPlan plan;
  std::vector<std::set<std::size_t>> parents(tables.size());
  for (const RemoteForeignKey &fk : foreign_keys) {
    auto child = index_of.find(folded(fk.table));
    if (child == index_of.end() || !tables[child->second].synced)
      continue;
    PlannedTable &child_table = tables[child->second];
    const std::string referenced = remote_reference(fk.referenced_schema, fk.referenced_table);
    if (folded(fk.referenced_schema) != folded(request.remote_schema)) {
      add_note(child_table, "foreign key " + fk.name + " references " + referenced + " outside the schema: not created");
      continue;
    }
    auto parent = index_of.find(folded(fk.referenced_table));
    if (parent == index_of.end() || !tables[parent->second].synced) {
      add_note(child_table, "foreign key " + fk.name + " references " + referenced + ", which is not synced: not created");
      continue;
    }
    if (fk.name.size() > sqlgen::kPgMaxIdentifierBytes) {
      add_note(child_table, "foreign key " + fk.name + ": name longer than PostgreSQL's 63 bytes: not created");
      continue;
    }
    if (parent->second != child->second)
      parents[child->second].insert(parent->second);
    const std::string constraint = sqlgen::quote_pg_identifier(fk.name, "foreign key name");
    PlannedForeignKey planned;
    planned.name = fk.name;
    planned.sync_name = child_table.sync_name;
    planned.local_table = child_table.local_table;
    planned.add_sql = "ALTER TABLE " + child_table.local_table + " ADD CONSTRAINT " + constraint + " FOREIGN KEY " +
                      column_list(fk.columns) + " REFERENCES " + tables[parent->second].local_table + " " +
                      column_list(fk.referenced_columns) + " ON DELETE " + referential_action(fk.delete_action) +
                      " ON UPDATE " + referential_action(fk.update_action) + " NOT VALID";
    planned.validate_sql = "ALTER TABLE " + child_table.local_table + " VALIDATE CONSTRAINT " + constraint;
    plan.foreign_keys.push_back(std::move(planned));
  }

  std::vector<bool> in_cycle;
  int position = 0;
  for (std::size_t i : run_order(tables, parents, in_cycle)) {
    tables[i].position = ++position;
    if (in_cycle[i])
      add_note(tables[i], "in a foreign key cycle: runs in name order with the others of the cycle");
    plan.tables.push_back(tables[i]);
  }
  for (const PlannedTable &table : tables)
    if (!table.synced)
      plan.tables.push_back(table);
  return plan;
}

std::string schema_plan_json(const SchemaPlan &plan) {
  std::string out = "{\"tables\":[";
  for (std::size_t t = 0; t < plan.tables.size(); ++t) {
    const PlannedTable &table = plan.tables[t];
    out += t ? ",{" : "{";
    append_json_field(out, "remote_table", table.remote_table);
    append_json_field(out, "remote_reference", table.remote_reference);
    append_json_field(out, "local_table", table.local_table);
    append_json_field(out, "sync_name", table.sync_name);
    out += ",\"synced\":" + std::string(table.synced ? "true" : "false");
    out += ",\"position\":" + std::to_string(table.position);
    out += ",\"key_columns\":[";
    for (std::size_t k = 0; k < table.key_columns.size(); ++k) {
      out += k ? "," : "";
      append_json_string(out, table.key_columns[k]);
    }
    out += "]";
    append_json_field(out, "note", table.note);
    out += "}";
  }
  out += "],\"foreign_keys\":[";
  for (std::size_t f = 0; f < plan.foreign_keys.size(); ++f) {
    const PlannedForeignKey &fk = plan.foreign_keys[f];
    out += f ? ",{" : "{";
    append_json_field(out, "name", fk.name);
    append_json_field(out, "sync_name", fk.sync_name);
    append_json_field(out, "local_table", fk.local_table);
    append_json_field(out, "add_sql", fk.add_sql);
    append_json_field(out, "validate_sql", fk.validate_sql);
    out += "}";
  }
  return out + "]}";
}

} // namespace mssql_upsert::schema_sync
