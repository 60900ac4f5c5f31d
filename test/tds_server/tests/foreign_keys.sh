#!/usr/bin/env bash
# CREATE SCHEMA / DROP SCHEMA, column and table REFERENCES / FOREIGN KEY
# (named, self-referencing, composite, with referential actions) and the
# catalog that describes them as SQL Server does: sys.foreign_keys,
# sys.foreign_key_columns, INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS.
source "$(dirname "$0")/../../integration/lib.sh"
require_mssql
[[ "${MSSQL_IS_TEST_SERVER:-0}" == 1 ]] || skip_all "tests of the TDS test server itself"
mssql_err() { mssql "$@" 2>&1; }

for t in "[Fk Lines]" FkOrders FkNodes FkCustomers; do
  mssql "IF OBJECT_ID('[FkShop].$t') IS NOT NULL DROP TABLE [FkShop].$t" >/dev/null 2>&1
done
mssql "DROP SCHEMA IF EXISTS FkShop" >/dev/null
is "$(mssql_err "CREATE SCHEMA FkShop AUTHORIZATION dbo")" "" "CREATE SCHEMA ... AUTHORIZATION is accepted"
is "$(mssql "SELECT name FROM sys.schemas WHERE schema_id = SCHEMA_ID('fkshop')")" "FkShop" \
   "sys.schemas: the schema's declared name, found case-insensitively"
like "$(mssql_err "CREATE SCHEMA fkshop")" "2714.*There is already an object named 'fkshop'" \
   "CREATE SCHEMA of an existing schema: error 2714"

mssql "CREATE TABLE FkShop.FkCustomers (Region char(2) NOT NULL, No int NOT NULL, Name nvarchar(20),
  CONSTRAINT PK_FkCustomers PRIMARY KEY (Region, No))" >/dev/null
is "$(mssql_err "CREATE TABLE FkShop.FkOrders (Id int NOT NULL PRIMARY KEY, Region char(2) NOT NULL, CustNo int NOT NULL,
  Code varchar(10) NOT NULL UNIQUE,
  CONSTRAINT FK_Orders_Customers FOREIGN KEY (Region, CustNo) REFERENCES FkShop.FkCustomers (Region, No) ON DELETE CASCADE)")" "" \
   "table FOREIGN KEY, composite, named, ON DELETE CASCADE"
is "$(mssql_err "CREATE TABLE FkShop.[Fk Lines] ([Order Id] int NOT NULL CONSTRAINT [FK Lines Order] REFERENCES FkShop.FkOrders (Id)
  ON UPDATE NO ACTION NOT FOR REPLICATION, [Line]]No] int NOT NULL, OrderCode varchar(10) FOREIGN KEY REFERENCES FkShop.FkOrders (Code) ON DELETE SET NULL,
  PRIMARY KEY ([Order Id], [Line]]No]))")" "" "column REFERENCES, named and unnamed, NOT FOR REPLICATION, ON DELETE SET NULL"
is "$(mssql_err "CREATE TABLE FkShop.FkNodes (Id int NOT NULL PRIMARY KEY, Parent int NULL REFERENCES FkShop.FkNodes)")" "" \
   "a self-referencing REFERENCES without a column list (the primary key)"

is "$(mssql "SELECT f.name, OBJECT_NAME(f.parent_object_id), OBJECT_NAME(f.referenced_object_id), f.type, f.type_desc,
  f.delete_referential_action, f.delete_referential_action_desc, f.update_referential_action_desc, f.is_system_named, f.is_disabled, f.is_not_trusted
  FROM sys.foreign_keys f WHERE f.schema_id = SCHEMA_ID('FkShop') AND f.is_system_named = 0 ORDER BY f.name")" \
   "$(printf '%s\n' $'FK Lines Order\tFk Lines\tFkOrders\tF \tFOREIGN_KEY_CONSTRAINT\t0\tNO_ACTION\tNO_ACTION\tFalse\tFalse\tFalse' \
      $'FK_Orders_Customers\tFkOrders\tFkCustomers\tF \tFOREIGN_KEY_CONSTRAINT\t1\tCASCADE\tNO_ACTION\tFalse\tFalse\tFalse')" \
   "sys.foreign_keys: declared names, tables, types and referential actions"
is "$(mssql "SELECT OBJECT_NAME(parent_object_id), delete_referential_action, delete_referential_action_desc, is_system_named
  FROM sys.foreign_keys WHERE schema_id = SCHEMA_ID('FkShop') AND is_system_named = 1 ORDER BY 1")" \
   $'Fk Lines\t2\tSET_NULL\tTrue\nFkNodes\t0\tNO_ACTION\tTrue' "sys.foreign_keys: unnamed keys are system-named; SET NULL is 2"
is "$(mssql "SELECT i.name FROM sys.foreign_keys f JOIN sys.indexes i ON i.object_id = f.referenced_object_id AND i.index_id = f.key_index_id
  WHERE f.name = 'FK_Orders_Customers'")" "PK_FkCustomers" "sys.foreign_keys.key_index_id: the referenced key's index"
is "$(mssql "SELECT fc.constraint_column_id, pc.name, rc.name FROM sys.foreign_key_columns fc
  JOIN sys.foreign_keys f ON f.object_id = fc.constraint_object_id
  JOIN sys.columns pc ON pc.object_id = fc.parent_object_id AND pc.column_id = fc.parent_column_id
  JOIN sys.columns rc ON rc.object_id = fc.referenced_object_id AND rc.column_id = fc.referenced_column_id
  WHERE f.name = 'FK_Orders_Customers' ORDER BY fc.constraint_column_id")" $'1\tRegion\tRegion\n2\tCustNo\tNo' \
   "sys.foreign_key_columns: the column pairs in key order"
is "$(mssql "SELECT COUNT(*) FROM sys.foreign_key_columns fc JOIN sys.foreign_keys f ON f.object_id = fc.constraint_object_id
  WHERE f.parent_object_id = OBJECT_ID('FkShop.FkNodes') AND fc.parent_object_id = fc.referenced_object_id AND fc.referenced_column_id = 1")" "1" \
   "sys.foreign_key_columns: the self-reference points at the table's own key"
is "$(mssql "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, UNIQUE_CONSTRAINT_SCHEMA, UNIQUE_CONSTRAINT_NAME, MATCH_OPTION, UPDATE_RULE, DELETE_RULE
  FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_NAME IN ('FK_Orders_Customers', 'FK Lines Order') ORDER BY CONSTRAINT_NAME")" \
   "$(printf '%s\n' $'FkShop\tFK Lines Order\tFkShop\tfkorders_pkey\tSIMPLE\tNO ACTION\tNO ACTION' \
      $'FkShop\tFK_Orders_Customers\tFkShop\tPK_FkCustomers\tSIMPLE\tNO ACTION\tCASCADE')" \
   "INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS: the referenced key (an unnamed key keeps the backend's name) and the rules"
is "$(mssql "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'FkShop' AND CONSTRAINT_TYPE = 'FOREIGN KEY'")" "4" \
   "INFORMATION_SCHEMA.TABLE_CONSTRAINTS lists the four foreign keys"

# They are enforced as SQL Server enforces them.
mssql "INSERT INTO FkShop.FkCustomers VALUES ('EU', 1, N'a')" >/dev/null
mssql "INSERT INTO FkShop.FkOrders VALUES (10, 'EU', 1, 'O-10')" >/dev/null
like "$(mssql_err "INSERT INTO FkShop.FkOrders VALUES (11, 'US', 1, 'O-11')")" \
   "547.*The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_Orders_Customers\"\. The conflict occurred in database \"testdb\", table \"fkshop.fkcustomers\", column 'region, custno'" \
   "a row without its parent: error 547"
mssql "INSERT INTO FkShop.[Fk Lines] VALUES (10, 1, 'O-10')" >/dev/null
like "$(mssql_err "DELETE FROM FkShop.FkOrders WHERE Id = 10")" "547.*The DELETE statement conflicted with the REFERENCE constraint" \
   "deleting a referenced row: error 547 (REFERENCE)"
mssql "INSERT INTO FkShop.FkNodes VALUES (1, NULL)" >/dev/null
mssql "INSERT INTO FkShop.FkNodes VALUES (2, 1)" >/dev/null
like "$(mssql_err "INSERT INTO FkShop.FkNodes VALUES (3, 7)")" "547" "the self-reference is enforced"
is "$(mssql "DELETE FROM FkShop.[Fk Lines]; DELETE FROM FkShop.FkCustomers; SELECT COUNT(*) FROM FkShop.FkOrders")" "0" \
   "ON DELETE CASCADE removes the customer's orders"
like "$(mssql_err "DROP TABLE FkShop.FkOrders")" "3726.*Could not drop object 'FkShop.FkOrders' because it is referenced by a FOREIGN KEY constraint" \
   "DROP TABLE of a referenced table: error 3726"
like "$(mssql_err "DROP SCHEMA FkShop")" "3729.*Cannot drop schema 'FkShop'" "DROP SCHEMA with tables in it: error 3729"
like "$(mssql_err "CREATE TABLE NoSuchSchema.T (a int)")" '2760.*The specified schema name "nosuchschema" either does not exist' \
   "CREATE TABLE in an unknown schema: error 2760"
like "$(mssql_err "CREATE TABLE FkShop.Bad (a int REFERENCES FkShop.FkOrders (Id) ON DELETE EXPLODE)")" "Incorrect syntax near 'EXPLODE'" \
   "an unknown referential action is a syntax error"
for t in "[Fk Lines]" FkOrders FkNodes FkCustomers; do mssql "DROP TABLE FkShop.$t" >/dev/null; done
is "$(mssql_err "DROP SCHEMA FkShop")" "" "DROP SCHEMA of an empty schema"
is "$(mssql "SELECT COUNT(*) FROM sys.schemas WHERE name = 'FkShop'")" "0" "the schema is gone"
like "$(mssql_err "DROP SCHEMA FkShop")" "3701.*Cannot drop the schema 'FkShop', because it does not exist" \
   "DROP SCHEMA of an unknown schema: error 3701"
is "$(mssql_err "DROP SCHEMA IF EXISTS FkShop")" "" "DROP SCHEMA IF EXISTS of an unknown schema is silent"
done_testing
