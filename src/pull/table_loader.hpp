// Inserts rows straight into a local table the way COPY FROM does: values cast
// to the column types, defaults for the columns not given, stored generated
// columns computed, NOT NULL and CHECK constraints checked (ExecConstraints),
// table_multi_insert in batches with one BulkInsertState (one WAL-logged heap
// insert per row, no wal_level tricks) and every index updated
// (ExecInsertIndexTuples). What COPY does besides (triggers, partition
// routing) is not done: direct_load_obstacle() names the tables that need it,
// and those are merged instead.
#pragma once

#include "pg/pg_headers.hpp"

extern "C" {
#include "access/attnum.h"
#include "access/heapam.h"
#include "executor/tuptable.h"
#include "nodes/execnodes.h"
}

#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace mssql_upsert::pull {

// Why rows cannot go into the table directly ("it has triggers", "it is
// partitioned", "it has rules", "row-level security is enabled on it"), or
// nullopt when they can.
std::optional<std::string> direct_load_obstacle(Oid relid);

struct LoadColumn {
  AttrNumber attnum; // the local column a source value fills
  Oid source_type;   // the source value's type
};

// A unique violation of the key's own index (key_attnums), raised by index
// insertion: the key as text (output functions, in key_attnums order) and the
// index's name.
struct LoadedKeyConflict : std::exception {
  std::vector<std::optional<std::string>> key;
  std::string index_name;
  const char *what() const noexcept override { return "duplicate key in a direct load"; }
};

class TableLoader {
public:
  // Opens relid (already locked RowExclusiveLock by the caller). A row given to
  // convert() has one value per column, in columns order, of its source_type.
  TableLoader(Oid relid, const std::vector<LoadColumn> &columns,
              const std::vector<AttrNumber> &key_attnums);
  TableLoader(const TableLoader &) = delete;
  TableLoader &operator=(const TableLoader &) = delete;

  // Forgets the converted values of the previous chunk (all flushed by then).
  void begin_chunk();
  // Builds the next row in the table's column order (tuple descriptor
  // positions, dropped columns NULL) and returns its values: the arrays until
  // the next convert(), the by-reference values they hold until the next
  // begin_chunk(). The source values must stay valid until flush().
  struct Row {
    const Datum *values;
    const bool *nulls;
  };
  Row convert(const Datum *values, const bool *nulls);
  // Adds the row convert() built: generated columns, constraints, then the
  // batch (written when full).
  void insert_converted();
  // Writes the buffered rows and their index entries. Throws LoadedKeyConflict
  // for a duplicate of the key; any other error as pg::PgError.
  void flush();
  // Flushes and releases the relation, indexes and executor state; must be
  // called on success (after an error, the transaction's abort releases them).
  void close();

private:
  // How one column of the table gets its value in a row.
  struct ColumnFill {
    // Copied from this source value, or evaluated (a cast of a source value,
    // or the column's default), else NULL.
    int source = -1;
    ExprState *expression = nullptr;
  };
  static constexpr int kBatchRows = 1000; // as COPY's MAX_BUFFERED_TUPLES
  void write_batch();
  std::vector<std::optional<std::string>> key_text(TupleTableSlot *slot) const;

  Relation rel_ = nullptr;
  EState *estate_ = nullptr;
  ResultRelInfo *result_rel_ = nullptr;
  ExprContext *convert_context_ = nullptr; // converted values: until begin_chunk()
  TupleTableSlot *source_slot_ = nullptr;  // what casts read (as Vars of scan tuple)
  bool casts_read_source_ = false;
  int source_columns_ = 0;
  std::vector<ColumnFill> fills_; // one per tuple descriptor attribute
  std::vector<AttrNumber> key_attnums_;
  std::vector<std::string> key_index_names_; // unique indexes on exactly the key columns
  BulkInsertState bulk_state_ = nullptr;
  CommandId command_id_ = 0;
  std::vector<TupleTableSlot *> slots_;
  int buffered_ = 0;
  int writing_ = 0; // the slot whose index entries are being inserted
};

} // namespace mssql_upsert::pull
